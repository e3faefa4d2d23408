"""Idempotency-Key: a retried write answers as the first did and stores nothing twice."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta

import httpx2
import pytest
from sqlalchemy import func, select, update

from drafting.db import utcnow
from drafting.models import Amendment
from plenary import idempotency
from plenary.models import IdempotencyKey
from tests.factories import make_user, open_draft, paragraph
from tests.plenary.conftest import bearer, csrf_of
from tests.server_process import ServerProcess, api_token, energy_draft


@pytest.fixture
def italy(session, token_for) -> str:
    return token_for(make_user(session, delegation="Italy"))


@pytest.fixture
def draft(session):
    draft = open_draft(session)
    session.commit()
    return draft


@pytest.fixture
def propose(client, draft, session):
    """POST an amendment to OP1 of the draft; keyword arguments become headers."""
    key = paragraph(session, draft, "OP1").key

    def propose(token: str, text: str = BETTER, path=None, **headers):
        return client.post(path or f"/api/v1/drafts/{draft.id}/amendments",
                           content=amendment_body(key, text),
                           headers={**bearer(token), "Content-Type": "application/json",
                                    **headers})

    return propose


BETTER = "Decides on a better measure 1;"


def amendment_body(key: str, text: str = BETTER) -> bytes:
    return json.dumps({"paragraph": key, "action": "modify", "text": text}).encode()


def amendments_of(session, draft) -> int:
    return session.scalar(select(func.count()).select_from(Amendment).where(
        Amendment.draft_id == draft.id))


def key_header(key: str) -> dict[str, str]:
    return {"Idempotency-Key": key}


def test_a_retry_gets_the_first_answer_and_stores_nothing_twice(propose, italy, session, draft):
    first = propose(italy, **key_header("7c1f9d62-first"))
    retry = propose(italy, **key_header("7c1f9d62-first"))
    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert retry.headers["content-type"] == first.headers["content-type"]
    assert retry.headers["content-length"] == str(len(first.content))
    assert retry.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert amendments_of(session, draft) == 1


def test_without_the_header_each_post_is_a_new_write(propose, italy, session, draft):
    assert propose(italy).status_code == propose(italy).status_code == 201
    assert amendments_of(session, draft) == 2
    assert session.scalar(select(func.count()).select_from(IdempotencyKey)) == 0


def test_the_same_key_for_another_request_is_422(propose, italy, draft):
    assert propose(italy, **key_header("k-reused")).status_code == 201
    other_body = propose(italy, "Decides on another measure 1;", **key_header("k-reused"))
    other_path = propose(italy, path=f"/api/v1/drafts/{draft.id}/amendments?x=1",
                         **key_header("k-reused"))
    for answer in (other_body, other_path):
        assert answer.status_code == 422
        assert answer.json()["error"] == {
            "code": "idempotency_key_reused",
            "message": "this Idempotency-Key was used for a different request (another "
                       "method, path or body); send a new key with a new request"}


def test_keys_belong_to_their_user(propose, italy, session, token_for, draft):
    france = token_for(make_user(session, delegation="France"))
    italian, french = propose(italy, **key_header("k-1")), propose(france, **key_header("k-1"))
    assert italian.status_code == french.status_code == 201
    assert "idempotent-replayed" not in french.headers
    assert (italian.json()["delegation"], french.json()["delegation"]) == ("Italy", "France")
    assert amendments_of(session, draft) == 2


def test_a_key_is_at_most_255_printable_characters(propose, italy):
    assert propose(italy, **key_header("k" * 255)).status_code == 201
    for bad in ("k" * 256, "tab\tinside", '""'):
        answer = propose(italy, **key_header(bad))
        assert answer.status_code == 400, bad
        assert answer.json()["error"]["message"] == (
            "the Idempotency-Key header must be 1 to 255 printable ASCII characters, such "
            "as a UUID")


def test_a_refused_request_is_not_kept_so_its_retry_runs(propose, italy, session, draft):
    refused = propose(italy, "", **key_header("k-fix"))  # an empty text: 422
    assert refused.status_code == 422 and "idempotent-replayed" not in refused.headers
    fixed = propose(italy, **key_header("k-fix"))
    assert fixed.status_code == 201 and "idempotent-replayed" not in fixed.headers
    assert amendments_of(session, draft) == 1


def _reserve(session_factory, token, draft, session, key: str):
    """The key as the first request leaves it while its work still runs."""
    body = amendment_body(paragraph(session, draft, "OP1").key)
    print_ = idempotency.fingerprint("POST", f"/api/v1/drafts/{draft.id}/amendments", b"", body)
    outcome = idempotency.reserve(session_factory, idempotency.owner_digest("token", token),
                                  key, print_)
    assert outcome.kind == idempotency.RESERVED
    return outcome.row_id


def _age(session, row_id: int, by: timedelta, **values) -> None:
    session.execute(update(IdempotencyKey).where(IdempotencyKey.id == row_id).values(
        created_at=utcnow() - by, **values))
    session.commit()


def test_a_retry_while_the_first_still_runs_is_409_and_runs_nothing(
        propose, italy, session, session_factory, draft):
    _reserve(session_factory, italy, draft, session, "k-busy")
    retry = propose(italy, **key_header("k-busy"))
    assert (retry.status_code, retry.headers["retry-after"]) == (409, "1")
    assert retry.json()["error"] == {
        "code": "idempotency_key_in_progress",
        "message": "the first request with this Idempotency-Key is still being processed; "
                   "retry in a moment"}
    assert amendments_of(session, draft) == 0


def test_a_reservation_left_by_a_dead_process_is_taken_over(
        propose, italy, session, session_factory, draft):
    row_id = _reserve(session_factory, italy, draft, session, "k-dead")
    _age(session, row_id, idempotency.LEASE + timedelta(seconds=1))
    retry = propose(italy, **key_header("k-dead"))
    assert retry.status_code == 201 and amendments_of(session, draft) == 1
    assert propose(italy, **key_header("k-dead")).headers["idempotent-replayed"] == "true"


def test_work_committed_without_its_answer_is_not_run_again(
        propose, italy, session, session_factory, draft):
    row_id = _reserve(session_factory, italy, draft, session, "k-lost")
    _age(session, row_id, idempotency.LEASE + timedelta(seconds=1), state=idempotency.COMMITTED)
    retry = propose(italy, **key_header("k-lost"))
    assert retry.status_code == 409
    assert retry.json()["error"]["code"] == "idempotency_key_answer_lost"
    assert amendments_of(session, draft) == 0


def test_keys_expire_after_a_day_and_are_pruned(propose, italy, session, session_factory, draft):
    assert propose(italy, **key_header("k-old")).status_code == 201
    later = utcnow() + idempotency.KEEP + timedelta(seconds=1)
    assert idempotency.prune(session_factory, now=utcnow()) == 0
    assert idempotency.prune(session_factory, now=later) == 1
    again = propose(italy, **key_header("k-old"))
    assert again.status_code == 201 and "idempotent-replayed" not in again.headers
    assert amendments_of(session, draft) == 2


def test_a_browser_form_retried_with_a_key_is_replayed(demo_client, energy, session):
    italy = demo_client("drafter.it")
    page = italy.get(f"/drafts/{energy.id}")
    key = paragraph(session, energy, "OP1").key
    form = {"csrf": csrf_of(page), "paragraph": key, "action": "modify",
            "text": "Decides that the form is sent twice;", "rationale": "",
            "base_revision": str(energy.current_revision)}
    before = amendments_of(session, energy)
    first = italy.post(f"/drafts/{energy.id}/amendments", data=form, headers=key_header("f-1"))
    retry = italy.post(f"/drafts/{energy.id}/amendments", data=form, headers=key_header("f-1"))
    assert first.status_code == retry.status_code == 303
    assert retry.headers["location"] == first.headers["location"]
    assert retry.headers["idempotent-replayed"] == "true"
    assert amendments_of(session, energy) == before + 1


@pytest.mark.server
def test_concurrent_retries_on_a_real_server_run_the_work_once(fresh_database_url, tmp_path,
                                                              monkeypatch, capsys):
    with ServerProcess(fresh_database_url, tmp_path / "server.log") as server:
        server.load_demo()
        token = api_token(fresh_database_url, "drafter.us@demo.plenary", monkeypatch, capsys)
        draft_id, paragraphs = energy_draft(fresh_database_url)
        base = server.start()
        body = {"paragraph": paragraphs[-1], "action": "modify", "text": "Sent eight times."}
        headers = {**bearer(token), "Idempotency-Key": str(uuid.uuid4())}
        answers: list[httpx2.Response] = []
        start = threading.Barrier(8)

        def send():
            with httpx2.Client(base_url=base, timeout=30) as client:
                start.wait()
                answers.append(client.post(f"/api/v1/drafts/{draft_id}/amendments",
                                           json=body, headers=headers))

        threads = [threading.Thread(target=send) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with httpx2.Client(base_url=base, timeout=30) as client:
            listed = client.get(f"/api/v1/drafts/{draft_id}/amendments", headers=bearer(token))
            final = client.post(f"/api/v1/drafts/{draft_id}/amendments", json=body,
                                headers=headers)
    created = [a for a in answers if a.status_code == 201]
    originals = [a for a in created if "idempotent-replayed" not in a.headers]
    assert {a.status_code for a in answers} <= {201, 409}
    assert len(originals) == 1
    assert all(a.content == originals[0].content for a in created)
    assert all(a.headers["retry-after"] == "1" for a in answers if a.status_code == 409)
    texts = [a["text"] for a in listed.json()["amendments"]]
    assert texts.count("Sent eight times.") == 1
    assert final.content == originals[0].content
    assert final.headers["idempotent-replayed"] == "true"
