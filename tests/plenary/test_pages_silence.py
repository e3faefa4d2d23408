"""The silence procedure and the draft's history through the pages."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from drafting.db import utcnow
from tests.plenary.conftest import csrf_of
from workflow.models import Silence


@pytest.fixture
def chair(demo_client):
    return demo_client("chair")


@pytest.fixture
def russia(demo_client):
    return demo_client("drafter.ru")


def vienna_local(delta: timedelta) -> str:
    from zoneinfo import ZoneInfo

    return (datetime.now(ZoneInfo("Europe/Vienna")) + delta).strftime("%Y-%m-%dT%H:%M:%S")


def test_the_chair_starts_silence_in_vienna_time_and_a_delegation_breaks_it(
        chair, russia, energy, session):
    page = chair.get(f"/drafts/{energy.id}")
    assert "Put MC.DD/3/26 under silence" in page.text and "Europe/Vienna time" in page.text
    started = chair.post(f"/drafts/{energy.id}/silence",
                         data={"csrf": csrf_of(page), "deadline": vienna_local(timedelta(hours=3))})
    assert started.status_code == 303
    shown = russia.get(f"/drafts/{energy.id}").text
    assert "Under silence until" in shown and "data-countdown" in shown
    assert "Silence procedures running" in russia.get("/").text
    assert "2 h 59 min left" in shown or "3 h 0 min left" in shown
    assert "Break silence for Russian Federation" in shown

    broken = russia.post(f"/drafts/{energy.id}/silence/break", data={
        "csrf": csrf_of(russia.get(f"/drafts/{energy.id}")), "kind": "objection",
        "reason": "<b>OP2</b> is not agreed", "confirm": "yes"})
    assert broken.status_code == 303
    home = russia.get("/").text
    assert "Russian Federation broke silence on MC.DD/3/26: &lt;b&gt;OP2&lt;/b&gt;" in home
    history = chair.get(f"/drafts/{energy.id}/history").text
    assert "draft:silence:start" in history and "draft:silence:break" in history


def test_a_past_deadline_is_refused_on_the_form(chair, energy):
    page = chair.get(f"/drafts/{energy.id}")
    response = chair.post(f"/drafts/{energy.id}/silence", data={
        "csrf": csrf_of(page), "deadline": vienna_local(-timedelta(minutes=5))})
    assert response.status_code == 422 and "has passed" in response.text
    nonsense = chair.post(f"/drafts/{energy.id}/silence", data={
        "csrf": csrf_of(page), "deadline": "next week"})
    assert nonsense.status_code == 422 and "give the deadline as a date" in nonsense.text


def test_an_expired_silence_shows_as_adopted_on_the_next_read(chair, energy, session):
    page = chair.get(f"/drafts/{energy.id}")
    chair.post(f"/drafts/{energy.id}/silence",
               data={"csrf": csrf_of(page), "deadline": vienna_local(timedelta(hours=1))})
    session.execute(update(Silence).values(deadline=utcnow() - timedelta(seconds=1)))
    session.commit()
    shown = chair.get(f"/drafts/{energy.id}").text
    assert "state-adopted" in shown and "Under silence" not in shown


def test_the_secretariat_issues_a_decision(demo_client, energy, session):
    from workflow.models import Decision

    decision = session.scalar(select(Decision).where(Decision.symbol == "MC.DEC/7/17"))
    secretariat = demo_client("secretariat")
    page = secretariat.get(f"/decisions/{decision.id}")
    assert "Issue the decision document" in page.text
    assert secretariat.post(f"/decisions/{decision.id}/issue",
                            data={"csrf": csrf_of(page), "confirm": "yes"}).status_code == 303
    after = secretariat.get(f"/decisions/{decision.id}").text
    assert "Issued" in after and "Register a statement" not in after
