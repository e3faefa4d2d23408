"""The statement forms of a decision's page and the groups' page, through signed-in
browsers of the demo: each form works without JavaScript, and each user is offered only
the actions the rules permit."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.factories import make_user
from tests.plenary.conftest import csrf_of
from workflow.models import Decision, GroupPresidency, Statement

TEXT = "We join consensus.\n\nThis is our reading of it."


@pytest.fixture
def decision(session, demo_loaded):
    return session.scalar(select(Decision).where(Decision.symbol == "MC.DEC/7/17"))


@pytest.fixture
def ru(demo_client):
    return demo_client("drafter.ru")


@pytest.fixture
def by(demo_client):
    return demo_client("drafter.by")


def register(browser, decision, **fields):
    page = browser.get(f"/decisions/{decision.id}")
    data = {"csrf": csrf_of(page), "delegation": "Russian Federation",
            "kind": "formal_reservation", "original_language": "RUSSIAN", "text": TEXT} | fields
    return browser.post(f"/decisions/{decision.id}/statements", data=data)


def post(browser, decision, path: str, **fields):
    page = browser.get(f"/decisions/{decision.id}")
    return browser.post(path, data={"csrf": csrf_of(page), **fields})


def newest(session) -> Statement:
    session.expire_all()
    return session.scalar(select(Statement).order_by(Statement.id.desc()))


def cosigner(name: str, answer: str) -> re.Pattern:
    """A named delegation's line on a decision's page, with its answer."""
    return re.compile(rf'<li>{name}: <span class="cosigner-\w+">{answer}</span>')


def test_the_form_offers_also_on_behalf_of_and_a_group(ru, decision):
    page = ru.get(f"/decisions/{decision.id}").text
    assert '<select id="group" name="group"' in page
    assert "<option>European Union</option>" in page
    assert re.search(r'<input type="checkbox" id="also-\d+" name="also_on_behalf_of" '
                     r'value="Belarus">', page)
    assert 'value="Russian Federation">' not in page  # not on behalf of itself


def test_named_delegations_confirm_before_it_appears(ru, by, demo_client, session, decision):
    response = register(ru, decision, also_on_behalf_of=["Belarus"])
    statement = newest(session)
    assert response.status_code == 303
    assert response.headers["location"] == f"/decisions/{decision.id}#statement-{statement.id}"
    assert (statement.status, statement.position) == ("awaiting", None)

    own = ru.get(f"/decisions/{decision.id}").text
    assert "Awaiting confirmation" in own and "This is our reading of it." in own
    assert cosigner("Belarus", "awaiting its confirmation").search(own)
    assert f'action="/statements/{statement.id}/withdraw"' in own
    assert f'action="/statements/{statement.id}/confirm"' not in own
    assert "Attachment 2" not in own and "FORMAL RESERVATION UNDER" not in own
    for name in ("drafter.it", "secretariat", "chair"):
        other = demo_client(name).get(f"/decisions/{decision.id}").text
        assert "This is our reading of it." not in other and "Awaiting confirmation" not in other
    journal = ru.get(f"/journals/{decision.agenda_item.journal_id}").text
    assert "formal reservation" not in journal

    named = by.get(f"/decisions/{decision.id}").text
    assert "Confirm: it also speaks for Belarus" in named and "Decline" in named
    assert f'action="/statements/{statement.id}/withdraw"' not in named
    confirmed = post(by, decision, f"/statements/{statement.id}/confirm")
    assert confirmed.status_code == 303
    shown = by.get(f"/decisions/{decision.id}").text
    assert "Attachment 2" in shown and "FORMAL RESERVATION UNDER" in shown
    assert "(also on behalf of Belarus):" in shown and "Awaiting confirmation" not in shown
    journal = ru.get(f"/journals/{decision.agenda_item.journal_id}").text
    assert "Russian Federation (formal reservation, see" in journal


def test_a_decline_returns_it_and_its_author_resubmits_alone(ru, by, session, decision):
    register(ru, decision, also_on_behalf_of=["Belarus", "Italy"])
    statement = newest(session)
    declined = post(by, decision, f"/statements/{statement.id}/decline", reason="Not ours.")
    assert declined.status_code == 303 and newest(session).status == "returned"
    page = ru.get(f"/decisions/{decision.id}").text
    assert "returned to its author" in page
    assert cosigner("Belarus", "declined").search(page)
    assert cosigner("Italy", "awaiting its confirmation").search(page)
    assert f'action="/statements/{statement.id}/resubmit"' in page
    italy_ticked = re.search(rf'id="resubmit-{statement.id}-\d+" name="also_on_behalf_of" '
                             r'value="Italy" checked>', page)
    assert italy_ticked, "the delegations that did not decline stay ticked"
    assert "Confirm:" not in by.get(f"/decisions/{decision.id}").text  # nothing left to answer
    resubmitted = post(ru, decision, f"/statements/{statement.id}/resubmit")
    assert resubmitted.status_code == 303
    assert (newest(session).status, newest(session).position) == ("registered", 2)


def test_a_drafter_cannot_speak_for_another_delegation(ru, session, decision):
    refused = register(ru, decision, delegation="Italy")
    assert refused.status_code == 403 and "not for Italy" in refused.text
    assert newest(session).delegation.name == "Russian Federation"  # the demo's, still alone


def test_the_secretariat_records_an_eu_statement_through_the_presidency(demo_client, session,
                                                                          decision):
    secretariat = demo_client("secretariat")
    austria = register(secretariat, decision, delegation="Austria", group="European Union",
                       original_language="ENGLISH")
    assert austria.status_code == 403
    assert ("the presidency of the European Union on 8 December 2017 is held by Estonia"
            in austria.text)
    estonia = register(secretariat, decision, delegation="Estonia", group="European Union",
                       original_language="ENGLISH")
    assert estonia.status_code == 303 and newest(session).position == 2
    assert "in its capacity as EU Presidency" in secretariat.get(f"/decisions/{decision.id}").text


def test_the_secretariat_withdraws_a_statement_registered_in_error(demo_client, ru, session,
                                                                   decision):
    secretariat = demo_client("secretariat")
    register(secretariat, decision, delegation="Italy", original_language="ITALIAN")
    first, second = decision.statements
    page = secretariat.get(f"/decisions/{decision.id}").text
    assert "Withdraw attachment 1 (registered in error)" in page
    assert "This cannot be undone" in page and "onsubmit" not in page
    assert "Withdraw attachment" not in ru.get(f"/decisions/{decision.id}").text

    no_reason = post(secretariat, decision, f"/statements/{first.id}/withdraw", reason=" ")
    assert no_reason.status_code == 422 and "give the reason" in no_reason.text
    done = post(secretariat, decision, f"/statements/{first.id}/withdraw",
                reason="Registered twice.", confirm="yes")
    assert done.status_code == 303
    shown = secretariat.get(f"/decisions/{decision.id}").text
    assert "By the delegation of the Russian Federation:" not in shown
    assert "By the delegation of Italy:" in shown and "Attachment 2" not in shown
    assert "Withdraw attachment 1 (registered in error)" in shown  # Italy's, now number 1

    issued = post(secretariat, decision, f"/decisions/{decision.id}/issue", confirm="yes")
    assert issued.status_code == 303
    assert "Withdraw attachment" not in secretariat.get(f"/decisions/{decision.id}").text


def test_the_secretariat_is_told_why_it_cannot_issue_yet(demo_client, ru, decision):
    register(ru, decision, also_on_behalf_of=["Belarus"])
    page = demo_client("secretariat").get(f"/decisions/{decision.id}").text
    assert "1 statement awaits confirmation by the delegations named in it" in page
    assert "Issue the decision document" not in page


def test_the_groups_page(demo_client, session):
    secretariat, drafter = demo_client("secretariat"), demo_client("drafter.it")
    page = secretariat.get("/groups")
    assert page.status_code == 200
    assert "<tr><td>Estonia</td><td>1 July 2017</td><td>31 December 2017</td></tr>" in page.text
    assert "Record a presidency" in page.text and '<a href="/groups">Groups</a>' in page.text
    drafter_page = drafter.get("/groups")
    listed = drafter_page.text
    assert "Estonia" in listed and "Record a presidency" not in listed
    assert '<a href="/groups">Groups</a>' not in drafter.get("/").text

    form = {"csrf": csrf_of(page), "group": "European Union", "delegation": "Poland",
            "from": "2025-01-01", "until": "2025-06-30"}
    assert secretariat.post("/groups", data=form).status_code == 303
    assert "<tr><td>Poland</td><td>1 January 2025</td>" in secretariat.get("/groups").text
    overlap = secretariat.post("/groups", data=form | {"delegation": "Denmark"})
    assert overlap.status_code == 409 and "held by Poland" in overlap.text
    bad = secretariat.post("/groups", data=form | {"from": "soon"})
    assert bad.status_code == 422 and "give the first day as a date" in bad.text
    refused = drafter.post("/groups", data=form | {"csrf": csrf_of(drafter_page)})
    assert refused.status_code == 403
    assert len(session.scalars(select(GroupPresidency)).all()) == 4  # the demo's three, Poland


def test_statement_forms_need_their_csrf_token(ru, by, session, decision):
    register(ru, decision, also_on_behalf_of=["Belarus"])
    statement = newest(session)
    assert by.post(f"/statements/{statement.id}/confirm", data={}).status_code == 403
    assert newest(session).status == "awaiting"


def test_an_estonian_drafter_delivers_the_unions_statement(make_client, sign_in, session,
                                                            decision):
    make_user(session, delegation="Estonia", email="drafter.ee@test.plenary")
    session.commit()
    estonia = make_client()
    assert sign_in(estonia, "drafter.ee@test.plenary", "correct horse battery").status_code == 303
    response = register(estonia, decision, delegation="Estonia", group="European Union",
                        original_language="ENGLISH")
    assert response.status_code == 303
    assert (newest(session).group, newest(session).position) == ("the European Union", 2)


def test_the_form_shows_who_holds_the_presidency_on_the_day_of_adoption(ru, session,
                                                                        decision):
    page = ru.get(f"/decisions/{decision.id}").text
    assert ("On 8 December 2017, the day of adoption, the presidency of the European Union is "
            "held by <strong>Estonia</strong>") in page
    assert 'aria-describedby="group-hint"' in page and '<div id="group-hint">' in page

    estonia = session.scalar(select(GroupPresidency).where(
        GroupPresidency.starts_on <= decision.adopted_on,
        GroupPresidency.ends_on >= decision.adopted_on))
    session.delete(estonia)
    session.commit()
    page = ru.get(f"/decisions/{decision.id}").text
    assert ("No presidency of the European Union is recorded for 8 December 2017, the day of "
            "adoption") in page


def test_each_named_delegation_answers_and_the_page_shows_it(ru, by, demo_client, session,
                                                              decision):
    register(ru, decision, also_on_behalf_of=["Belarus", "Italy"])
    statement = newest(session)
    own = ru.get(f"/decisions/{decision.id}").text
    assert cosigner("Belarus", "awaiting its confirmation").search(own)
    assert cosigner("Italy", "awaiting its confirmation").search(own)

    assert post(by, decision, f"/statements/{statement.id}/confirm").status_code == 303
    for page in (ru.get(f"/decisions/{decision.id}").text,
                 by.get(f"/decisions/{decision.id}").text):
        assert cosigner("Belarus", "confirmed").search(page)
        assert cosigner("Italy", "awaiting its confirmation").search(page)
    assert "Confirm:" not in by.get(f"/decisions/{decision.id}").text  # answered already

    italy = demo_client("drafter.it")
    named = italy.get(f"/decisions/{decision.id}").text
    assert "Confirm: it also speaks for Italy" in named
    assert "Decline: it does not speak for Italy" in named
    assert post(italy, decision, f"/statements/{statement.id}/confirm").status_code == 303
    assert (newest(session).status, newest(session).position) == ("registered", 2)

    shown = demo_client("observer").get(f"/decisions/{decision.id}").text
    assert "(also on behalf of Belarus and Italy):" in shown
    assert cosigner("Belarus", "confirmed").search(shown)
    assert cosigner("Italy", "confirmed").search(shown)
    assert "Awaiting confirmation" not in shown


def test_a_statement_recorded_as_delivered_shows_so(demo_client, session, decision):
    secretariat = demo_client("secretariat")
    recorded = register(secretariat, decision, delegation="Italy", original_language="ITALIAN",
                        also_on_behalf_of=["Austria", "Italy"])  # the author itself: once
    assert recorded.status_code == 303
    assert (newest(session).status, newest(session).position) == ("registered", 2)
    assert [c.delegation.name for c in newest(session).cosigners] == ["Austria"]
    shown = demo_client("drafter.ru").get(f"/decisions/{decision.id}").text
    assert "By the delegation of Italy (also on behalf of Austria):" in shown
    assert cosigner("Austria", "recorded as delivered").search(shown)


def refusals():
    """(fields of the form, status, what the message says) a drafter of the Russian
    Federation is refused."""
    return [
        ({"also_on_behalf_of": ["Belarus", "Atlantis"]}, 422,
         "unknown delegation under &#34;also on behalf of&#34;: &#39;Atlantis&#39; is not a "
         "participating State"),
        ({"group": "European Union", "also_on_behalf_of": ["Belarus"]}, 422,
         "a statement delivered for a group is not also made on behalf of States"),
        ({"group": "Atlantic Union"}, 422, "unknown group &#39;Atlantic Union&#39;"),
        ({"group": "European Union"}, 403,
         "the presidency of the European Union on 8 December 2017 is held by Estonia"),
        ({"delegation": "Italy", "also_on_behalf_of": ["Belarus"]}, 403, "not for Italy"),
        ({"text": " \n\n "}, 422, "the statement has no text"),
        ({"kind": "speech"}, 422, "unknown kind &#39;speech&#39;"),
        ({"original_language": "Latin"}, 422, "unknown original language &#39;LATIN&#39;"),
        ({"also_on_behalf_of": ["Belarus"]}, 409, "has this text already (awaiting"),
    ]


@pytest.mark.parametrize("fields, status, message", refusals())
def test_a_refused_statement_says_why_and_loses_nothing(ru, session, decision, fields, status,
                                                        message):
    register(ru, decision, also_on_behalf_of=["Belarus"])  # saved before the refusal
    saved = [(s.id, s.status, s.position, s.text, [(c.delegation.name, c.status)
                                                   for c in s.cosigners])
             for s in decision.all_statements]
    refused = register(ru, decision, **fields)
    assert refused.status_code == status
    assert 'class="error-summary" role="alert"' in refused.text and message in refused.text
    session.expire_all()
    assert [(s.id, s.status, s.position, s.text, [(c.delegation.name, c.status)
                                                  for c in s.cosigners])
            for s in decision.all_statements] == saved


def test_the_eu_statement_needs_a_presidency_on_the_day(demo_client, session, decision):
    estonia = session.scalar(select(GroupPresidency).where(
        GroupPresidency.starts_on <= decision.adopted_on,
        GroupPresidency.ends_on >= decision.adopted_on))
    session.delete(estonia)
    session.commit()
    refused = register(demo_client("secretariat"), decision, delegation="Estonia",
                       group="European Union", original_language="ENGLISH")
    assert refused.status_code == 403
    assert "no presidency of the European Union is recorded for 8 December 2017" in refused.text
    assert [s.delegation.name for s in decision.all_statements] == ["Russian Federation"]


def test_only_a_named_delegation_answers_and_only_once(ru, by, demo_client, session, decision):
    register(ru, decision, also_on_behalf_of=["Belarus", "Italy"])
    statement = newest(session)
    unnamed = post(demo_client("drafter.us"), decision, f"/statements/{statement.id}/confirm")
    assert unnamed.status_code == 404 and f"there is no statement {statement.id}" in unnamed.text
    own = post(ru, decision, f"/statements/{statement.id}/confirm")
    assert own.status_code == 403 and "does not name your delegation" in own.text
    assert post(by, decision, f"/statements/{statement.id}/confirm").status_code == 303
    again = post(by, decision, f"/statements/{statement.id}/decline", reason="Changed our mind")
    assert again.status_code == 409 and "your delegation has confirmed" in again.text
    session.expire_all()
    assert [(c.delegation.name, c.status) for c in newest(session).cosigners] == [
        ("Belarus", "confirmed"), ("Italy", "pending")]
