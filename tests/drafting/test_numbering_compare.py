from dataclasses import dataclass

from drafting.compare import REWRITE_MIN_CHARS, compare, rewritten
from drafting.numbering import Numbered, letter, renumber, roman


def test_renumbering_counts_each_level_afresh():
    ps = [Numbered("preambular", 0, None), Numbered("operative", 0, None),
          Numbered("operative", 0, "1"), Numbered("operative", 1, "new"),
          Numbered("operative", 2, "i"), Numbered("operative", 2, "new"),
          Numbered("operative", 1, "a"), Numbered("operative", 0, "new"),
          Numbered("operative", 0, "3"), Numbered("operative", 1, "c")]
    assert [p.marker for p in renumber(ps)] == [
        None, None, "1", "a", "i", "ii", "b", "2", "3", "a"]
    assert [roman(n) for n in (1, 4, 9, 14, 39)] == ["i", "iv", "ix", "xiv", "xxxix"]
    assert [letter(n) for n in (1, 26, 27)] == ["a", "z", "aa"]


@dataclass
class P:
    key: str
    label: str
    text: str


def test_compare_follows_keys_through_renumbering_moves_and_deletions():
    old = [P("a", "OP1", "One."), P("b", "OP2", "Two."), P("c", "OP3", "Three."),
           P("d", "OP4", "Four."), P("e", "OP5", "Five.")]
    new = [P("a", "OP1", "One."), P("c", "OP2", "Three, amended."), P("n", "OP3", "New."),
           P("e", "OP4", "Five."), P("b", "OP5", "Two.")]
    rows = compare(old, new)
    assert [(r.key, r.from_label, r.to_label, r.change, r.moved) for r in rows] == [
        ("a", "OP1", "OP1", "unchanged", False),
        ("c", "OP3", "OP2", "modified", False),
        ("d", "OP4", None, "deleted", False),
        ("n", None, "OP3", "inserted", False),
        ("e", "OP5", "OP4", "unchanged", False),
        ("b", "OP2", "OP5", "unchanged", True),
    ]
    assert rows[1].redline == [("=", "Three"), ("+", ", amended"), ("=", ".")]


def test_a_long_paragraph_rewritten_whole_is_shown_replaced_whole():
    """Past REWRITE_MIN_CHARS, a paragraph sharing under a third of its word pairs with
    its old text is struck and inserted whole; an edit of one is still redlined word by
    word, and so is any short paragraph."""
    old = " ".join(f"commitment {n} of the participating States;" for n in range(60))
    new = " ".join(f"measure {n} taken by the executive structures," for n in range(60))
    assert min(len(old), len(new)) > REWRITE_MIN_CHARS
    [row] = compare([P("a", "OP1", old)], [P("a", "OP1", new)])
    assert (row.change, row.redline) == ("modified", [("-", old), ("+", new)])

    edited = old.replace("commitment 7 ", "pledge 7 ")
    [row] = compare([P("a", "OP1", old)], [P("a", "OP1", edited)])
    assert [(op, text) for op, text in row.redline if op != "="] == [
        ("-", "commitment"), ("+", "pledge")]
    assert not rewritten("Welcomes the report.", "Notes the decision.")
