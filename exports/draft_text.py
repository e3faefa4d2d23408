"""A draft as plain text and Markdown: "DRAFT" and its revision symbol, the title, the
paragraphs with their labels; a redline marks insertions [+like this+] and deletions
[-like this-] (Markdown: **inserted** and ~~deleted~~), each followed by who proposed it."""

from __future__ import annotations

from exports import wording
from exports.draft_document import DraftDocument, DraftParagraph, Listed, Run
from exports.text import md_escape


def _marker(p: DraftParagraph) -> str:
    if p.marker is None:
        return ""
    return f"{p.marker}. " if p.level == 0 else f"({p.marker}) "


def draft_heading_lines(doc: DraftDocument) -> list[str]:
    lines = ["DRAFT", doc.symbol, wording.format_date(doc.date),
             f"Original: {doc.original_language}"]
    if doc.mode == "against":
        lines.append(f"Changes against {doc.against_symbol}")
    elif doc.mode == "amendments" and doc.listed:
        lines.append(f"With pending amendments marked; {listed_count(doc):,} more are "
                     "counted in the annex")
    elif doc.mode == "amendments":
        lines.append("With every pending amendment marked")
    return lines


# The annex of a draft with more pending amendments than it marks (exports.build); the
# same words in every format. It counts them by paragraph: even thousands of amendments
# make at most one short line per paragraph, quick to print.
ANNEX_NOTE = ("The text above marks pending amendments as far as it stays readable and "
              "quick to print; the others are counted here by the paragraph they amend. "
              "Every one of them is in Plenary, with its wording and its delegation, on "
              "the draft's page.")


def listed_count(doc: DraftDocument) -> int:
    return sum(item.count for item in doc.listed)


def annex_heading(doc: DraftDocument) -> str:
    count = listed_count(doc)
    return f"Annex: {count:,} pending amendment{_s(count)} not marked in the text"


def listed_line(item: Listed) -> str:
    """"OP5: 23 more pending amendments" """
    return f"{item.label}: {item.count:,} more pending amendment{_s(item.count)}"


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _annex_txt(doc: DraftDocument) -> list[str]:
    if not doc.listed:
        return []
    return [annex_heading(doc), ANNEX_NOTE] + [listed_line(item) for item in doc.listed]


def _annex_md(doc: DraftDocument) -> list[str]:
    if not doc.listed:
        return []
    return [f"**{md_escape(annex_heading(doc))}**", md_escape(ANNEX_NOTE)] + [
        md_escape(listed_line(item)) for item in doc.listed]


def _txt_run(run: Run) -> str:
    if run.op == "=":
        return run.text
    sign = "+" if run.op == "+" else "-"
    who = f" ({run.author})" if run.author else ""
    return f"[{sign}{run.text}{sign}]{who}"


def render_draft_txt(doc: DraftDocument) -> str:
    blocks = ["\n".join(draft_heading_lines(doc)), wording.heading_title(doc.title),
              doc.enacting_formula]
    for p in doc.paragraphs:
        indent = "    " * p.level
        text = "".join(_txt_run(r) for r in p.runs)
        blocks.append(f"{indent}{p.label}: {_marker(p)}{text}")
    return "\n\n".join(blocks + _annex_txt(doc)) + "\n"


def _md_run(run: Run) -> str:
    text = md_escape(run.text)
    if run.op == "=":
        return text
    who = f" _({md_escape(run.author)})_" if run.author else ""
    return f"**{text}**{who}" if run.op == "+" else f"~~{text}~~{who}"


def render_draft_md(doc: DraftDocument) -> str:
    blocks = ["  \n".join(f"**{md_escape(line)}**" for line in draft_heading_lines(doc)),
              f"**{md_escape(wording.heading_title(doc.title))}**", md_escape(doc.enacting_formula)]
    for p in doc.paragraphs:
        text = "".join(_md_run(r) for r in p.runs)
        blocks.append(f"{'    ' * p.level}**{md_escape(p.label)}** {md_escape(_marker(p))}{text}")
    return "\n\n".join(blocks + _annex_md(doc)) + "\n"
