"""What was said under each agenda item, through the API: speakers, documents cited,
statements annexed, the suspensions of the meeting; moved, corrected and removed; every
refusal with its status (422 bad input, 403 another role, 404, 409 limits and conflicts)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from drafting.audit import AuditEvent
from tests.factories import SECRETARIAT, make_journal, make_user
from tests.plenary.conftest import bearer
from workflow import journal_items, journals
from workflow.models import AgendaItem, CitedDocument, JournalAnnex, JournalSpeaker

EU = ("Estonia-European Union (with the candidate countries Albania, Montenegro, North "
      "Macedonia and Serbia)")


def error(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


@pytest.fixture
def secretariat(session, token_for):
    return bearer(token_for(make_user(session, role="secretariat")))


@pytest.fixture
def chair(session, token_for):
    return bearer(token_for(make_user(session, role="chair")))


@pytest.fixture
def drafter(session, token_for):
    return bearer(token_for(make_user(session, role="drafter", delegation="Italy")))


@pytest.fixture
def journal(session):
    journal = make_journal(session, body="PC", number=1289, day=date(2020, 12, 3),
                           journal_number=1289)
    journals.add_agenda_item(session, SECRETARIAT, journal, 1, "Review of current issues")
    journals.add_agenda_item(session, SECRETARIAT, journal, 2, "Any other business")
    session.commit()
    return journal


def item_url(journal, number: int = 1) -> str:
    return f"/api/v1/journals/{journal.id}/agenda/{number}"


def names(answer: dict, number: int = 1) -> list:
    item = next(i for i in answer["agenda_items"] if i["number"] == number)
    return [(s["position"], s["name"], s["annex"]) for s in item["speakers"]]


def events(session, name: str) -> list[dict]:
    return [e.data for e in session.scalars(
        select(AuditEvent).where(AuditEvent.name == name).order_by(AuditEvent.id))]


def test_the_secretariat_records_what_was_said_and_the_journal_shows_it(
        client, session, secretariat, chair, journal):
    url = item_url(journal)
    for name in ("Chairperson", "Russian Federation", EU):
        assert client.post(f"{url}/speakers", headers=secretariat,
                           json={"name": name}).status_code == 201
    first = client.post(f"{url}/speakers", headers=chair,
                        json={"name": "  United States\nof America ", "position": 3})
    assert first.status_code == 201, first.text
    assert client.post(f"{url}/documents", headers=secretariat,
                       json={"symbol": "pc.del/1229/20"}).status_code == 201
    assert client.post(f"{url}/documents", headers=secretariat,
                       json={"symbol": "PC.DEL/1230/20/rev.1"}).status_code == 201
    annexed = client.post(f"{url}/annexes", headers=secretariat, json={
        "speaker": 2, "text": "Mr. Chairperson,\n\nThe Russian Federation\nbelieves …\n\n"})
    assert annexed.status_code == 201, annexed.text

    answer = client.get(f"/api/v1/journals/{journal.id}", headers=secretariat).json()
    item = answer["agenda_items"][0]
    assert names(answer) == [(1, "Chairperson", None), (2, "Russian Federation", 1),
                             (3, "United States of America", None), (4, EU, None)]
    assert item["documents"] == [{"position": 1, "symbol": "PC.DEL/1229/20"},
                                 {"position": 2, "symbol": "PC.DEL/1230/20/Rev.1"}]
    assert item["annexes"] == [{"number": 1, "speaker": 2, "delegation": "Russian Federation",
                                "text": "Mr. Chairperson,\n\nThe Russian Federation believes …"}]

    document = client.get(f"/api/v1/journals/{journal.id}/document", headers=chair).text
    assert (
        "Agenda item 1: REVIEW OF CURRENT ISSUES\n\n"
        "Speakers: Chairperson, Russian Federation (Annex 1), United States of America, "
        f"{EU}\nDocuments: PC.DEL/1229/20, PC.DEL/1230/20/Rev.1\n\n"
        "Agenda item 2: ANY OTHER BUSINESS\n\n"
    ) in document
    assert document.endswith(
        "Annex 1\n\nSTATEMENT BY THE DELEGATION OF THE RUSSIAN FEDERATION\n\n"
        "Mr. Chairperson,\n\nThe Russian Federation believes …\n")
    session.expire_all()
    assert [e["speaker"] for e in events(session, "journal:add_speaker")] == [
        "Chairperson", "Russian Federation", EU, "United States of America"]
    assert events(session, "journal:add_document") == [
        {"agenda_item": 1, "position": 1, "symbol": "PC.DEL/1229/20"},
        {"agenda_item": 1, "position": 2, "symbol": "PC.DEL/1230/20/Rev.1"}]
    assert events(session, "journal:add_annex") == [
        {"agenda_item": 1, "annex": 1, "speaker": "Russian Federation"}]


def test_moving_and_removing_lines_renumbers_them_and_the_annexes(
        client, session, secretariat, journal):
    for number, name in ((1, "Ukraine"), (1, "Canada"), (2, "Switzerland")):
        journal_items.add_speaker(session, SECRETARIAT, journal, number, name)
    journal_items.add_annex(session, SECRETARIAT, journal, 2, 1, "Switzerland's statement.")
    journal_items.add_annex(session, SECRETARIAT, journal, 1, 2, "Canada's statement.")
    session.commit()
    url = item_url(journal)
    assert names(client.get(f"/api/v1/journals/{journal.id}", headers=secretariat).json(),
                 2) == [(1, "Switzerland", 2)]

    moved = client.patch(f"{url}/speakers/2", headers=secretariat, json={"position": 1})
    assert names(moved.json()) == [(1, "Canada", 1), (2, "Ukraine", None)]
    renamed = client.patch(f"{url}/speakers/2", headers=secretariat, json={"name": "Ukraine "
                           "(also on behalf of Georgia)"})
    assert names(renamed.json())[1] == (2, "Ukraine (also on behalf of Georgia)", None)
    # The statement was Ukraine's, not Canada's: the annex goes to Ukraine's line.
    pointed = client.patch(f"{url}/annexes/1", headers=secretariat,
                           json={"speaker": 2, "text": "Ukraine's statement."})
    assert pointed.status_code == 200, pointed.text
    assert names(pointed.json()) == [(1, "Canada", None),
                                     (2, "Ukraine (also on behalf of Georgia)", 1)]
    assert pointed.json()["agenda_items"][0]["annexes"][0]["text"] == "Ukraine's statement."

    removed = client.delete(f"{url}/annexes/1", headers=secretariat)
    assert removed.status_code == 200
    assert names(removed.json(), 2) == [(1, "Switzerland", 1)]  # renumbered
    assert client.delete(f"{url}/speakers/1", headers=secretariat).status_code == 200
    after = client.get(f"/api/v1/journals/{journal.id}", headers=secretariat).json()
    assert names(after) == [(1, "Ukraine (also on behalf of Georgia)", None)]

    journal_items.add_document(session, SECRETARIAT, journal, 1, "MC.GAL/3/17")
    journal_items.add_document(session, SECRETARIAT, journal, 1, "CIO.GAL/151/20")
    session.commit()
    swapped = client.patch(f"{url}/documents/2", headers=secretariat,
                           json={"position": 1, "symbol": "SEC.GAL/170/20"})
    assert [d["symbol"] for d in swapped.json()["agenda_items"][0]["documents"]] == [
        "SEC.GAL/170/20", "MC.GAL/3/17"]
    gone = client.delete(f"{url}/documents/1", headers=secretariat)
    assert gone.json()["agenda_items"][0]["documents"] == [
        {"position": 1, "symbol": "MC.GAL/3/17"}]
    session.expire_all()
    assert len(events(session, "journal:change_speaker")) == 2
    assert events(session, "journal:change_annex") == [
        {"agenda_item": 1, "annex": 1, "new_annex": 1,
         "speaker": "Ukraine (also on behalf of Georgia)"}]
    assert [len(events(session, f"journal:remove_{what}")) for what in
            ("annex", "speaker", "document")] == [1, 1, 1]


def test_the_suspensions_of_the_meeting(client, secretariat, journal):
    url = f"/api/v1/journals/{journal.id}"
    answer = client.patch(url, headers=secretariat, json={
        "opened_at": "10:00", "closed_at": "18:00"}).json()
    assert answer["suspensions"] == []
    answer = client.patch(url, headers=secretariat, json={"suspensions": [
        {"suspended_at": "15:30", "resumed_at": "16:00"},
        {"suspended_at": "13:05", "resumed_at": "15:10"}]})
    assert answer.status_code == 200, answer.text
    assert answer.json()["suspensions"] == [
        {"suspended_at": "13:05", "resumed_at": "15:10"},
        {"suspended_at": "15:30", "resumed_at": "16:00"}]
    document = client.get(f"{url}/document", headers=secretariat).text
    times = ("1. Date: Thursday, 3 December 2020\n\nOpened: 10 a.m.\nSuspended: 1.05 p.m.\n"
             "Resumed: 3.10 p.m.\nSuspended: 3.30 p.m.\nResumed: 4 p.m.\nClosed: 6 p.m.\n")
    assert times in document
    early = client.patch(url, headers=secretariat, json={"closed_at": "15:00"})
    assert (early.status_code, early.json()) == (422, error(
        "invalid", "the meeting cannot close (15:00) before its last suspension or "
                   "resumption (16:00)"))
    cleared = client.patch(url, headers=secretariat, json={"suspensions": []})
    assert cleared.json()["suspensions"] == []
    # Times and suspensions sent together are checked together.
    both = client.patch(url, headers=secretariat, json={
        "opened_at": "15:00", "closed_at": "19:00",
        "suspensions": [{"suspended_at": "16:00", "resumed_at": None}]})
    assert both.status_code == 200, both.text
    assert (both.json()["opened_at"], both.json()["suspensions"]) == (
        "15:00", [{"suspended_at": "16:00", "resumed_at": None}])
    assert "Opened: 3 p.m.\nSuspended: 4 p.m.\nClosed: 7 p.m.\n" in client.get(
        f"{url}/document", headers=secretariat).text


@pytest.mark.parametrize(("suffix", "body", "message"), [
    ("speakers", {"name": " "}, "the speaker needs a name: a delegation, the Chairperson or "
                                "an organisation"),
    ("speakers", {"name": "x" * 501}, "the speaker's name is too long (at most 500 characters)"),
    ("speakers", {"name": 5}, "the field 'name' must be a string"),
    ("speakers", {"name": "Malta", "position": 3}, "a new speaker takes a position from 1 to 2"),
    ("speakers", {"name": "Malta", "colour": "red"}, "unknown field 'colour'; send name or "
                                                     "position"),
    ("speakers/1", {}, "nothing to change: send name, position or both"),
    ("speakers/1", {"position": 2}, "the speaker can move to a position from 1 to 1"),
    ("documents", {"symbol": "PC.DEL 1229"}, "PC.DEL1229 is not a document symbol; document "
     "symbols look like PC.DEL/1229/20, MC.GAL/3/17 or PC.DEC/1048/Corr.1"),
    ("documents", {"symbol": "see the Russian statement"}, "seetheRussianstatement is not a "
     "document symbol; document symbols look like PC.DEL/1229/20, MC.GAL/3/17 or "
     "PC.DEC/1048/Corr.1"),
    ("documents", {}, "the field 'symbol' is required"),
    ("annexes", {"speaker": 1, "text": "\n\n "}, "the annex needs the text of the statement"),
    ("annexes", {"speaker": 1, "text": "x" * 20_001},
     "the annex's text is too long (at most 20,000 characters)"),
    ("annexes", {"speaker": "1", "text": "Thanks."}, "the field 'speaker' must be an integer"),
])
def test_bad_input_is_422_and_changes_nothing(client, session, secretariat, journal, suffix,
                                              body, message):
    journal_items.add_speaker(session, SECRETARIAT, journal, 1, "Chairperson")
    session.commit()
    method = "PATCH" if "/" in suffix else "POST"
    response = client.request(method, f"{item_url(journal)}/{suffix}", headers=secretariat,
                              json=body)
    assert (response.status_code, response.json()) == (422, error("invalid", message))
    after = client.get(f"/api/v1/journals/{journal.id}", headers=secretariat).json()
    assert names(after) == [(1, "Chairperson", None)]
    assert after["agenda_items"][0]["documents"] == after["agenda_items"][0]["annexes"] == []


@pytest.mark.parametrize(("method", "suffix", "body"), [
    ("POST", "speakers", {"name": "Italy"}),
    ("PATCH", "speakers/1", {"name": "Italy"}),
    ("DELETE", "speakers/1", None),
    ("POST", "documents", {"symbol": "PC.DEL/1/20"}),
    ("PATCH", "documents/1", {"position": 1}),
    ("DELETE", "documents/1", None),
    ("POST", "annexes", {"speaker": 1, "text": "Our statement."}),
    ("PATCH", "annexes/1", {"text": "Our statement."}),
    ("DELETE", "annexes/1", None),
])
def test_only_the_chair_and_the_secretariat_keep_them(client, session, journal, drafter,
                                                      method, suffix, body):
    journal_items.add_speaker(session, SECRETARIAT, journal, 1, "Chairperson")
    journal_items.add_speaker(session, SECRETARIAT, journal, 1, "Italy")
    journal_items.add_document(session, SECRETARIAT, journal, 1, "PC.DEL/2/20")
    journal_items.add_annex(session, SECRETARIAT, journal, 1, 2, "Italy's statement.")
    session.commit()
    url = f"{item_url(journal)}/{suffix}"
    assert client.request(method, url, json=body).status_code == 401
    refused = client.request(method, url, json=body, headers=drafter)
    assert refused.status_code == 403
    assert refused.json()["error"]["message"].startswith("only the chair or secretariat may ")
    assert refused.json()["error"]["message"].endswith("; you are signed in as drafter")


@pytest.mark.parametrize(("method", "suffix", "body", "message"), [
    ("POST", "9/speakers", {"name": "Italy"}, "the journal has no agenda item 9"),
    ("PATCH", "1/speakers/5", {"name": "Italy"}, "agenda item 1 has no speaker 5"),
    ("DELETE", "1/documents/1", None, "agenda item 1 has no document 1"),
    ("POST", "1/annexes", {"speaker": 4, "text": "Text."}, "agenda item 1 has no speaker 4"),
    ("DELETE", "2/annexes/1", None, "agenda item 2 has no Annex 1"),
])
def test_what_is_not_there_is_404(client, session, secretariat, journal, method, suffix, body,
                                  message):
    journal_items.add_speaker(session, SECRETARIAT, journal, 1, "Chairperson")
    journal_items.add_annex(session, SECRETARIAT, journal, 1, 1, "Opening remarks.")
    session.commit()
    response = client.request(method, f"/api/v1/journals/{journal.id}/agenda/{suffix}",
                              headers=secretariat, json=body)
    assert (response.status_code, response.json()) == (404, error("not_found", message))


def test_conflicts_are_409(client, session, secretariat, journal):
    journal_items.add_speaker(session, SECRETARIAT, journal, 1, "Russian Federation")
    journal_items.add_speaker(session, SECRETARIAT, journal, 1, "Ukraine")
    journal_items.add_annex(session, SECRETARIAT, journal, 1, 1, "Statement.")
    journal_items.add_annex(session, SECRETARIAT, journal, 1, 2, "Statement.")
    journal_items.add_document(session, SECRETARIAT, journal, 1, "PC.DEL/1229/20")
    session.commit()
    url = item_url(journal)
    for method, suffix, body, message in [
        ("DELETE", "speakers/1", None, "Russian Federation's statement is Annex 1 to the "
                                       "journal: remove the annex first"),
        ("POST", "annexes", {"speaker": 2, "text": "Again."}, "Ukraine's statement under "
         "agenda item 1 is Annex 2 already: change its text instead"),
        ("PATCH", "annexes/1", {"speaker": 2}, "Ukraine's statement under agenda item 1 is "
                                               "Annex 2 already: change its text instead"),
        ("POST", "documents", {"symbol": "PC.DEL/1229/20"},
         "PC.DEL/1229/20 is cited under agenda item 1 already"),
    ]:
        response = client.request(method, f"{url}/{suffix}", headers=secretariat, json=body)
        assert (response.status_code, response.json()) == (409, error("conflict", message))


def fill(session, journal, number: int, speakers: int, annexed: int = 0) -> None:
    """`speakers` speakers under item `number`, the first `annexed` of them annexed."""
    item = session.scalar(select(AgendaItem).where(AgendaItem.journal_id == journal.id,
                                                   AgendaItem.number == number))
    for n in range(1, speakers + 1):
        speaker = JournalSpeaker(agenda_item_id=item.id, position=n, name=f"Speaker {n}")
        if n <= annexed:
            speaker.annex = JournalAnnex(text=f"Statement {n}.")
        session.add(speaker)
    session.flush()


def test_the_limits_are_409_naming_them(client, session, secretariat, journal):
    url = item_url(journal)
    fill(session, journal, 1, journal_items.MAX_SPEAKERS_PER_ITEM,
         annexed=journal_items.MAX_ANNEXES_PER_ITEM)
    for symbol in range(journal_items.MAX_DOCUMENTS_PER_ITEM):
        journal_items.add_document(session, SECRETARIAT, journal, 1, f"PC.DEL/{symbol + 1}/20")
    session.commit()
    for suffix, body, message in [
        ("speakers", {"name": "Malta"}, "agenda item 1 has 100 speakers already, the most it "
                                        "may have; remove one first"),
        ("documents", {"symbol": "PC.DEL/99/20"}, "agenda item 1 has 50 documents already, "
                                                  "the most it may have; remove one first"),
        ("annexes", {"speaker": 31, "text": "One more."}, "agenda item 1 has 30 annexes "
         "already, the most it may have; remove one first"),
    ]:
        response = client.post(f"{url}/{suffix}", headers=secretariat, json=body)
        assert (response.status_code, response.json()) == (409, error("conflict", message))


def test_the_journal_wide_limits_are_409_too(client, session, secretariat, journal):
    for number in range(3, 14):
        journals.add_agenda_item(session, SECRETARIAT, journal, number, f"Item {number}")
    for number in (1, 3, 4):
        fill(session, journal, number, 30, annexed=30)
    fill(session, journal, 5, 10, annexed=10)  # 100 annexes (and speakers) in all
    for number in (2, *range(6, 14)):
        fill(session, journal, number, 100)  # 900 more speakers
    items = session.scalars(select(AgendaItem).where(AgendaItem.journal_id == journal.id,
                                                     AgendaItem.number <= 10))
    session.add_all(CitedDocument(agenda_item_id=item.id, position=n, symbol=f"PC.DEL/{n}/20")
                    for item in items for n in range(1, 51))  # 500 documents
    session.commit()
    documents = client.post(f"{item_url(journal, 11)}/documents", headers=secretariat,
                            json={"symbol": "PC.DEL/1/20"})
    assert (documents.status_code, documents.json()) == (409, error(
        "conflict", "the journal has 500 documents already, the most it may have; remove "
                    "one first"))
    speakers = client.post(f"{item_url(journal, 5)}/speakers", headers=secretariat,
                           json={"name": "Malta"})
    assert (speakers.status_code, speakers.json()) == (409, error(
        "conflict", "the journal has 1,000 speakers already, the most it may have; remove "
                    "one first"))
    annexes = client.post(f"{item_url(journal, 6)}/annexes", headers=secretariat,
                          json={"speaker": 1, "text": "One more."})
    assert (annexes.status_code, annexes.json()) == (409, error(
        "conflict", "the journal has 100 annexes already, the most it may have; remove one "
                    "first"))


def test_a_delete_is_safe_to_retry_with_an_idempotency_key(client, session, secretariat,
                                                           journal):
    for name in ("Chairperson", "Malta", "Cyprus"):
        journal_items.add_speaker(session, SECRETARIAT, journal, 1, name)
    session.commit()
    headers = secretariat | {"Idempotency-Key": "remove-malta-1"}
    first = client.delete(f"{item_url(journal)}/speakers/2", headers=headers)
    again = client.delete(f"{item_url(journal)}/speakers/2", headers=headers)
    assert again.headers["idempotent-replayed"] == "true"
    assert names(again.json()) == names(first.json()) == [(1, "Chairperson", None),
                                                          (2, "Cyprus", None)]
