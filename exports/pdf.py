"""PDF exports: the print-ready HTML of exports.html laid out by WeasyPrint.

WeasyPrint is imported only when a PDF is asked for: without it or without the system
libraries it loads (Pango, HarfBuzz, fontconfig), the other formats keep working and a
PDF export fails with MissingDependency (503) naming what to install.

The HTML names nothing external (the stylesheet is inlined, fonts come from fontconfig:
DejaVu Serif and Sans cover the Latin and Cyrillic letters of every participating State's
name), so the URL fetcher refuses every URL: a stored text can make WeasyPrint fetch no
file and no local address.
"""

from __future__ import annotations

from drafting.errors import DomainError
from exports.document import DecisionDocument
from exports.draft_document import DraftDocument
from exports.html import render_decision_html, render_draft_html, render_journal_html
from exports.journal import JournalDocument

INSTALL_HINT = ("PDF export needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
                "libharfbuzz-subset0 fonts-dejavu-core")


class MissingDependency(DomainError):
    code = "missing_dependency"
    status = 503


class RefusedURL(ValueError):
    """What the fetcher raises for every URL (WeasyPrint logs it and goes on)."""


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise MissingDependency(f"{INSTALL_HINT} (and pip install weasyprint): {exc}") from exc
    return weasyprint


def _fetcher(weasyprint):
    """A url_fetcher that serves nothing."""
    base = getattr(getattr(weasyprint, "urls", None), "URLFetcher", None)
    if base is None:  # WeasyPrint before 66 takes a function
        def refuse(url: str, *args, **kwargs):
            raise RefusedURL(f"refused to fetch {url!r}: documents name nothing external")
        return refuse

    class RefuseAll(base):
        def fetch(self, url, headers=None):
            raise RefusedURL(f"refused to fetch {url!r}: documents name nothing external")

    return RefuseAll()


def html_to_pdf(html: bytes) -> bytes:
    """Lay out one of Plenary's HTML pages as a PDF (fonts embedded, as subsets)."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html.decode("utf-8"), base_url=None,
                               url_fetcher=_fetcher(weasyprint))
    return document.write_pdf()


def render_decision_pdf(doc: DecisionDocument) -> bytes:
    return html_to_pdf(render_decision_html(doc))


def render_journal_pdf(doc: JournalDocument) -> bytes:
    return html_to_pdf(render_journal_html(doc))


def render_draft_pdf(doc: DraftDocument) -> bytes:
    return html_to_pdf(render_draft_html(doc))
