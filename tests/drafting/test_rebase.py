from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.rebase import Overlap, RebaseResult, overlaps, rebase
from drafting.redline import tokens

SHALL = "The Council shall decide on the matter."


def merged(base: str, new_base: str, amended: str) -> str:
    result = rebase(base, new_base, amended)
    assert result.ok, result.conflicts
    return result.text


def collision(base: str, new_base: str, amended: str) -> tuple[Overlap, ...]:
    result = rebase(base, new_base, amended)
    assert (result.ok, result.text) == (False, None)
    assert overlaps(base, new_base, amended) == result.conflicts
    return result.conflicts


# --- exact results ------------------------------------------------------------------------


def test_disjoint_edits_in_one_paragraph_are_carried_over():
    base = "Calls on participating States to report annually on progress;"
    assert merged(base, "Calls on participating States to report biennially on progress;",
                  "Calls on participating States to report annually on their progress;") == (
        "Calls on participating States to report biennially on their progress;")


def test_edits_in_different_paragraphs_are_carried_over():
    assert merged("Welcomes the report.\n\nTasks the Secretariat.",
                  "Welcomes the report.\n\nTasks the OSCE Secretariat.",
                  "Welcomes the annual report.\n\nTasks the Secretariat.") == (
        "Welcomes the annual report.\n\nTasks the OSCE Secretariat.")


def test_the_same_word_changed_differently_is_a_conflict_with_its_place():
    assert collision(SHALL, SHALL.replace("shall", "should"), SHALL.replace("shall", "must")) == (
        Overlap(base_start=12, base_end=17, base_text="shall", theirs="should", ours="must"),)


def test_the_conflict_region_covers_both_changes_and_only_them():
    base = "Decides to hold a meeting in Vienna in 2027."
    assert collision(base, "Decides to hold a conference in Vienna in 2027.",
                     "Decides to hold a high-level meeting in Geneva in 2027.") == (
        Overlap(18, 25, "meeting", "conference", "high-level meeting"),)


def test_offsets_count_characters_of_unicode_text():
    base = "Россия и Türkiye приветствуют «доклад»."
    conflicts = collision(base, base.replace("доклад", "отчёт"), base.replace("доклад", "план"))
    assert conflicts == (Overlap(31, 37, "доклад", "отчёт", "план"),)
    assert base[31:37] == "доклад"


def test_the_identical_change_on_both_sides_is_taken_once():
    should = SHALL.replace("shall", "should")
    assert merged(SHALL, should, should) == should
    assert merged(SHALL, should + " It reports.", should) == should + " It reports."


def test_an_insertion_at_the_same_point_is_a_conflict():
    assert collision("Tasks the Secretariat.", "Tasks the Secretariat with a conference.",
                     "Tasks the Secretariat with a seminar.") == (
        Overlap(21, 21, "", " with a conference", " with a seminar"),)


def test_a_deletion_around_a_word_the_other_side_changed_is_a_conflict():
    base = "Decides to convene a meeting, which shall be open to all States, in Vienna."
    assert collision(base, "Decides to convene a meeting in Vienna.",
                     base.replace("all States", "all participating States")) == (
        Overlap(28, 64, ", which shall be open to all States,", "",
                ", which shall be open to all participating States,"),)


def test_a_deletion_around_a_word_the_other_side_inserted_is_a_conflict():
    base = "Decides to convene a meeting, which shall be open, in Vienna."
    assert collision(base, "Decides to convene a meeting, in Vienna.",
                     "Decides to convene a meeting, which shall be fully open, in Vienna.") == (
        Overlap(29, 50, " which shall be open,", "", " which shall be fully open,"),)


def test_no_new_revision_keeps_the_amendment_and_no_amendment_gives_the_revision():
    amended = SHALL.replace("shall", "should")
    assert rebase(SHALL, SHALL, amended) == RebaseResult(amended, ())
    assert rebase(SHALL, amended, SHALL) == RebaseResult(amended, ())
    assert rebase(SHALL, SHALL, SHALL) == RebaseResult(SHALL, ())


def test_whitespace_changes_count():
    assert collision("a  b", "a b", "a   b") == (Overlap(1, 3, "  ", " ", "   "),)


# --- the touching rule --------------------------------------------------------------------


def test_a_word_inserted_beside_a_word_the_other_side_replaced_is_a_conflict():
    assert collision(SHALL, SHALL.replace("shall", "should"),
                     SHALL.replace("shall", "shall not")) == (
        Overlap(12, 18, "shall ", "should ", "shall not "),)
    assert collision(SHALL, SHALL.replace("shall", "should"),
                     SHALL.replace("Council", "Council now")) == (
        Overlap(12, 17, "shall", "should", "now shall"),)


def test_changes_on_neighbouring_words_are_a_conflict():
    assert collision(SHALL, SHALL.replace("Council", "Chair"),
                     SHALL.replace("shall", "should")) == (
        Overlap(4, 17, "Council shall", "Chair shall", "Council should"),)


def test_one_word_kept_between_two_changes_separates_them():
    assert merged(SHALL, SHALL.replace("The", "A"), SHALL.replace("shall", "should")) == (
        "A Council should decide on the matter.")
    assert merged(SHALL, SHALL.replace("shall", "should"),
                  SHALL.replace("The", "The Permanent")) == (
        "The Permanent Council should decide on the matter.")
    assert merged(SHALL, SHALL.replace("decide", "rule"), SHALL.replace("the matter", "it")) == (
        "The Council shall rule on it.")


def test_a_deleted_item_and_a_new_item_after_it_are_independent():
    base = "Item 1\n\nItem 2\n\nItem 3"
    assert merged(base, "Item 1\n\nItem 3", "Item 1\n\nItem 2\n\nItem 2a\n\nItem 3") == (
        "Item 1\n\nItem 2a\n\nItem 3")
    assert merged(base, "Item 1\n\nItem 2\n\nItem 2a\n\nItem 3", "Item 1\n\nItem 3") == (
        "Item 1\n\nItem 2a\n\nItem 3")


def test_a_deleted_item_and_a_change_inside_it_are_a_conflict():
    base = "Item 1\n\nItem 2\n\nItem 3"
    assert collision(base, "Item 1\n\nItem 3", "Item 1\n\nItem two 2\n\nItem 3") == (
        Overlap(8, 16, "Item 2\n\n", "", "Item two 2\n\n"),)


def test_changes_on_either_side_of_a_line_break_are_independent():
    assert merged("Welcomes the report\nTasks the Secretariat",
                  "Welcomes the annual report\nTasks the Secretariat",
                  "Welcomes the report\nAlso tasks the Secretariat") == (
        "Welcomes the annual report\nAlso tasks the Secretariat")


def test_a_word_appended_to_a_paragraph_and_a_new_paragraph_after_it():
    base = "Welcomes the report."
    expected = "Welcomes the report. It thanks the Chair.\n\nTasks the Secretariat."
    assert merged(base, base + " It thanks the Chair.", base + "\n\nTasks the Secretariat.") == (
        expected)
    assert merged(base, base + "\n\nTasks the Secretariat.", base + " It thanks the Chair.") == (
        expected)


def test_two_new_paragraphs_at_the_same_point_are_a_conflict():
    base = "Welcomes the report."
    assert collision(base, base + "\n\nTasks the Secretariat.", base + "\n\nThanks Malta.") == (
        Overlap(20, 20, "", "\n\nTasks the Secretariat.", "\n\nThanks Malta."),)


# --- properties ---------------------------------------------------------------------------
#
# Base texts are unique words w0, w1, ... so that every edit can be traced in the result;
# each side writes fresh words of its own (T… for theirs, O… for ours).

SEPARATORS = [" ", " ", " ", ", ", "; ", "\n", "\n\n", " - "]
KINDS = ["replace", "delete", "insert"]


@st.composite
def paragraphs(draw) -> tuple[list[str], list[str]]:
    n = draw(st.integers(5, 16))
    return [f"w{i}" for i in range(n)], draw(st.lists(
        st.sampled_from(SEPARATORS), min_size=n - 1, max_size=n - 1))


def render(words: list[str], seps: list[str], edits: dict[int, tuple[str, str]]) -> str:
    """The text with edits {word index: (kind, fresh word)}; a deleted word takes the
    separator before it, an inserted word goes right after its word."""
    out = []
    for i, word in enumerate(words):
        kind, fresh = edits.get(i, ("keep", ""))
        sep = seps[i - 1] if i else ""
        if kind != "delete":
            out.append(sep + {"replace": fresh, "insert": f"{word} {fresh}"}.get(kind, word))
    return "".join(out)


@st.composite
def separated_edits(draw):
    """Edits of both sides, each at least one untouched word away from the other side's."""
    words, seps = draw(paragraphs())
    owners = draw(st.lists(st.sampled_from([None, None, "T", "O"]),
                           min_size=len(words), max_size=len(words)))
    for i in range(1, len(words)):
        if owners[i] and owners[i - 1] and owners[i] != owners[i - 1]:
            owners[i] = None
    edits = {"T": {}, "O": {}}
    for i, owner in enumerate(owners):
        if owner:
            kind = draw(st.sampled_from(KINDS if i else ["replace", "insert"]))
            edits[owner][i] = (kind, f"{owner}{i}")
    return words, seps, edits["T"], edits["O"]


@settings(max_examples=300, deadline=None)
@given(separated_edits())
def test_separated_edits_of_both_sides_are_all_applied(case):
    words, seps, theirs, ours = case
    result = rebase(render(words, seps, {}), render(words, seps, theirs), render(words, seps, ours))
    assert result == RebaseResult(render(words, seps, theirs | ours), ())


@st.composite
def overlapping_edits(draw):
    """One word both sides edit, or a range one side deletes with an edit of the other side
    strictly inside; possibly more edits of either side elsewhere."""
    words, seps = draw(paragraphs())
    k = draw(st.integers(2, len(words) - 3))
    theirs = {k: ("replace", f"T{k}")}
    ours = {k: (draw(st.sampled_from(["replace", "delete"])), f"O{k}")}
    if draw(st.booleans()):  # a deleted range [k-1, k+1] around an edit of the other side
        theirs = {i: ("delete", "") for i in (k - 1, k, k + 1)}
        ours = {k - 1: ("insert", f"O{k}")} if draw(st.booleans()) else {k: ("replace", f"O{k}")}
    far = draw(st.sampled_from([i for i in range(len(words)) if abs(i - k) > 3] or [None]))
    if far is not None:
        (theirs if draw(st.booleans()) else ours)[far] = ("replace", f"X{far}")
    if draw(st.booleans()):
        theirs, ours = ours, theirs
    return words, seps, theirs, ours, k


@settings(max_examples=300, deadline=None)
@given(overlapping_edits())
def test_overlapping_edits_are_reported_never_merged(case):
    words, seps, theirs, ours, k = case
    base = render(words, seps, {})
    result = rebase(base, render(words, seps, theirs), render(words, seps, ours))
    assert not result.ok and result.text is None
    assert any(f"w{k}" in tokens(o.base_text) for o in result.conflicts)
    for o in result.conflicts:
        assert base[o.base_start:o.base_end] == o.base_text


@st.composite
def any_edits(draw):
    words, seps = draw(paragraphs())
    sides = []
    for owner in "TO":
        places = draw(st.lists(st.integers(1, len(words) - 1), unique=True, max_size=5))
        sides.append({i: (draw(st.sampled_from(KINDS)), f"{owner}{i}") for i in places})
    return words, seps, sides[0], sides[1]


@settings(max_examples=500, deadline=None)
@given(any_edits())
def test_a_merge_never_drops_a_word_silently(case):
    words, seps, theirs, ours = case
    result = rebase(render(words, seps, {}), render(words, seps, theirs),
                    render(words, seps, ours))
    if result.ok:  # fresh words are unique to their side, base words unique in the base
        present = Counter(tokens(result.text))
        inserted = [fresh for kind, fresh in [*theirs.values(), *ours.values()]
                    if kind != "delete"]
        kept = [w for i, w in enumerate(words)
                if theirs.get(i, ("keep",))[0] in ("keep", "insert")
                and ours.get(i, ("keep",))[0] in ("keep", "insert")]
        assert all(present[w] == 1 for w in inserted + kept)


draft_like = st.lists(st.sampled_from(["the", "shall", "should", "a", "b", ",", ".", " ",
                                       "  ", "\n", "\n\n"]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(base=draft_like, a=draft_like, b=draft_like)
def test_rebasing_is_symmetric_and_reports_base_text_exactly(base, a, b):
    forward, backward = rebase(base, a, b), rebase(base, b, a)
    assert (forward.ok, forward.text) == (backward.ok, backward.text)
    assert [(o.base_start, o.theirs, o.ours) for o in forward.conflicts] == [
        (o.base_start, o.ours, o.theirs) for o in backward.conflicts]
    for o in forward.conflicts:
        assert base[o.base_start:o.base_end] == o.base_text


@settings(max_examples=300, deadline=None)
@given(base=st.one_of(st.text(), draft_like), other=st.one_of(st.text(), draft_like))
def test_one_side_unchanged_or_both_the_same_gives_the_changed_text(base, other):
    assert rebase(base, base, other) == RebaseResult(other, ())
    assert rebase(base, other, base) == RebaseResult(other, ())
    assert rebase(base, other, other) == RebaseResult(other, ())
