"""The compilation of amendments (exports.compilation) as a print-ready HTML5 page, and
as a PDF laid out from it by WeasyPrint (exports.pdf's fetcher: nothing external).

A table of two columns for each paragraph, as parliaments' amendment sheets are laid out:
the text of the revision on the left, each amendment to it on the right with its label,
facts and redline (`<ins>` underlined, `<del>` struck through). The page is standalone:
its template (templates/documents/compilation.html) inlines the documents' print.css and
its own compilation.css."""

from __future__ import annotations

from markupsafe import Markup

from drafting.labels import own_marker
from exports.compilation import (
    Compilation,
    CompiledAmendment,
    CompiledParagraph,
    amendment_facts,
    none_line,
    paragraph_heading,
)
from exports.html import _env, css_string
from exports.text import one_line

LEGEND = ("Each amendment is shown as a redline of the text it was written on: inserted "
          "words underlined, deleted words struck through.")


def _stylesheet() -> Markup:
    # Inlined as they are, not parsed as templates: CSS has its own braces.
    sources = [_env.loader.get_source(_env, name)[0] for name in ("print.css", "compilation.css")]
    return Markup("\n".join(sources))


def _amendment(a: CompiledAmendment) -> dict:
    return {"number": a.number, "label": one_line(a.label), "status": a.status,
            "facts": [one_line(line) for line in amendment_facts(a)],
            "runs": [{"tag": {"=": "", "+": "ins", "-": "del"}[r.op], "text": r.text}
                     for r in a.runs]}


def _paragraph(compilation: Compilation, p: CompiledParagraph) -> dict:
    return {"key": p.key, "heading": one_line(paragraph_heading(p)),
            "marker": own_marker(p.level, p.marker) or "", "text": one_line(p.text),
            "css_class": f"{p.kind} level-{min(p.level, 2)}",
            "amendments": [_amendment(a) for a in p.amendments],
            "none": none_line(compilation)}


def render_compilation_html(compilation: Compilation) -> bytes:
    symbol = one_line(compilation.symbol)
    page = _env.get_template("compilation.html").render(
        stylesheet=_stylesheet(), title=f"{symbol}: Compilation of amendments",
        heading=[one_line(line) for line in compilation.heading_lines], legend=LEGEND,
        symbol=symbol, paragraphs=[_paragraph(compilation, p) for p in compilation.paragraphs],
        footer_symbol=css_string(symbol),
        running_header=css_string(f"{symbol} · Compilation of amendments"))
    return page.encode("utf-8")


def render_compilation_pdf(compilation: Compilation) -> bytes:
    from exports.pdf import html_to_pdf

    return html_to_pdf(render_compilation_html(compilation))
