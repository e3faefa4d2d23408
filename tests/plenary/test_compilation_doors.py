"""The compilation of amendments through every door: the API
(`?format=…&compilation=pending|all`), the draft page's download links, the command line
(`plenary export compilation`), and a real HTTP server; the limit refused with 422 (it says how
to narrow it), a wrong `compilation=` or format with 422."""

from __future__ import annotations

import io
import re

import httpx2
import pytest
from docx import Document

from exports import compilation
from plenary.cli import main
from tests.live_server import live_server
from tests.plenary.conftest import bearer
from tests.plenary.test_exports_offthread import signed_in

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RUSSIAN = re.compile(r"Amendment (\d+) · OP2 · Russian Federation")


@pytest.fixture
def chair_headers(session, demo_loaded, token_for):
    from plenary import accounts

    return bearer(token_for(accounts.find_user(session, "chair@demo.plenary")))


def _document(client, draft_id: int, headers=None, **params):
    return client.get(f"/api/v1/drafts/{draft_id}/document", params=params, headers=headers)


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_api_serves_the_pending_compilation_in_each_format(client, energy,
                                                              chair_headers):
    html = _document(client, energy.id, chair_headers, format="html", compilation="pending")
    assert html.status_code == 200
    assert html.headers["content-type"] == "text/html; charset=utf-8"
    assert html.headers["content-disposition"] == (
        'attachment; filename="MC.DD-3-26-compilation.html"')
    page = html.text
    assert "Compilation of amendments" in page and "Pending amendments to MC.DD/3/26" in page
    russian = RUSSIAN.search(page).group(1)
    assert (f'<p class="amendment-label">Amendment {russian} · OP2 · Russian Federation</p>\n'
            '<p class="amendment-fact">Change</p>\n'
            '<p class="amendment-fact">Delegation: Russian Federation</p>\n'
            '<p class="amendment-fact">Supported by: Belarus</p>\n'
            '<p class="amendment-fact">Status: submitted</p>') in page
    assert ("<del>within existing resources</del><ins>subject to the availability of "
            "extra-budgetary contributions</ins>") in page
    assert "Amendment" in page and "· OP1(b) · Italy" in page
    assert "· PP3 · United States of America" in page

    docx = _document(client, energy.id, chair_headers, format="docx", compilation="pending")
    assert docx.status_code == 200 and docx.headers["content-type"] == DOCX
    document = Document(io.BytesIO(docx.content))
    assert all(len(t.columns) == 2 for t in document.tables)
    assert len(document.tables) == len(energy.revisions[-1].paragraphs)
    cells = {t.rows[0].cells[0].text: t.rows[1].cells[1].text for t in document.tables}
    assert cells["PP1"] == "No pending amendments"
    assert "Supported by: Belarus" in cells["OP2"]

    pdf = _document(client, energy.id, chair_headers, format="pdf", compilation="all")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"] == (
        'attachment; filename="MC.DD-3-26-compilation.pdf"')


def test_the_api_refuses_what_a_compilation_cannot_be(client, energy, chair_headers):
    wrong = _document(client, energy.id, chair_headers, format="docx", compilation="some")
    assert wrong.status_code == 422
    assert wrong.json()["error"]["message"] == (
        "?compilation= takes one of pending, all; not 'some'")
    txt = _document(client, energy.id, chair_headers, format="txt", compilation="all")
    assert txt.status_code == 422
    assert txt.json()["error"]["message"] == (
        "the compilation of amendments is made as html, pdf, docx; not 'txt'")
    mixed = _document(client, energy.id, chair_headers, format="html", compilation="all",
                      revision=0)
    assert mixed.status_code == 422
    assert "leave out ?revision=" in mixed.json()["error"]["message"]
    unknown = _document(client, energy.id, chair_headers, format="html", compilation="all",
                        paragraph="OP9")
    assert unknown.status_code == 422
    assert "the current revision has no paragraph 'OP9'" in unknown.json()["error"]["message"]
    anonymous = _document(client, energy.id, format="html", compilation="all")
    assert anonymous.status_code == 401


def test_the_api_narrows_by_paragraph_and_refuses_past_the_limit(client, energy,
                                                                 chair_headers, monkeypatch):
    narrowed = client.get(f"/api/v1/drafts/{energy.id}/document?format=html"
                          "&compilation=all&paragraph=OP2&paragraph=PP3",
                          headers=chair_headers)
    assert narrowed.status_code == 200
    assert narrowed.text.count('<table class="compilation-sheet"') == 2
    assert "All amendments to MC.DD/3/26, selected paragraphs" in narrowed.text
    monkeypatch.setattr(compilation, "MAX_COMPILATION_AMENDMENTS", 2)
    refused = _document(client, energy.id, chair_headers, format="pdf", compilation="pending")
    assert refused.status_code == 422
    assert refused.json() == {"error": {"code": "invalid", "message": (
        "the compilation would list 3 pending amendments to MC.DD/3/26, more than one "
        "compilation lists (MAX_COMPILATION_AMENDMENTS, 2): compile a few paragraphs at a "
        "time (paragraph=KEY or LABEL in the address, repeated; --paragraph on the command "
        "line)")}}
    one = _document(client, energy.id, chair_headers, format="docx", compilation="pending",
                    paragraph="OP2")
    assert one.status_code == 200


def test_the_draft_page_links_to_both_compilations(demo_client, energy):
    observer = demo_client("observer")
    page = observer.get(f"/drafts/{energy.id}").text
    for scope in ("pending", "all"):
        for fmt in ("html", "pdf", "docx"):
            assert f'href="/drafts/{energy.id}/document.{fmt}?compilation={scope}"' in page
    docx = observer.get(f"/drafts/{energy.id}/document.docx?compilation=all")
    assert docx.status_code == 200 and docx.headers["content-type"] == DOCX
    assert docx.headers["content-disposition"] == (
        'attachment; filename="MC.DD-3-26-compilation.docx"')
    words = " ".join(c.text for t in Document(io.BytesIO(docx.content)).tables
                     for row in t.rows for c in row.cells)
    assert "All amendments" not in words and "Supported by: Belarus" in words
    wrong = observer.get(f"/drafts/{energy.id}/document.html?compilation=every")
    assert wrong.status_code == 422
    assert "?compilation= takes one of pending, all; not &#39;every&#39;" in wrong.text


def test_the_command_line_writes_the_compilation(cli_demo_db, capsys, tmp_path):
    target = tmp_path / "compilation.docx"
    assert main(["export", "compilation", "MC.DD/3/26", "--format", "docx", "--all",
                 "-o", str(target)]) == 0
    assert capsys.readouterr().err == f"wrote {target}\n"
    document = Document(str(target))
    assert document.paragraphs[0].text.split("\n")[-1] == "All amendments to MC.DD/3/26"
    assert [t.rows[0].cells[0].text for t in document.tables][:4] == ["PP1", "PP2", "PP3",
                                                                    "PP4"]
    assert main(["export", "compilation", "MC.DD/3/26", "--paragraph", "OP2"]) == 0
    html = capsys.readouterr().out
    assert html.count('<table class="compilation-sheet"') == 1
    assert "Pending amendments to MC.DD/3/26, selected paragraphs" in html
    assert main(["export", "compilation", "MC.DD/3/26", "--format", "md"]) == 1
    assert "unknown format 'md'; use one of html, pdf, docx" in capsys.readouterr().err
    assert main(["export", "compilation", "MC.DD/3/26/Rev.3"]) == 1
    assert "a compilation is of the current revision, MC.DD/3/26" in capsys.readouterr().err


def test_a_real_server_serves_the_compilation_to_the_page_and_the_api(
        fresh_database_url, monkeypatch, capsys):
    with live_server(fresh_database_url) as base:
        monkeypatch.setenv("PLENARY_DATABASE_URL", fresh_database_url)
        monkeypatch.setenv("PLENARY_SECRET_KEY", "live-server-test-secret")
        capsys.readouterr()
        assert main(["token", "create", "secretariat@demo.plenary"]) == 0
        token = capsys.readouterr().out.strip().splitlines()[-1]
        with httpx2.Client(base_url=base, timeout=120) as api:
            drafts = api.get("/api/v1/drafts", headers=bearer(token)).json()["drafts"]
            draft_id = next(d["id"] for d in drafts if d["symbol"] == "MC.DD/3/26")
            pdf = api.get(f"/api/v1/drafts/{draft_id}/document",
                          params={"format": "pdf", "compilation": "pending"},
                          headers=bearer(token))
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        with signed_in(base, "drafter.ru@demo.plenary") as browser:
            docx = browser.get(f"/drafts/{draft_id}/document.docx?compilation=pending")
            assert docx.status_code == 200
            cells = [t.rows[1].cells[1].text for t in Document(io.BytesIO(docx.content)).tables]
            assert any("Delegation: Russian Federation" in c for c in cells)
