import pytest

from drafting.labels import amendment_label, labels_for, own_marker, without_own_marker
from drafting.structure import parse_draft


def test_labels_follow_structure():
    parsed = parse_draft("The Ministerial Council,\n\nRecalling,\n\nNoting,\n\nDecides:\n\n"
                         "1. To act:\n(a) now;\n(i) fast;\n(ii) well;\n(b) later;\n2. To report.")
    assert labels_for(parsed.paragraphs) == [
        "PP1", "PP2", "Chapeau", "OP1", "OP1(a)", "OP1(a)(i)", "OP1(a)(ii)", "OP1(b)", "OP2"]


def test_an_amendment_is_named_by_number_paragraph_and_delegation():
    assert amendment_label(10, "OP3", "Russian Federation") == \
        "Amendment 10 · OP3 · Russian Federation"


@pytest.mark.parametrize(("level", "marker", "printed"), [
    (0, "3", "3."), (1, "a", "(a)"), (2, "ii", "(ii)"), (0, None, None)])
def test_a_paragraph_prints_its_own_marker(level, marker, printed):
    assert own_marker(level, marker) == printed


@pytest.mark.parametrize(("text", "level", "marker", "paragraph", "kept"), [
    ("3. To invite the Secretariat;", 0, "3", "To invite;", "To invite the Secretariat;"),
    ("(a) to report;", 1, "a", "to act;", "to report;"),
    ("(ii) well;", 2, "ii", "fast;", "well;"),
    # another number, or none of the paragraph's own, is words of the amendment
    ("4. To invite;", 0, "3", "To invite;", "4. To invite;"),
    ("(b) to report;", 1, "a", "to act;", "(b) to report;"),
    ("3.5 million euros;", 0, "3", "Two million euros;", "3.5 million euros;"),
    ("3. To invite;", 1, "a", "to act;", "3. To invite;"),
    # the paragraph's own text opens with its marker: the pasted one is part of the text
    ("3. The third;", 0, "3", "3. The third;", "3. The third;"),
    # a preambular paragraph or the chapeau has no marker to strip
    ("1. Recalling;", 0, None, "Recalling;", "1. Recalling;"),
])
def test_only_the_paragraphs_own_marker_is_taken_off(text, level, marker, paragraph, kept):
    assert without_own_marker(text, level, marker, paragraph) == kept
