"""An amendment's discussion: the thread shown on the amendment's page a page at a time,
the comment and reply form, and the Chair's mark of a reply as a compromise proposal."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from drafting import amendments, discussion
from plenary import accounts, paging
from plenary.feedback import Done
from plenary.pages.common import back_address, form_action, whole_number
from plenary.routing import Route

DISCUSSION_PAGE = 20  # top-level comments (each with its replies) on an amendment's page


def discussion_panel(request: Request, session, user, amendment) -> dict:
    """The amendment's thread, a page of top-level comments at a time, and what the user
    may do in it."""
    actor = accounts.actor_for(user)
    limit, cursor = paging.page_request(request, discussion.ORDERING,
                                        default_limit=DISCUSSION_PAGE)
    threads = discussion.page_of_threads(session, amendment, limit=limit, cursor=cursor)
    return {"threads": threads.items,
            "thread_pages": paging.page_links(request, threads, discussion.ORDERING),
            "discussion_open": discussion.is_open(session, amendment),
            "may_comment": discussion.may_post(session, actor, amendment),
            "may_mark": discussion.may_mark(session, actor, amendment)}


async def post_comment(request: Request) -> Response:
    amendment_id = request.path_params["id"]

    def work(session, actor, form):
        reply_to = str(form.get("reply_to", "")).strip()
        comment = discussion.post(
            session, actor, amendments.get_amendment(session, amendment_id),
            str(form.get("text", "")),
            reply_to=whole_number(form, "reply_to", "the comment replied to") if reply_to
            else None)
        return Done(f"{back_address(form, f'/amendments/{amendment_id}')}#comment-{comment.id}",
                    "Your reply is posted" if comment.parent_id else "Your comment is posted")

    return await form_action(request, work, page=f"/amendments/{amendment_id}")


async def mark_compromise(request: Request) -> Response:
    comment_id = request.path_params["id"]

    def work(session, actor, form):
        comment = discussion.get_comment(session, comment_id)
        discussion.mark_compromise(session, actor, comment, form.get("compromise") == "1")
        back = back_address(form, f"/amendments/{comment.amendment_id}")
        return Done(f"{back}#comment-{comment.id}",
                    f"The comment of {comment.speaker} is "
                    + ("marked as a compromise proposal" if comment.compromise
                       else "no longer marked as a compromise proposal"))

    return await form_action(request, work)


routes = [
    Route("/amendments/{id:id}/comments", post_comment, methods=["POST"]),
    Route("/comments/{id:id}/compromise", mark_compromise, methods=["POST"]),
]
