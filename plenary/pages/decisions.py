"""A decision's pages: the decision with its statements and the forms that register them,
its document in each format, issuing it (the secretariat), and the list of decisions."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from drafting import services as drafting
from exports.build import decision_document
from exports.formats import DECISION_FORMATS, DECISION_FROM_RECORDS, prepare_decision
from plenary import accounts
from plenary.exporting import export_response
from plenary.feedback import Confirmation, Done
from plenary.pages.common import form_action, render_in_transaction, signed_in
from plenary.paging import page_links, page_request
from plenary.routing import Route
from workflow import decision_lists, statements
from workflow import services as workflow
from workflow.models import LANGUAGES, STATEMENT_KINDS


async def decision_page(request: Request) -> Response:
    decision_id = request.path_params["id"]

    def work(session):
        user = signed_in(request, session)
        decision = workflow.get_decision(session, decision_id)
        return {"user": user, "decision": decision, "doc": decision_document(session, decision),
                "formats": [*DECISION_FORMATS, *DECISION_FROM_RECORDS],
                **statement_form_context(session, user, decision)}

    return await render_in_transaction(request, "plenary/decision.html", work)


async def decision_download(request: Request) -> Response:
    decision_id, fmt = request.path_params["id"], request.path_params["fmt"]

    def prepare(session):
        actor = accounts.actor_for(signed_in(request, session))
        return actor, prepare_decision(session, workflow.get_decision(session, decision_id), fmt)

    return await export_response(request, fmt, prepare)


def statement_form_context(session, user, decision) -> dict:
    """What the statement forms offer: a drafter speaks only for its own delegation; the
    statements awaiting its delegation's answer; for each statement shown, only the
    actions the rules permit this user now; and who holds each group's presidency on the
    day of adoption, the one delegation that delivers the group's statement."""
    everyone = drafting.list_delegations(session)
    delegations = everyone
    if user.role == "drafter":
        delegations = [d for d in everyone if d.id == user.delegation_id]
    actor = accounts.actor_for(user)
    awaiting = statements.awaiting_for(session, decision, actor)
    actions = {s.id: [a for a in statements.ACTIONS if statements.permitted(actor, s, a)]
               for s in [*awaiting, *decision.statements]}
    return {"delegations": delegations, "all_delegations": everyone, "kinds": STATEMENT_KINDS,
            "languages": LANGUAGES, "groups": list(statements.GROUPS), "awaiting": awaiting,
            "presidencies": {group: statements.presidency_on(session, group, decision.adopted_on)
                             for group in statements.GROUPS},
            "cosigner_labels": statements.COSIGNER_LABELS,
            "actions": actions, "unconfirmed": len(statements.unconfirmed(decision))}


async def issue_decision(request: Request) -> Response:
    decision_id = request.path_params["id"]

    def work(session, actor, form):
        decision = workflow.get_decision(session, decision_id)
        workflow.issue(session, actor, decision)
        return Done(f"/decisions/{decision_id}", f"The decision document of {decision.symbol} "
                                                 "is issued: statements are closed")

    def asked(session, actor, form):
        decision = workflow.get_decision(session, decision_id)
        count = len(decision.statements)
        attached = f"its {count} attached statement{'s' if count != 1 else ''}"
        return Confirmation(
            f"Issue the decision document of {decision.symbol}?",
            f"{decision.symbol} is issued with {attached} as they stand now.",
            "once issued, statements are closed: none can be registered, confirmed or "
            "withdrawn afterwards.", "Issue the decision document")

    return await form_action(request, work, confirm=asked, page=f"/decisions/{decision_id}")


async def decisions_page(request: Request) -> Response:
    def work(session):
        user = signed_in(request, session)
        limit, cursor = page_request(request, decision_lists.ORDERING)
        page = decision_lists.page_of_decisions(session, limit=limit, cursor=cursor)
        return {"user": user, "decisions": page.items,
                **page_links(request, page, decision_lists.ORDERING)}

    return await render_in_transaction(request, "plenary/decisions.html", work)


routes = [
    Route("/decisions/{id:id}", decision_page, name="decision"),
    Route("/decisions/{id:id}/document.{fmt}", decision_download, name="decision_document"),
    Route("/decisions/{id:id}/issue", issue_decision, methods=["POST"]),
    Route("/decisions", decisions_page, name="decisions"),
]
