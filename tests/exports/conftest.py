"""The demo's decision and journal as documents, for the exporters' tests."""

from __future__ import annotations

import pytest

from exports.build import decision_document, journal_document
from exports.document import DecisionDocument
from exports.journal import JournalDocument
from plenary import demo
from workflow import journals
from workflow import services as workflow


@pytest.fixture
def demo_decision(session) -> DecisionDocument:
    demo.load(session)
    return decision_document(session, workflow.find_decision(session, "MC.DEC/7/17"))


@pytest.fixture
def demo_journal_document(session) -> JournalDocument:
    demo.load(session)
    return journal_document(session, journals.find_journal(session, "MC(24) Journal No. 2"))
