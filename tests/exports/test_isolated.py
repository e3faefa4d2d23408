"""Rendering an export in a process of its own (exports.isolated): the same document as
in-process, a render past its time killed, a renderer's failure reported, no process left
behind."""

from __future__ import annotations

import multiprocessing
from dataclasses import replace

import pytest
from sqlalchemy import select

from drafting.models import Draft
from exports import formats
from exports.isolated import RenderTimeout, render_isolated
from plenary import demo
from tests.exports.test_html_pdf import pdf_text


@pytest.fixture
def energy(session) -> Draft:
    demo.load(session)
    return session.scalar(select(Draft).where(Draft.symbol == demo.ENERGY_DRAFT))


def test_a_document_rendered_in_its_own_process_is_the_same(session, energy):
    for fmt in ("txt", "docx"):
        job = formats.prepare_draft(session, energy, fmt, amendments=True)
        exported = render_isolated(job, timeout=120)
        assert (exported.file_name, exported.content_type) == (job.file_name, job.content_type)
        if fmt == "txt":
            assert exported.body == formats.render(job).body
        else:
            assert exported.body.startswith(b"PK")  # a zip: the Word document
    assert multiprocessing.active_children() == []


def test_a_pdf_is_rendered_in_its_own_process(session, energy, tmp_path):
    job = formats.prepare_draft(session, energy, "pdf", amendments=True)
    pdf = render_isolated(job, timeout=120).body
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    assert "MC.DD/3/26" in text and "Russian Federation" in text


def test_a_render_past_its_time_is_stopped(session, energy):
    job = formats.prepare_draft(session, energy, "pdf")
    with pytest.raises(RenderTimeout) as error:
        render_isolated(job, timeout=0)  # no PDF is laid out in no time
    assert error.value.status == 503
    assert error.value.message == (
        "preparing MC.DD-3-26.pdf took longer than 0 s and was stopped; try again later, or "
        "ask for a shorter document (another format, or without amendments=pending)")
    assert multiprocessing.active_children() == []


def test_a_renderer_that_breaks_is_a_server_error(session, energy):
    job = replace(formats.prepare_draft(session, energy, "txt"), document=None)
    with pytest.raises(RuntimeError, match=r"^rendering MC.DD-3-26.txt failed: AttributeError"):
        render_isolated(job, timeout=120)
