"""A model of the procedure: random actors of every role and delegation take random
actions, allowed or not, through the domain services, on a few drafts, meetings and
decisions; after every step the invariants of the record are checked.

Used by `tests/workflow/test_procedure_model.py` (a fixed seed, bounded steps, in CI on
both databases) and by `benchmarks/explore_procedure.py` (`make explore`: as long as asked).
Each action runs as the shell runs a request: in a transaction of its own (a savepoint
here), committed if the use case succeeds, rolled back if it refuses.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from drafting import amendments, audit, revisions
from drafting import services as drafting
from drafting.actors import SYSTEM, Actor
from drafting.audit import AuditEvent
from drafting.db import Base
from drafting.errors import DomainError
from drafting.labels import labels_for
from drafting.models import LIVE_STATUSES, Amendment, Draft, Revision
from drafting.numbering import Numbered, renumber
from exports.build import decision_document
from workflow import groups, journals, numbering, silence, statements
from workflow import services as workflow
from workflow.models import Decision, Journal, Silence, Statement

DELEGATIONS = ("Italy", "France", "Russian Federation", "Estonia")
ROLES = ("chair", "secretariat", "observer", "drafter")
CHAIR = Actor(user_id=None, role="chair", name="Chair")
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TABLED = (datetime(2017, 11, 20, 9, tzinfo=UTC), datetime(2026, 11, 2, 9, tzinfo=UTC),
          START)
TEXT = """Model decision {n}

The {formula},

Recalling its commitments,

Noting the work done,

1. Decides to act on measure one;

2. Tasks the Secretariat with measure two;

(a) In Vienna;

(b) In Geneva;

3. Invites the Partners to measure three.
"""
WORDINGS = ("Decides to act urgently on measure one;", "Tasks the Chair with measure two;",
            "Invites all Partners to measure three.", "Noting with appreciation the work done,",
            "Decides to act on measure one and two;")
STATEMENT_TEXTS = ("We join the consensus.", "We join the consensus, with a reading of OP2.")
MAX_DRAFTS, MAX_MEETINGS = 6, 4  # a few of each: actions meet the same records again
FORMULAS = {"MC": "Ministerial Council", "PC": "Permanent Council"}
index = st.sampled_from(range(8))  # uniform: integers() favours 0


def actors(*likely: str):
    """(role, delegation): half the time one of the `likely` roles (who may take the
    action), half the time anyone at all (who mostly may not)."""
    return st.one_of(st.tuples(st.sampled_from(likely), st.sampled_from(DELEGATIONS)),
                     st.tuples(st.sampled_from(ROLES), st.sampled_from(DELEGATIONS)))


def pick(items, i: int):
    return items[i % len(items)]


def aim(items, i: int, likely):
    """For an even `i`, one of the items for which `likely(item)` holds, where there is
    one (an action that may well be allowed); otherwise any item at all."""
    fitting = [item for item in items if likely(item)]
    return pick(fitting if fitting and i % 2 == 0 else items, i // 2)


def state_in(*states):
    return lambda draft: draft.state in states


class ProcedureModel(RuleBasedStateMachine):
    """One run: a connection in a transaction of its own, rolled back at the end."""

    engine: Engine  # set by the caller (the test's fixture, or the explorer)
    steps_taken = 0  # across runs, for the explorer's report
    outcomes: dict[str, list[int]] = {}  # use case -> [accepted, refused], likewise
    refusals: dict[str, int] = {}  # why, likewise (the explorer prints the commonest)

    def __init__(self) -> None:
        super().__init__()
        self.connection = self.engine.connect()
        self.outer = self.connection.begin()
        self.session = Session(bind=self.connection, join_transaction_mode="create_savepoint",
                               expire_on_commit=False)
        self.now = START
        self.delegations = {name: drafting.find_delegation(self.session, name).id
                            for name in DELEGATIONS}
        self.decisions_seen: dict[int, tuple] = {}
        self.frozen: dict[int, str] = {}  # amendment id -> status while its draft is shut
        self.expected_events = self._event_count()
        self.drafts_made = 0
        self.meetings_made = 0

    def teardown(self) -> None:
        self.session.close()
        self.outer.rollback()
        self.connection.close()

    # --- taking a step as a request would ------------------------------------------------

    def actor(self, who: tuple[str, str]) -> Actor:
        role, name = who
        if role != "drafter":
            return Actor(user_id=None, role=role, name=role)
        return Actor(user_id=None, role="drafter", delegation_id=self.delegations[name],
                     name=name)

    def step(self, work, events: int = 1):
        """Run `work()` in a savepoint; a refusal must leave every row as it was, and an
        accepted action must write exactly `events` audit events."""
        ProcedureModel.steps_taken += 1
        tally = ProcedureModel.outcomes.setdefault(self._current_rule(), [0, 0])
        before = self.snapshot()
        savepoint = self.session.begin_nested()
        try:
            result = work()
            self.session.flush()
        except DomainError as refused:
            why = f"{type(refused).__name__}: {refused.message}"
            ProcedureModel.refusals[why[:90]] = ProcedureModel.refusals.get(why[:90], 0) + 1
            savepoint.rollback()
            self.session.expire_all()
            assert self.snapshot() == before, "a refused action changed the record"
            tally[1] += 1
            return None
        savepoint.commit()
        tally[0] += 1
        self.session.expire_all()
        self.expected_events += events if not callable(events) else events(result)
        return result

    @staticmethod
    def _current_rule() -> str:
        import inspect

        return inspect.stack()[2].function

    def snapshot(self) -> dict[str, list[tuple]]:
        rows = {}
        for table in Base.metadata.sorted_tables:
            query = select(table).order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(r) for r in self.session.execute(query)]
        return rows

    def _event_count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(AuditEvent))

    def drafts(self) -> list[Draft]:
        return list(self.session.scalars(select(Draft).order_by(Draft.id)))

    def amendments(self) -> list[Amendment]:
        return list(self.session.scalars(select(Amendment).order_by(Amendment.id)))

    def decisions(self) -> list[Decision]:
        return list(self.session.scalars(select(Decision).order_by(Decision.id)))

    def journals(self) -> list[Journal]:
        return list(self.session.scalars(select(Journal).order_by(Journal.id)))

    def statements(self) -> list[Statement]:
        return list(self.session.scalars(select(Statement).order_by(Statement.id)))

    # --- rules -------------------------------------------------------------------------

    @precondition(lambda self: self.drafts_made < MAX_DRAFTS)
    @rule(body=st.sampled_from(("MC", "MC", "PC")), tabled=index, open_it=st.booleans())
    def table_draft(self, body, tabled, open_it):
        self.drafts_made += 1
        text = TEXT.format(n=self.drafts_made, formula=FORMULAS[body])
        draft = self.step(lambda: drafting.import_draft(
            self.session, SYSTEM, body=body, text=text, tabled_at=pick(TABLED, tabled)))
        if open_it:
            self.step(lambda: workflow.open_negotiation(self.session, CHAIR, draft))

    @precondition(lambda self: self.drafts())
    @rule(d=index, who=actors("chair"),
          action=st.sampled_from(("open", "open", "open", "withdraw")))
    def draft_step(self, d, who, action):
        draft, actor = aim(self.drafts(), d, state_in("proposed")), self.actor(who)
        use_case = workflow.open_negotiation if action == "open" else workflow.withdraw
        self.step(lambda: use_case(self.session, actor, draft))

    @precondition(lambda self: self.drafts())
    @rule(d=index, who=actors("drafter"), p=index, kind=index, w=index)
    def propose(self, d, who, p, kind, w):
        draft, actor = aim(self.drafts(), d, state_in("negotiating")), self.actor(who)
        paragraphs = drafting.revision_of(self.session, draft).paragraphs
        action = pick(("modify", "modify", "insert_after", "delete"), kind)
        text = None if action == "delete" else pick(WORDINGS, w)
        self.step(lambda: amendments.propose(
            self.session, actor, draft, paragraph_key=pick(paragraphs, p).key, action=action,
            text=text))

    @precondition(lambda self: self.amendments())
    @rule(a=index, who=actors("drafter", "chair"), w=index, action=st.sampled_from(
        ("support", "unsupport", "withdraw", "accept", "reject", "rewrite", "confirm")))
    def amendment_step(self, a, who, w, action):
        amendment, actor = aim(self.amendments(), a, lambda a: a.is_pending), self.actor(who)
        calls = {
            "support": lambda: amendments.support(self.session, actor, amendment),
            "unsupport": lambda: amendments.unsupport(self.session, actor, amendment),
            "withdraw": lambda: amendments.withdraw(self.session, actor, amendment),
            "accept": lambda: amendments.accept(self.session, actor, amendment),
            "reject": lambda: amendments.reject(self.session, actor, amendment, "No consensus"),
            "rewrite": lambda: amendments.rewrite(
                self.session, actor, amendment,
                None if amendment.action == "delete" else pick(WORDINGS, w)),
            "confirm": lambda: amendments.confirm(self.session, actor, amendment),
        }
        self.step(calls[action])

    @precondition(lambda self: self.drafts())
    @rule(d=index, who=actors("chair"), chosen=st.sets(index, max_size=3), edit=index,
          w=index)
    def issue_revision(self, d, who, chosen, edit, w):
        draft, actor = aim(self.drafts(), d, state_in("negotiating")), self.actor(who)
        mine = [a.id for a in self.amendments() if a.draft_id == draft.id]
        incorporate = sorted({pick(mine, i) for i in chosen}) if mine else []
        paragraphs = drafting.revision_of(self.session, draft).paragraphs
        edits = [(pick(paragraphs, edit).key, pick(WORDINGS, w))] if edit % 3 == 0 else []
        self.step(lambda: revisions.issue_revision(self.session, actor, draft,
                                                   incorporate=incorporate, edits=edits))

    @precondition(lambda self: self.drafts())
    @rule(d=index, who=actors("chair"), hours=st.integers(min_value=1, max_value=72))
    def start_silence(self, d, who, hours):
        draft, actor = aim(self.drafts(), d, state_in("negotiating")), self.actor(who)
        deadline = self.now + timedelta(hours=hours)
        self.step(lambda: silence.start(self.session, actor, draft, deadline, now=self.now))

    @precondition(lambda self: self.drafts())
    @rule(d=index, who=actors("drafter"), p=index, kind=st.sampled_from(("objection",
                                                                          "amendment")))
    def break_silence(self, d, who, p, kind):
        draft, actor = aim(self.drafts(), d, state_in("under_silence")), self.actor(who)
        paragraphs = drafting.revision_of(self.session, draft).paragraphs
        spec = {"paragraph": pick(paragraphs, p).key, "action": "delete"}
        self.step(lambda: silence.break_(self.session, actor, draft, kind=kind,
                                         reason="We object", now=self.now,
                                         amendment=spec if kind == "amendment" else None))

    @precondition(lambda self: self.session.scalar(
        select(func.count()).select_from(Silence).where(Silence.status == "running")))
    @rule(hours=st.integers(min_value=1, max_value=60))
    def clock_advances(self, hours):
        """Time passes; the clock adopts every silence that expired (one event each)."""
        self.now += timedelta(hours=hours)
        self.step(lambda: silence.expire_due(self.session, now=self.now), events=len)

    @precondition(lambda self: self.meetings_made < MAX_MEETINGS)
    @rule(body=st.sampled_from(("MC", "PC")), who=actors("secretariat", "chair"), days=st.one_of(
        st.integers(min_value=-2, max_value=1), st.integers(min_value=-3400, max_value=0)))
    def hold_meeting(self, body, days, who):
        day = (self.now + timedelta(days=days)).date()
        self.meetings_made += 1
        actor = self.actor(who)
        meeting = self.step(lambda: workflow.create_meeting(
            self.session, actor, body=body, number=self.meetings_made, place="Vienna",
            starts_on=day, ends_on=day))
        if meeting is not None:
            self.step(lambda: workflow.open_journal(self.session, actor, meeting, number=1,
                                                    day=day))

    @precondition(lambda self: self.journals())
    @rule(j=index, who=actors("secretariat"), opened=st.sampled_from((None, time(10, 0))),
          closed=st.sampled_from((None, time(17, 30))))
    def journal_times(self, j, who, opened, closed):
        journal, actor = pick(self.journals(), j), self.actor(who)
        self.step(lambda: journals.set_times(self.session, actor, journal, opened, closed))

    @precondition(lambda self: self.drafts() and self.journals())
    @rule(d=index, j=index, who=actors("chair"), item=st.integers(min_value=1, max_value=3))
    def adopt(self, d, j, who, item):
        draft = aim(self.drafts(), d, state_in("proposed", "negotiating"))
        journal = aim(self.journals(), j, lambda j: j.meeting.body == draft.body)
        actor = self.actor(who)
        self.step(lambda: workflow.adopt_at_meeting(self.session, actor, draft, journal,
                                                    agenda_item=item, now=self.now))

    @precondition(lambda self: self.drafts() and self.journals())
    @rule(d=index, j=index)
    def the_chair_moves_a_draft_on(self, d, j):
        """The Chair opens a tabled draft, or adopts a negotiated one at a meeting of its
        body (so that the runs reach decisions and their statements more often)."""
        draft = aim(self.drafts(), d, state_in("proposed", "negotiating"))
        if draft.state == "proposed" and d % 3:
            self.step(lambda: workflow.open_negotiation(self.session, CHAIR, draft))
            return
        journal = aim(self.journals(), j, lambda j: j.meeting.body == draft.body)
        self.step(lambda: workflow.adopt_at_meeting(self.session, CHAIR, draft, journal,
                                                    agenda_item=1, now=self.now))

    @precondition(lambda self: self.decisions())
    @rule(dec=index, who=actors("drafter", "secretariat"), also=st.sets(index, max_size=2), t=index,
          eu=st.booleans())
    def register_statement(self, dec, who, also, t, eu):
        decision, actor = pick(self.decisions(), dec), self.actor(who)
        speaker = who[1]  # a drafter's own delegation; for an official, whom it records
        named = [] if eu else [drafting.find_delegation(self.session, pick(DELEGATIONS, i))
                               for i in also]
        self.step(lambda: statements.register(
            self.session, actor, decision,
            delegation=drafting.find_delegation(self.session, speaker),
            kind="interpretative_statement", original_language="en",
            text=pick(STATEMENT_TEXTS, t), also_on_behalf_of=named,
            group="European Union" if eu else None))

    @precondition(lambda self: self.statements())
    @rule(s=index, who=actors("drafter", "secretariat"), also=st.sets(index, max_size=1),
          action=st.sampled_from(("confirm", "decline", "resubmit", "withdraw")))
    def statement_step(self, s, who, also, action):
        statement = aim(self.statements(), s, lambda s: s.status in ("awaiting", "returned"))
        actor = self.actor(who)
        named = [drafting.find_delegation(self.session, pick(DELEGATIONS, i)) for i in also]
        calls = {
            "confirm": lambda: statements.confirm(self.session, actor, statement),
            "decline": lambda: statements.decline(self.session, actor, statement, "Not ours"),
            "resubmit": lambda: statements.resubmit(self.session, actor, statement, named),
            "withdraw": lambda: statements.withdraw(self.session, actor, statement,
                                                    "Registered in error"),
        }
        self.step(calls[action])

    @rule(who=actors("secretariat"), state=st.sampled_from(DELEGATIONS),
          start=st.integers(min_value=-4000, max_value=0),
          length=st.integers(min_value=0, max_value=400))
    def record_presidency(self, who, state, start, length):
        actor = self.actor(who)
        starts_on = self.now.date() + timedelta(days=start)
        self.step(lambda: groups.set_presidency(
            self.session, actor, group="European Union",
            delegation=drafting.find_delegation(self.session, state),
            starts_on=starts_on, ends_on=starts_on + timedelta(days=length)))

    @precondition(lambda self: self.decisions())
    @rule(dec=index, who=actors("secretariat"))
    def issue_decision(self, dec, who):
        decision, actor = pick(self.decisions(), dec), self.actor(who)
        self.step(lambda: workflow.issue(self.session, actor, decision))

    # --- invariants ----------------------------------------------------------------------

    @invariant()
    def the_audit_chain_holds_one_event_per_accepted_action(self):
        assert audit.verify(self.session) is None
        assert self._event_count() == self.expected_events

    @invariant()
    def adopted_decisions_never_change(self):
        for decision in self.decisions():
            seen = (decision.symbol, decision.number, decision.adopted_at, decision.adopted_on,
                    decision.revision_id,
                    tuple(p.text for p in decision.revision.paragraphs))
            assert self.decisions_seen.setdefault(decision.id, seen) == seen

    @invariant()
    def amendments_of_a_shut_draft_do_not_move(self):
        states = {d.id: d.state for d in self.drafts()}
        for amendment in self.amendments():
            if states[amendment.draft_id] == "negotiating":
                self.frozen.pop(amendment.id, None)
            else:
                frozen = self.frozen.setdefault(amendment.id, amendment.status)
                assert amendment.status == frozen, f"amendment {amendment.id} moved"

    @invariant()
    def numbers_run_from_one_without_gaps_in_the_order_of_their_dates(self):
        sequences: dict[tuple[str, int], list[Decision]] = {}
        for decision in self.decisions():
            sequences.setdefault((decision.body, decision.year), []).append(decision)
        for (body, year), found in sequences.items():
            found.sort(key=lambda d: d.number)
            assert [d.number for d in found] == list(range(1, len(found) + 1)), (body, year)
            days = [d.adopted_on for d in found]
            assert days == sorted(days), f"{body} {year}: numbers out of the order of dates"
            for d in found:
                assert d.symbol == numbering.decision_symbol(body, d.number, d.adopted_on.year)

    @invariant()
    def pending_amendments_apply_to_the_revision_they_name(self):
        for amendment in self.amendments():
            if amendment.status not in LIVE_STATUSES:
                continue
            revision = self.session.scalar(select(Revision).where(
                Revision.draft_id == amendment.draft_id,
                Revision.number == amendment.base_revision))
            paragraph = next((p for p in revision.paragraphs
                              if p.key == amendment.paragraph_key), None)
            assert paragraph is not None and paragraph.text == amendment.base_text, (
                f"amendment {amendment.id} does not apply to revision {revision.number}")

    @invariant()
    def revisions_have_unique_keys_and_contiguous_labels(self):
        for revision in self.session.scalars(select(Revision)):
            paragraphs = revision.paragraphs
            assert len({p.key for p in paragraphs}) == len(paragraphs)
            assert [p.label for p in paragraphs] == labels_for(paragraphs)
            numbered = [Numbered(p.kind, p.level, p.marker) for p in paragraphs]
            assert [n.marker for n in renumber(numbered)] == [p.marker for p in paragraphs]

    @invariant()
    def only_registered_statements_are_attachments_numbered_one_to_n(self):
        for decision in self.decisions():
            registered = [s for s in decision.all_statements if s.status == "registered"]
            assert sorted(s.position for s in registered) == list(
                range(1, len(registered) + 1))
            assert all(s.position is None for s in decision.all_statements
                       if s.status != "registered")
            assert len(decision_document(self.session, decision).attachments) == len(
                registered)

