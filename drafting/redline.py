"""Word-level redlines: which words of a paragraph were deleted, inserted or kept.

A text is cut into tokens (`\\w+`, single punctuation marks, whitespace runs), each distinct
token becomes one character, and diff-match-patch diffs those strings, the way
`diff_linesToChars` diffs lines. Changes therefore always cover whole words: "shall" ->
"should" is one deletion and one insertion, never "sh|all|ould". The diff runs without a
time limit, so the same texts always give the same redline.

Two layers:
- `token_diff` is the minimal diff, with each lone insertion or deletion slid onto the
  strongest boundary it can take (blank line > line break > end of sentence > space), as
  diff-match-patch's `diff_cleanupSemanticLossless` does for characters. `rebase` merges
  these changes: the smaller they are, the fewer false conflicts.
- `redline` is what people read: it also folds short equalities between two changes into
  them (diff-match-patch's semantic cleanup, counted in characters of whole tokens, and any
  whitespace-only equality), so "old words" -> "new phrase" reads as one change.

The C++ accelerator `fast_diff_match_patch` (extra `plenary[fast]`) is used when
installed; `engine="python"` or `"fast"` chooses one (tests and benchmarks compare them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal

from diff_match_patch import diff_match_patch

try:
    import fast_diff_match_patch as _fast
except ImportError:  # optional: the pure-Python engine gives valid redlines on its own
    _fast = None

Op = tuple[str, str]  # ("=", text) | ("-", text) | ("+", text)
TokenOp = tuple[str, list[str]]
Engine = Literal["python", "fast", "auto"]

HAVE_FAST = _fast is not None
_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")
_WORD = re.compile(r"\w")
_DMP = diff_match_patch()
_DMP.Diff_Timeout = 0  # no deadline: a deadline would make the output depend on the machine
_PY_OPS = {-1: "-", 0: "=", 1: "+"}
_FIRST_CODE = 0x100
_SLIDE_WINDOW = 32  # tokens an edit may slide; longer runs of one repeated word are absurd


def tokens(text: str) -> list[str]:
    """Words, single punctuation marks and whitespace runs; joined they give `text` back."""
    return _TOKEN.findall(text)


def old_text(ops: Iterable[Op]) -> str:
    return "".join(text for op, text in ops if op != "+")


def new_text(ops: Iterable[Op]) -> str:
    return "".join(text for op, text in ops if op != "-")


def redline(old: str, new: str, engine: Engine = "auto") -> list[Op]:
    """The changes from `old` to `new`, word by word, as people read them."""
    ops = _readable(token_diff(tokens(old), tokens(new), engine))
    return [(op, "".join(toks)) for op, toks in ops]


def token_diff(old: Sequence[str], new: Sequence[str], engine: Engine = "auto") -> list[TokenOp]:
    """The minimal diff of two token lists, normalised (see the module docstring)."""
    old_chars, new_chars = _as_chars(old, new)
    ops, i, j = [], 0, 0  # i, j: tokens of old and of new consumed so far
    for op, n in _diff_counts(old_chars, new_chars, engine):
        ops.append((op, list(new[j:j + n] if op == "+" else old[i:i + n])))
        i += n if op != "+" else 0
        j += n if op != "-" else 0
    return _slide(_normalise(ops))


# --- the diff engines ---------------------------------------------------------------------


def _as_chars(old: Sequence[str], new: Sequence[str]) -> tuple[str, str]:
    """Each distinct token as one character, shared by both texts."""
    distinct = dict.fromkeys(old)
    distinct.update(dict.fromkeys(new))
    codes = dict(zip(distinct, _characters(len(distinct)), strict=True))
    return "".join(map(codes.__getitem__, old)), "".join(map(codes.__getitem__, new))


def _characters(n: int) -> list[str]:
    """n characters from U+0100 on, clear of control characters, skipping the surrogates
    (which are not characters the C++ engine accepts everywhere)."""
    stop = _FIRST_CODE + n + (0x800 if _FIRST_CODE + n > 0xD800 else 0)
    if stop > 0x110000:
        raise ValueError("too many distinct words to diff")
    return [chr(c) for c in range(_FIRST_CODE, stop) if not 0xD800 <= c < 0xE000]


def _diff_counts(a: str, b: str, engine: Engine) -> list[tuple[str, int]]:
    if _use_fast(engine):
        return _fast.diff(a, b, timelimit=0, checklines=False, cleanup="No", counts_only=True)
    return [(_PY_OPS[op], len(text)) for op, text in _DMP.diff_main(a, b, False)]


def _use_fast(engine: Engine) -> bool:
    if engine == "fast" and not HAVE_FAST:
        raise RuntimeError("fast_diff_match_patch is not installed (pip install 'plenary[fast]')")
    if engine not in ("python", "fast", "auto"):
        raise ValueError(f"unknown diff engine {engine!r}")
    return engine == "fast" or (engine == "auto" and HAVE_FAST)


# --- normal form --------------------------------------------------------------------------


def _normalise(ops: Iterable[TokenOp]) -> list[TokenOp]:
    """Equalities merged, each change as one deletion then one insertion, and tokens that
    a deletion and its insertion share at either end given back to the equalities."""
    out: list[TokenOp] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for op, toks in ops:
        if op == "=":
            _flush_change(out, deleted, inserted)
            deleted, inserted = [], []
            _emit(out, "=", toks)
        else:
            (deleted if op == "-" else inserted).extend(toks)
    _flush_change(out, deleted, inserted)
    return out


def _flush_change(out: list[TokenOp], deleted: list[str], inserted: list[str]) -> None:
    head = _common_prefix(deleted, inserted)
    tail = _common_suffix(deleted[head:], inserted[head:])
    _emit(out, "=", deleted[:head])
    _emit(out, "-", deleted[head:len(deleted) - tail])
    _emit(out, "+", inserted[head:len(inserted) - tail])
    _emit(out, "=", deleted[len(deleted) - tail:])


def _emit(out: list[TokenOp], op: str, toks: list[str]) -> None:
    if not toks:
        return
    if out and out[-1][0] == op:
        out[-1] = (op, out[-1][1] + toks)
    else:
        out.append((op, list(toks)))


def _common_prefix(a: Sequence[str], b: Sequence[str]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: Sequence[str], b: Sequence[str]) -> int:
    return _common_prefix(a[::-1], b[::-1])


# --- sliding edits onto good boundaries ---------------------------------------------------


def _slide(ops: list[TokenOp]) -> list[TokenOp]:
    """Each lone insertion or deletion between two equalities moved to where its edges fall
    on the strongest boundaries; on a tie the rightmost place, as diff-match-patch does."""
    ops = list(ops)
    for k in range(1, len(ops) - 1):
        if ops[k][0] != "=" and ops[k - 1][0] == "=" and ops[k + 1][0] == "=":
            before, edit, after = _best_place(ops[k - 1][1], ops[k][1], ops[k + 1][1])
            ops[k - 1], ops[k], ops[k + 1] = ("=", before), (ops[k][0], edit), ("=", after)
    return _normalise(ops)


def _best_place(before: list[str], edit: list[str], after: list[str]
                ) -> tuple[list[str], list[str], list[str]]:
    # A window around the edit; where it cuts an equality short, the token at the cut stays
    # as context for scoring and the edit may not slide onto it.
    left, right = before[-_SLIDE_WINDOW - 1:], after[:_SLIDE_WINDOW + 1]
    seq, width, start = left + edit + right, len(edit), len(left)
    lowest = 0 if len(left) == len(before) else 1
    highest = len(seq) if len(right) == len(after) else len(seq) - 1
    while start > lowest and seq[start - 1] == seq[start + width - 1]:
        start -= 1
    best, best_score = start, _place_score(seq, start, width)
    while start + width < highest and seq[start] == seq[start + width]:
        start += 1
        score = _place_score(seq, start, width)
        if score >= best_score:
            best, best_score = start, score
    if best == len(left):
        return before, edit, after
    kept = before[:len(before) - len(left)]
    return kept + seq[:best], seq[best:best + width], seq[best + width:] + after[len(right):]


def _place_score(seq: list[str], start: int, width: int) -> int:
    end = start + width
    return (_boundary(seq[start - 1] if start else None, seq[start])
            + _boundary(seq[end - 1], seq[end] if end < len(seq) else None))


def _boundary(left: str | None, right: str | None) -> int:
    """How good a place the point between two tokens is for an edit to begin or end."""
    if left is None or right is None:
        return 6  # the edge of the text, or the edge of the neighbouring change
    if left.count("\n") > 1 or right.count("\n") > 1:
        return 5
    if "\n" in left or "\n" in right:
        return 4
    if _is_mark(left) and right.isspace():
        return 3
    if left.isspace() or right.isspace():
        return 2
    return 1 if _is_mark(left) or _is_mark(right) else 0


def _is_mark(token: str) -> bool:
    return not token.isspace() and not _WORD.match(token)


# --- readability --------------------------------------------------------------------------


def _readable(ops: list[TokenOp]) -> list[TokenOp]:
    """Short equalities between two changes folded into them, until none is left to fold."""
    while any(op == "=" and _is_short_between(ops, k) for k, (op, _) in enumerate(ops)):
        folded = _slide(_normalise(_fold_short_equalities(ops)))
        if _equalities(folded) >= _equalities(ops):  # folding only moved tokens around
            break
        ops = folded
    return ops


def _fold_short_equalities(ops: list[TokenOp]) -> list[TokenOp]:
    out: list[TokenOp] = []
    for k, (op, toks) in enumerate(ops):
        if op == "=" and _is_short_between(ops, k):
            out += [("-", toks), ("+", toks)]
        else:
            out.append((op, toks))
    return out


def _is_short_between(ops: list[TokenOp], k: int) -> bool:
    before, after = _change_size(ops, k, -1), _change_size(ops, k, +1)
    if not before or not after:
        return False
    text = "".join(ops[k][1])
    return text.isspace() or len(text) <= min(before, after)


def _change_size(ops: list[TokenOp], k: int, step: int) -> int:
    """Characters of the larger side (deleted or inserted) of the change next to ops[k]."""
    sizes = {"-": 0, "+": 0}
    k += step
    while 0 <= k < len(ops) and ops[k][0] != "=":
        sizes[ops[k][0]] += sum(map(len, ops[k][1]))
        k += step
    return max(sizes.values())


def _equalities(ops: list[TokenOp]) -> int:
    return sum(op == "=" for op, _ in ops)
