"""The statement forms of a decision's page (register one, confirm or decline one that
names your delegation, resubmit or withdraw your own, withdraw one registered in error)
and the page of the groups' presidencies.

Each form posts, is checked for its CSRF token, calls one use case and redirects (303) to
the page that shows the result. A refusal shows the use case's message with its status.
"""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import Response

from drafting import services as drafting
from drafting.errors import Invalid
from plenary.feedback import Confirmation, Done
from plenary.pages.common import form_action, render_in_transaction, signed_in
from plenary.routing import Route
from workflow import services as workflow
from workflow import statements


def named_delegations(session, form) -> list:
    """The delegations ticked under "also on behalf of"."""
    role = 'delegation under "also on behalf of"'  # the refusal names the field
    return [drafting.named_delegation(session, str(name), role)
            for name in form.getlist("also_on_behalf_of") if str(name).strip()]


async def register(request: Request) -> Response:
    decision_id = request.path_params["id"]

    def work(session, actor, form):
        statement = statements.register(
            session, actor, workflow.get_decision(session, decision_id),
            delegation=drafting.named_delegation(session, str(form.get("delegation", "")),
                                                 "delegation"),
            kind=str(form.get("kind", "")),
            original_language=str(form.get("original_language", "")),
            text=str(form.get("text", "")),
            also_on_behalf_of=named_delegations(session, form),
            group=str(form.get("group", "")).strip() or None,
        )
        return Done(statements.link(statement), _outcome(statement, "submitted"))

    return await form_action(request, work, page=f"/decisions/{decision_id}")


def _outcome(statement, done: str) -> str:
    """"The interpretative statement of the Russian Federation is registered as
    attachment 1": what became of it, in the words of the decision's page."""
    said = f"The {statement.kind.replace('_', ' ')} of {statement.delegation.name}"
    if statement.status == "registered":
        return f"{said} is registered as attachment {statement.position}"
    return f"{said} is {done}: {statements.STATUS_LABELS[statement.status]}"


DONE = {"confirm": "confirmed", "decline": "declined", "resubmit": "resubmitted",
        "withdraw": "withdrawn"}


def _statement_form(step, action: str, confirm=None):
    """A form handler for one action on a statement: `step(session, actor, statement,
    form)`; back to the statement on its decision's page."""

    async def handler(request: Request) -> Response:
        statement_id = request.path_params["id"]

        def work(session, actor, form):
            statement = statements.get_statement(session, statement_id, actor, action)
            step(session, actor, statement, form)
            return Done(statements.link(statement), _outcome(statement, DONE[action]))

        def asked(session, actor, form):
            return confirm(statements.get_statement(session, statement_id, actor, action))

        return await form_action(request, work, confirm=confirm and asked)

    return handler


def _withdrawing(statement) -> Confirmation:
    said = f"the {statement.kind.replace('_', ' ')} of {statement.delegation.name}"
    if statement.status == "registered":
        happens = (f"{said[0].upper()}{said[1:]} leaves the decision as attachment "
                   f"{statement.position}; the attachments after it are renumbered, and the "
                   "audit trail keeps both its registration and its withdrawal.")
    else:
        happens = f"{said[0].upper()}{said[1:]} is withdrawn and will not be attached."
    return Confirmation(f"Withdraw {said}?", happens,
                        "a withdrawn statement cannot be registered again; a new one can be "
                        "submitted while statements are open.", "Withdraw the statement")


def _confirm(session, actor, statement, form):
    statements.confirm(session, actor, statement)


def _decline(session, actor, statement, form):
    statements.decline(session, actor, statement, str(form.get("reason", "")))


def _resubmit(session, actor, statement, form):
    statements.resubmit(session, actor, statement, named_delegations(session, form))


def _withdraw(session, actor, statement, form):
    statements.withdraw(session, actor, statement, str(form.get("reason", "")))


def form_date(form, name: str, what: str) -> date:
    try:
        return date.fromisoformat(str(form.get(name, "")).strip())
    except ValueError as exc:
        raise Invalid(f"give {what} as a date, such as 2017-07-01") from exc


async def groups_page(request: Request) -> Response:
    def work(session):
        user = signed_in(request, session)
        return {"user": user, "groups": list(statements.GROUPS),
                "presidencies": statements.list_presidencies(session),
                "delegations": drafting.list_delegations(session)}

    return await render_in_transaction(request, "plenary/groups.html", work)


async def set_presidency(request: Request) -> Response:
    def work(session, actor, form):
        holder = drafting.named_delegation(session, str(form.get("delegation", "")),
                                           "presidency")
        starts_on = form_date(form, "from", "the first day")
        ends_on = form_date(form, "until", "the last day")
        statements.set_presidency(session, actor, group=str(form.get("group", "")),
                                  delegation=holder, starts_on=starts_on, ends_on=ends_on)
        return Done("/groups", f"{holder.name} holds the presidency of the {form.get('group')} "
                               f"from {starts_on:%d %B %Y} until {ends_on:%d %B %Y}")

    return await form_action(request, work, page="/groups")


routes = [
    Route("/decisions/{id:id}/statements", register, methods=["POST"]),
    Route("/statements/{id:id}/confirm", _statement_form(_confirm, "confirm"),
          methods=["POST"]),
    Route("/statements/{id:id}/decline", _statement_form(_decline, "decline"),
          methods=["POST"]),
    Route("/statements/{id:id}/resubmit", _statement_form(_resubmit, "resubmit"),
          methods=["POST"]),
    Route("/statements/{id:id}/withdraw",
          _statement_form(_withdraw, "withdraw", confirm=_withdrawing), methods=["POST"]),
    Route("/groups", groups_page, name="groups"),
    Route("/groups", set_presidency, methods=["POST"]),
]
