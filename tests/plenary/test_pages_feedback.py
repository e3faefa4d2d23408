"""What the pages say after an action, through HTTP: a success message once, on the next
page, from a cookie nobody can forge; a refusal inside the form, in the page's layout,
with what was typed; irreversible actions confirmed first; what Rev.N did."""

from __future__ import annotations

import base64
import html
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from drafting import amendments, labels, revisions
from drafting.db import utcnow
from drafting.models import Amendment
from plenary.feedback import FLASH_COOKIE
from tests.factories import CHAIR, drafter, make_journal, paragraph
from tests.plenary.conftest import csrf_of
from workflow import silence
from workflow.models import Decision

WORD_PASTE = "\x07"  # Word ends each table cell with a bell character: pasted, it stays


@pytest.fixture
def italy(demo_client):
    return demo_client("drafter.it")


@pytest.fixture
def chair(demo_client):
    return demo_client("chair")


def pending_count(session, draft) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Amendment).where(
        Amendment.draft_id == draft.id))


def propose(client, draft, op, text: str, **extra):
    page = client.get(f"/drafts/{draft.id}")
    return client.post(f"/drafts/{draft.id}/amendments", data={
        "csrf": csrf_of(page), "form": f"propose-{op.key}", "paragraph": op.key,
        "base_revision": "0", "action": "modify", "text": text, **extra})


def test_a_success_message_is_shown_once_on_the_next_page(italy, energy, session):
    op3 = paragraph(session, energy, "OP3")
    done = propose(italy, energy, op3, op3.text.replace("take part in", "join"))
    assert done.status_code == 303 and FLASH_COOKIE in done.cookies
    assert "proposed" not in done.headers["location"]  # the message is never in the URL
    cookie = done.headers["set-cookie"].lower()
    assert all(part in cookie for part in ("httponly", "samesite=lax", "path=/", "max-age=60"))
    newest = session.scalar(select(Amendment).order_by(Amendment.id.desc()))
    said = f"{labels.amendment_label(newest.id, 'OP3', 'Italy')} proposed"

    shown = italy.get(done.headers["location"])
    assert f'<div class="flash" role="status">\n  <p>{said}</p>' in shown.text
    assert f"<title>{energy.symbol} · Plenary</title>" in shown.text
    assert FLASH_COOKIE in shown.headers["set-cookie"]  # cleared …
    assert said not in italy.get(done.headers["location"]).text  # once only
    assert said not in italy.get("/").text


def test_a_tampered_or_borrowed_flash_cookie_shows_nothing(italy, demo_client, energy,
                                                          session):
    op3 = paragraph(session, energy, "OP3")
    done = propose(italy, energy, op3, op3.text.replace("take part in", "join"))
    real = done.cookies[FLASH_COOKIE]
    payload, _, signature = real.partition(".")
    forged = base64.urlsafe_b64encode(b"Your account is suspended").decode().rstrip("=")

    italy.cookies.set(FLASH_COOKIE, f"{forged}.{signature}")
    assert "suspended" not in italy.get("/").text
    italy.cookies.set(FLASH_COOKIE, f"{payload}.{'0' * 64}")
    assert "proposed" not in italy.get("/").text
    chair = demo_client("chair")  # another session: the cookie is bound to Italy's
    chair.cookies.set(FLASH_COOKIE, real)
    assert "proposed" not in chair.get("/").text
    italy.cookies.set(FLASH_COOKIE, real)
    assert "proposed" in italy.get("/").text  # the genuine one, in its own session


def test_a_refused_amendment_answers_in_the_draft_page_with_the_typed_text(
        italy, energy, session):
    op3 = paragraph(session, energy, "OP3")
    before = pending_count(session, energy)
    typed = op3.text.replace("take part in", f"participate{WORD_PASTE} in")
    refused = propose(italy, energy, op3, typed, rationale="Shorter & clearer")

    assert refused.status_code == 422
    page = refused.text
    assert f"<title>{energy.symbol} · Plenary</title>" in page  # the draft page's layout
    assert 'class="error-summary" role="alert"' in page
    message = "the text contains control characters; paste it as plain text"
    assert f'<p class="error form-error" id="propose-{op3.key}-error">{message}</p>' in page
    assert (f'<textarea id="text-{op3.key}" name="text" rows="4" maxlength="10000" '
            f'aria-invalid="true" aria-describedby="propose-{op3.key}-error">'
            f'{html.escape(typed)}</textarea>') in page
    assert 'value="Shorter &amp; clearer"' in page
    assert page.count("aria-invalid") == 1  # only the form that was sent
    assert f'<a href="#propose-{op3.key}-error">' in page
    assert pending_count(session, energy) == before  # nothing saved


def test_a_conflicting_revision_answers_in_its_form_with_the_compromise_edit_kept(
        chair, energy, session):
    op3 = paragraph(session, energy, "OP3")
    page = chair.get(f"/drafts/{energy.id}?edit={op3.key}")
    revisions.issue_revision(session, CHAIR, energy, incorporate=[])  # meanwhile: Rev.1
    session.commit()
    typed = f"{op3.text} Within a month."
    refused = chair.post(f"/drafts/{energy.id}/revisions", headers={
        "referer": f"http://testserver/drafts/{energy.id}?edit={op3.key}"}, data={
        "csrf": csrf_of(page), "form": "revise", "base_revision": "0",
        "edit_paragraph": op3.key, "edit_text": typed, "confirm": "yes"})

    assert refused.status_code == 409
    message = "MC.DD/3/26/Rev.1 has been issued since revision 0; reload and try again"
    assert f'<p class="error form-error" id="revise-error">{message}</p>' in refused.text
    assert f'maxlength="10000">{html.escape(typed)}</textarea>' in refused.text
    assert "Issue MC.DD/3/26/Rev.2" in refused.text  # the page re-read: Rev.1 is out


def test_a_refusal_without_a_page_to_return_to_is_the_error_page(italy, energy, session):
    page = italy.get(f"/drafts/{energy.id}")
    russian = next(a for a in amendments.list_amendments(session, energy)
                   if a.delegation.name == "Russian Federation")
    refused = italy.post(f"/amendments/{russian.id}/withdraw", data={
        "csrf": csrf_of(page), "back": "/nowhere", "confirm": "yes"})
    assert refused.status_code == 403 and "<h1>403</h1>" in refused.text


def test_a_form_without_its_csrf_token_still_gets_the_error_page(italy, energy, session):
    op3 = paragraph(session, energy, "OP3")
    refused = italy.post(f"/drafts/{energy.id}/amendments", data={
        "form": f"propose-{op3.key}", "paragraph": op3.key, "base_revision": "0",
        "action": "modify", "text": "x"})
    assert refused.status_code == 403 and "<h1>403</h1>" in refused.text
    assert "the form has expired" in refused.text


def test_withdrawing_an_amendment_asks_first_and_an_unconfirmed_post_changes_nothing(
        italy, energy, session):
    mine = amendments.propose(session, drafter(session, "Italy"), energy,
                              paragraph_key=paragraph(session, energy, "OP3").key,
                              action="delete")
    session.commit()
    name = labels.amendment_label(mine.id, "OP3", "Italy")
    page = italy.get(f"/amendments/{mine.id}")
    asked = italy.post(f"/amendments/{mine.id}/withdraw", data={
        "csrf": csrf_of(page), "form": f"withdraw-{mine.id}"})

    assert asked.status_code == 200
    assert f"<h1>Withdraw {name}?</h1>" in asked.text
    assert "This cannot be undone:</strong> a withdrawn amendment cannot be submitted" \
        in asked.text
    assert '<input type="hidden" name="confirm" value="yes">' in asked.text
    assert f'<input type="hidden" name="form" value="withdraw-{mine.id}">' in asked.text
    assert f'<a href="/amendments/{mine.id}" class="cancel">Cancel</a>' in asked.text
    session.expire_all()
    assert mine.status == "submitted"

    confirmed = italy.post(f"/amendments/{mine.id}/withdraw", data={
        "csrf": csrf_of(asked), "form": f"withdraw-{mine.id}", "confirm": "yes"})
    assert confirmed.status_code == 303
    session.expire_all()
    assert mine.status == "withdrawn"
    assert f"{name} withdrawn" in italy.get(confirmed.headers["location"]).text

    assert f'<input type="hidden" name="back" value="/amendments/{mine.id}">' in asked.text
    twice = italy.post(f"/amendments/{mine.id}/withdraw", data={
        "csrf": csrf_of(asked), "form": f"withdraw-{mine.id}", "confirm": "yes",
        "back": f"/amendments/{mine.id}"})  # the confirmation page, sent again
    assert twice.status_code == 409 and f"<title>{name} · Plenary</title>" in twice.text
    assert "withdrawn" in twice.text


def test_an_action_that_would_be_refused_is_refused_before_any_confirmation(
        chair, energy, session):
    usa = next(a for a in amendments.list_amendments(session, energy)
               if a.delegation.name == "United States of America")
    page = chair.get(f"/drafts/{energy.id}")
    refused = chair.post(f"/amendments/{usa.id}/reject", data={
        "csrf": csrf_of(page), "form": f"reject-{usa.id}", "reason": " ",
        "back": f"/drafts/{energy.id}#amendment-{usa.id}"})
    assert refused.status_code == 422
    assert "give a reason for the rejection" in refused.text and "Cancel" not in refused.text
    assert '<details class="inline-details" open><summary>Reject' in refused.text
    session.expire_all()
    assert usa.status == "submitted"


def test_the_decision_page_issues_after_the_statements_and_asks_first(demo_client, session):
    decision = session.scalar(select(Decision).where(Decision.symbol == "MC.DEC/7/17"))
    secretariat = demo_client("secretariat")
    page = secretariat.get(f"/decisions/{decision.id}")
    text = page.text
    assert text.index("Register a statement") < text.index("Issue the decision document")
    assert text.index('id="statement-') < text.index("Issue the decision document")
    asked = secretariat.post(f"/decisions/{decision.id}/issue", data={"csrf": csrf_of(page)})
    assert asked.status_code == 200
    assert "statements are closed: none can be registered, confirmed or withdrawn" in asked.text
    session.expire_all()
    assert decision.issued_at is None
    done = secretariat.post(f"/decisions/{decision.id}/issue",
                            data={"csrf": csrf_of(page), "confirm": "yes"})
    assert done.status_code == 303
    shown = secretariat.get(done.headers["location"]).text
    assert "The decision document of MC.DEC/7/17 is issued: statements are closed" in shown


def test_the_revision_message_names_what_was_incorporated_rebased_and_flagged(
        chair, energy, session):
    op2 = paragraph(session, energy, "OP2")
    russian = next(a for a in amendments.list_amendments(session, energy)
                   if a.delegation.name == "Russian Federation")
    clash = amendments.propose(session, drafter(session, "Italy"), energy,
                               paragraph_key=op2.key, action="modify",
                               text=op2.text.replace("within existing resources", "at once"))
    session.commit()
    page = chair.get(f"/drafts/{energy.id}")
    done = chair.post(f"/drafts/{energy.id}/revisions", data={
        "csrf": csrf_of(page), "form": "revise", "base_revision": "0",
        "incorporate": str(russian.id), "confirm": "yes"})
    assert done.status_code == 303
    session.expire_all()
    carried = sorted(a.id for a in amendments.list_amendments(session, energy)
                     if a.base_revision == 1 and a.status in ("submitted", "accepted"))
    assert clash.status == "needs_rebase" and 2 <= len(carried) <= 10

    shown = chair.get(done.headers["location"]).text
    names = ", ".join(map(str, carried[:-1])) + f" and {carried[-1]}"
    assert (f'<p>MC.DD/3/26/Rev.1 issued: incorporated amendment {russian.id}; rebased {names}; '
            f'flagged {clash.id} as conflicting, to be rewritten</p>') in shown


def test_a_replayed_form_post_sets_no_message_again(italy, energy, session):
    op3 = paragraph(session, energy, "OP3")
    page = italy.get(f"/drafts/{energy.id}")
    data = {"csrf": csrf_of(page), "paragraph": op3.key, "base_revision": "0",
            "action": "modify", "text": op3.text.replace("take part in", "join")}
    first = italy.post(f"/drafts/{energy.id}/amendments", data=data,
                       headers={"Idempotency-Key": "feedback-1"})
    assert first.status_code == 303 and FLASH_COOKIE in first.cookies
    italy.get(first.headers["location"])  # the message is read and cleared
    again = italy.post(f"/drafts/{energy.id}/amendments", data=data,
                       headers={"Idempotency-Key": "feedback-1"})
    assert again.headers["idempotent-replayed"] == "true"
    assert FLASH_COOKIE not in again.cookies
    assert "proposed" not in italy.get(again.headers["location"]).text


def test_breaking_silence_unconfirmed_changes_nothing_and_keeps_the_objection(
        demo_client, energy, session):
    silence.start(session, CHAIR, energy, utcnow() + timedelta(hours=3))
    session.commit()
    russia = demo_client("drafter.ru")
    page = russia.get(f"/drafts/{energy.id}")
    asked = russia.post(f"/drafts/{energy.id}/silence/break", data={
        "csrf": csrf_of(page), "form": "break-silence", "kind": "objection",
        "reason": "OP2 is not agreed"})
    assert asked.status_code == 200 and "<h1>Break silence on MC.DD/3/26?</h1>" in asked.text
    assert "Russian Federation breaks silence with its written objection" in asked.text
    assert '<input type="hidden" name="reason" value="OP2 is not agreed">' in asked.text
    session.expire_all()
    assert energy.state == "under_silence"

    refused = russia.post(f"/drafts/{energy.id}/silence/break", data={
        "csrf": csrf_of(page), "form": "break-silence", "kind": "amendment",
        "paragraph": "no-such-paragraph", "text": "My wording", "confirm": "yes"})
    assert refused.status_code == 422
    assert '<p class="error form-error" id="break-silence-error">' in refused.text
    assert 'value="amendment" checked' in refused.text and ">My wording</textarea>" in refused.text
    assert '<details class="propose" open><summary>Break silence' in refused.text

    done = russia.post(f"/drafts/{energy.id}/silence/break", data={
        "csrf": csrf_of(page), "kind": "objection", "reason": "OP2 is not agreed",
        "confirm": "yes"})
    assert done.status_code == 303
    assert ("Silence on MC.DD/3/26 is broken by Russian Federation: negotiation resumes"
            in russia.get(done.headers["location"]).text)


def test_a_journal_form_refused_keeps_what_was_typed(demo_client, session):
    journal = make_journal(session, number=40, day=date(2026, 11, 30))
    session.commit()
    desk = demo_client("secretariat")
    page = desk.get(f"/journals/{journal.id}")
    refused = desk.post(f"/journals/{journal.id}/agenda", data={
        "csrf": csrf_of(page), "form": "agenda", "number": "seven",
        "title": "Adoption of the decisions"})
    assert refused.status_code == 422
    assert ('<p class="error form-error" id="agenda-error">the agenda item&#39;s number must be '
            'a whole number</p>') in refused.text
    assert 'value="seven" required aria-invalid="true" aria-describedby="agenda-error"' \
        in refused.text
    assert 'value="Adoption of the decisions"' in refused.text
    done = desk.post(f"/journals/{journal.id}/agenda", data={
        "csrf": csrf_of(page), "form": "agenda", "number": "7",
        "title": "Adoption of the decisions"})
    assert done.status_code == 303
    assert "agenda item 7 is added" in desk.get(done.headers["location"]).text


def test_a_refused_statement_keeps_its_text_and_choices(demo_client, session):
    decision = session.scalar(select(Decision).where(Decision.symbol == "MC.DEC/7/17"))
    russia = demo_client("drafter.ru")
    page = russia.get(f"/decisions/{decision.id}")
    refused = russia.post(f"/decisions/{decision.id}/statements", data={
        "csrf": csrf_of(page), "form": "statement", "delegation": "Russian Federation",
        "kind": "formal_reservation", "original_language": "Klingon",
        "also_on_behalf_of": ["Belarus"], "text": "We read OP2 as follows."})
    assert refused.status_code == 422
    assert '<p class="error form-error" id="statement-error">unknown original language' \
        in refused.text
    assert '<option value="formal_reservation" selected>' in refused.text
    assert 'value="Belarus" checked' in refused.text
    assert ">We read OP2 as follows.</textarea>" in refused.text
