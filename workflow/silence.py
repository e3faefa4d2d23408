"""The silence procedure: the Chair freezes the current revision until an exact deadline;
one delegation's written objection or amendment before it breaks silence; if none comes,
the draft is adopted at the deadline's instant, exactly once, by whichever process
notices first (the server's poller, any read, or `plenary silence tick`)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from drafting import amendments, notices
from drafting.actors import SYSTEM, Actor
from drafting.amendment_labels import label_of
from drafting.db import utcnow
from drafting.errors import Conflict, Invalid
from drafting.models import Amendment, Delegation, Draft
from workflow import journals, machine
from workflow.dating import VIENNA, local_day, spoken
from workflow.models import Decision, Journal, Meeting, Silence
from workflow.services import create_decision

BREAK_KINDS = ("objection", "amendment")


def deadline_text(deadline: datetime, zone: ZoneInfo = VIENNA) -> str:
    """"12:00 CET, 1 December 2017": the deadline as the body's delegations read it."""
    local = deadline.astimezone(zone)
    return f"{local:%H:%M} {local.tzname()}, {spoken(local)}"


def running(session: Session, draft: Draft) -> Silence | None:
    return session.scalar(select(Silence).where(Silence.draft_id == draft.id,
                                                Silence.status == "running"))


def start(session: Session, actor: Actor, draft: Draft, deadline: datetime, *,
          zone: ZoneInfo = VIENNA, now: datetime | None = None) -> Silence:
    now = now or utcnow()
    if deadline.tzinfo is None:
        raise Invalid("the deadline needs its time zone, e.g. 2017-12-01T12:00:00+01:00")
    if deadline <= now:
        raise Invalid(f"the deadline {deadline_text(deadline, zone)} has passed; "
                      "give a time in the future")
    machine.transition(session, actor, draft, "start_silence", deadline=None,
                       deadline_utc=deadline.isoformat())
    silence = Silence(draft_id=draft.id, revision=draft.current_revision, deadline=deadline,
                      started_by_id=actor.user_id, started_at=now)
    session.add(silence)
    session.flush()
    notices.to_everyone(
        session, f"{draft.revision_symbol(draft.current_revision)} is under silence until "
                 f"{deadline_text(deadline, zone)}", draft_id=draft.id, link=f"/drafts/{draft.id}")
    return silence


def break_(session: Session, actor: Actor, draft: Draft, *, kind: str, reason: str = "",
           amendment: dict | None = None, now: datetime | None = None) -> Silence:
    """A delegation breaks silence with a written objection, or with a written amendment
    that becomes an ordinary amendment of that delegation."""
    now = now or utcnow()
    silence = _running_or_conflict(session, draft)
    if kind not in BREAK_KINDS:
        raise Invalid(f"unknown kind {kind!r}; break silence with an objection or an amendment")
    reason = amendments.clean_text(reason, "reason", amendments.MAX_RATIONALE)
    if kind == "objection" and not reason:
        raise Invalid("an objection is written: give its reason")
    if kind == "amendment" and not isinstance(amendment, dict):
        raise Invalid('breaking silence with an amendment needs "amendment": {"paragraph", '
                      '"action", "text"}')
    machine.apply(actor, draft, "break_silence", deadline=silence.deadline, now=now)
    silence.status, silence.ended_at, silence.broken_by_id = "broken", now, actor.delegation_id
    silence.break_kind, silence.break_reason = kind, reason
    proposed = _amendment(session, actor, draft, amendment) if kind == "amendment" else None
    machine.record(session, actor, draft, "break_silence", kind=kind, reason=reason,
                   amendment=proposed.id if proposed else None)
    who = session.get(Delegation, actor.delegation_id).name
    how = f" with {label_of(session, proposed)}" if proposed else ""
    notices.to_everyone(session, f"{who} broke silence on {draft.symbol}{how}"
                                 + (f": {reason}" if reason else ""),
                        draft_id=draft.id, link=f"/drafts/{draft.id}")
    session.flush()
    return silence


def _amendment(session: Session, actor: Actor, draft: Draft, spec: dict) -> Amendment:
    # The amendment is part of the break: the break's audit event names it.
    return amendments.new_amendment(
        session, actor, draft, paragraph_key=spec.get("paragraph"), action=spec.get("action"),
        text=spec.get("text"), rationale=spec.get("rationale"),
    )


def _running_or_conflict(session: Session, draft: Draft) -> Silence:
    silence = running(session, draft)
    if silence is None:
        raise Conflict(f"{draft.symbol} is {machine.STATE_LABELS[draft.state]}, not under "
                       "silence: there is no silence to break")
    return silence


def expire_due(session: Session, *, zone: ZoneInfo = VIENNA,
               now: datetime | None = None) -> list[Decision]:
    """Adopt every draft whose silence reached its deadline unbroken, at the deadline.

    The conditional update is the gate: of two processes racing, exactly one changes the
    row (the other's update waits for the lock, then finds it no longer running)."""
    now = now or utcnow()
    due = session.scalars(select(Silence.id).where(Silence.status == "running",
                                                   Silence.deadline <= now)).all()
    return [d for silence_id in due if (d := _expire(session, silence_id, zone, now))]


def _expire(session: Session, silence_id: int, zone: ZoneInfo, now: datetime):
    taken = session.execute(
        update(Silence).where(Silence.id == silence_id, Silence.status == "running")
        .values(status="expired", ended_at=now).execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return None
    silence = session.get(Silence, silence_id, populate_existing=True)
    draft = session.get(Draft, silence.draft_id, populate_existing=True)
    machine.check(SYSTEM, draft, "expire_silence", deadline=silence.deadline, now=now)
    decision = create_decision(session, draft, adopted_at=silence.deadline,
                               adopted_on=local_day(silence.deadline, zone), mode="silence")
    silence.decision_id = decision.id
    journal = _announce_in_next_journal(session, draft.body, decision.adopted_on)
    machine.transition(session, SYSTEM, draft, "expire_silence", deadline=silence.deadline,
                       now=now, decision=decision.id, symbol=decision.symbol,
                       announced_in=journal.id if journal else None)
    notices.to_everyone(session, f"silence on {draft.revision_symbol(silence.revision)} was "
                                 f"not broken: adopted as {decision.symbol} at "
                                 f"{deadline_text(silence.deadline, zone)}",
                        draft_id=draft.id, link=f"/decisions/{decision.id}")
    _tell_the_secretariat(session, decision, journal)
    session.flush()
    return decision


def _tell_the_secretariat(session: Session, decision: Decision,
                          journal: Journal | None) -> None:
    """The journal of the next meeting day announces an adoption by silence: the
    secretariat, who keeps the journals, is told where it went, or where it will go."""
    where = (f"it is announced in {journals.symbol_of(journal)}" if journal is not None
             else f"the journal of the next {decision.body} meeting day will announce it "
                  "when it is opened")
    link = f"/journals/{journal.id}" if journal is not None else f"/decisions/{decision.id}"
    notices.to_role(session, "secretariat",
                    f"{decision.symbol} was adopted by silence procedure on "
                    f"{spoken(decision.adopted_on)}: {where}",
                    draft_id=decision.draft_id, link=link)


def _announce_in_next_journal(session: Session, body: str, adopted_on) -> Journal | None:
    """If the journal of the next meeting day is open already, the adoption goes into it
    now (the journal it went into); otherwise opening that journal announces it
    (workflow.services.open_journal)."""
    journal = session.scalar(
        select(Journal).join(Meeting).where(Meeting.body == body, Journal.day >= adopted_on)
        .order_by(Journal.day, Journal.number).limit(1))
    if journal is not None:
        journals.add_silence_announcements(session, journal)
    return journal


# Asked before every request: built once, run on the session's connection.
ANY_DUE = select(Silence.id).where(
    Silence.status == "running", Silence.deadline <= bindparam("now")).limit(1)


def any_due(session: Session, now: datetime | None = None) -> bool:
    return session.connection().execute(
        ANY_DUE, {"now": now or utcnow()}).first() is not None


def all_running(session: Session) -> list[Silence]:
    """Every running silence procedure, the nearest deadline first."""
    return list(session.scalars(select(Silence).where(Silence.status == "running")
                                .order_by(Silence.deadline)))
