"""Three-way merge of word-level changes: carry an amendment onto a new revision, or say
exactly where it collides with it. Never lose a word without saying so.

Both changes are measured against their common `base`, token by token (`redline.tokens`):
"theirs" = base -> new revision, "ours" = base -> amendment. Each is a list of hunks, a range
of base tokens and the text written there (an insertion is an empty range at a point). Hunks
of one side never touch each other. A hunk of theirs and one of ours *collide* when:

1. their ranges overlap, or an insertion lies strictly inside the other's range; or
2. they meet - nothing lies between them but whitespace (or nothing at all): an insertion
   at either edge of the other's deleted or replaced range, two insertions at the same
   point, two ranges end to end, or two edits on neighbouring words ("shall" -> "should"
   beside "shall" -> "shall not"). Inserting a word next to a word the other side
   rewrote changes what both meant, so the Chair must see it;
3. unless they meet across a line break: one of them ends a line and the other begins the
   next (a line break in the whitespace between them, at the inner edge of either range,
   at the end of the first one's text or the start of the second one's). Drafts separate
   paragraphs and list items by line breaks, so deleting item 3 and inserting item 4 after
   it are independent. Two insertions at one point are independent only if exactly one
   order puts them on separate lines: a word appended to a paragraph and a new paragraph
   after it (which then comes second). Two new paragraphs at one point still collide:
   which comes first is the Chair's call, not the merger's.

A word or punctuation mark kept by both sides between two hunks always separates them.
Hunks that are identical on both sides are taken once; colliding hunks that make the same
text of the region they cover (the same change, aligned differently) are no conflict
either. Everything else is applied - every word either side kept or inserted is in the
result - and a collision is reported as an `Overlap` of the whole region involved, with
the result withheld: a consensus text is never merged silently and never half-merged.

The hunks come from the minimal word diff with its edits slid onto paragraph and line
boundaries (`redline.token_diff`), so a deleted paragraph is "item 3 + its line break", not
"3 + line break + the next item's first words", whichever way the diff first aligned it.
Texts are compared exactly: a changed space or line break is a change. diff-match-patch's
`patch_apply` is not used: its fuzzy matching applies hunks onto text another delegation
changed and deletes words it inserted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from drafting.redline import Engine, token_diff, tokens


@dataclass(frozen=True)
class Overlap:
    base_start: int  # character offsets in `base` of the region both sides changed
    base_end: int
    base_text: str  # base[base_start:base_end]
    theirs: str  # what the new revision made of that region
    ours: str  # what the amendment made of it


@dataclass(frozen=True)
class RebaseResult:
    text: str | None  # the amendment carried onto new_base; None when conflicts
    conflicts: tuple[Overlap, ...]

    @property
    def ok(self) -> bool:
        return not self.conflicts


@dataclass(frozen=True)
class _Hunk:
    start: int  # range of base tokens replaced
    end: int
    text: str  # what the side wrote instead
    side: str  # "theirs", "ours", or "both" for a hunk both sides made identically


def rebase(base: str, new_base: str, amended: str, *, engine: Engine = "auto") -> RebaseResult:
    """The amendment `amended` (of `base`) carried onto `new_base`, or its conflicts."""
    base_tokens = tuple(tokens(base))
    theirs, ours, both = _shared(_hunks(base, new_base, engine), _hunks(base, amended, engine))
    groups = _groups(_collisions(theirs, ours, base_tokens), theirs + ours + both)
    conflicts, dropped = [], set()
    for members in groups:
        overlap = _overlap(base_tokens, members)
        if overlap.theirs == overlap.ours:  # the same change, aligned differently
            dropped.update(h for h in members if h.side == "ours")
        else:
            conflicts.append(overlap)
    if conflicts:
        return RebaseResult(None, tuple(conflicts))
    kept = [h for h in theirs + ours + both if h not in dropped]
    return RebaseResult(_render(base_tokens, kept, 0, len(base_tokens)), ())


def overlaps(base: str, a: str, b: str) -> tuple[Overlap, ...]:
    """Where two changes of one base collide (`rebase(base, a, b).conflicts`)."""
    return rebase(base, a, b).conflicts


# --- hunks --------------------------------------------------------------------------------


def _hunks(base: str, other: str, engine: Engine) -> tuple[tuple[int, int, str], ...]:
    """Hunks of base -> other as (start, end, text). A revision's hunks serve every pending
    amendment of its paragraph, so paragraph-sized texts are remembered (large ones are not,
    to bound the memory the cache can hold)."""
    if len(base) + len(other) <= _CACHED_CHARS:
        return _remembered_hunks(base, other, engine)
    return _compute_hunks(base, other, engine)


def _compute_hunks(base: str, other: str, engine: Engine) -> tuple[tuple[int, int, str], ...]:
    hunks: list[tuple[int, int, str]] = []
    position, previous = 0, "="
    for op, toks in token_diff(tokens(base), tokens(other), engine):
        if op == "+" and previous == "-":  # the insertion of a replacement
            start, end, _ = hunks.pop()
            hunks.append((start, end, "".join(toks)))
        elif op == "+":
            hunks.append((position, position, "".join(toks)))
        elif op == "-":
            hunks.append((position, position + len(toks), ""))
        position += len(toks) if op != "+" else 0
        previous = op
    return tuple(hunks)


_CACHED_CHARS = 16_000
_remembered_hunks = lru_cache(maxsize=1024)(_compute_hunks)


def _shared(theirs, ours) -> tuple[list[_Hunk], list[_Hunk], list[_Hunk]]:
    """Theirs only, ours only, and the hunks both sides made identically (taken once)."""
    common = set(theirs) & set(ours)
    return ([_Hunk(*h, "theirs") for h in theirs if h not in common],
            [_Hunk(*h, "ours") for h in ours if h not in common],
            [_Hunk(*h, "both") for h in theirs if h in common])


# --- collisions ---------------------------------------------------------------------------


def _collisions(theirs: list[_Hunk], ours: list[_Hunk], base: tuple[str, ...]):
    """Colliding (theirs, ours) pairs. Only hunks with no kept word between them can
    collide; in word coordinates their closed ranges meet, which bounds the scan."""
    words = list(accumulate((not t.isspace() for t in base), initial=0))
    first = 0
    for t in theirs:
        while first < len(ours) and words[ours[first].end] < words[t.start]:
            first += 1
        for o in ours[first:]:
            if words[o.start] > words[t.end]:
                break
            if _collide(t, o, base, words):
                yield t, o


def _collide(a: _Hunk, b: _Hunk, base: tuple[str, ...], words: list[int]) -> bool:
    if a.start == a.end == b.start == b.end:
        return _same_point_order(a, b) is None
    first, second = sorted((a, b), key=lambda h: (h.start, h.end))
    if second.start < first.end:  # overlapping, or an insertion strictly inside
        return True
    if words[second.start] > words[first.end]:  # a word kept by both lies between
        return False
    return not _meet_across_line_break(first, second, base)


def _meet_across_line_break(first: _Hunk, second: _Hunk, base: tuple[str, ...]) -> bool:
    edges = list(base[first.end:second.start])
    edges += [base[first.end - 1]] if first.start < first.end else []
    edges += [base[second.start]] if second.start < second.end else []
    return (any("\n" in t for t in edges)
            or _ends_line(first.text) or _starts_line(second.text))


def _same_point_order(a: _Hunk, b: _Hunk) -> tuple[_Hunk, _Hunk] | None:
    """The one order in which two insertions at one point stand on separate lines; None
    when neither or both orders do (the Chair must then choose)."""
    a_first = _ends_line(a.text) or _starts_line(b.text)
    b_first = _ends_line(b.text) or _starts_line(a.text)
    if a_first == b_first:
        return None
    return (a, b) if a_first else (b, a)


def _ends_line(text: str) -> bool:
    return "\n" in text[len(text.rstrip()):]


def _starts_line(text: str) -> bool:
    return "\n" in text[:len(text) - len(text.lstrip())]


def _groups(pairs, hunks: list[_Hunk]) -> list[list[_Hunk]]:
    """Colliding hunks joined into regions (regions that meet become one), each with every
    other hunk that lies inside it."""
    regions: list[tuple[int, int, set[_Hunk]]] = []
    for members in sorted(_components(pairs), key=_span):
        start, end = _span(members)
        if regions and start <= regions[-1][1]:
            start, previous_end, previous = regions.pop()
            end, members = max(end, previous_end), previous | members
        regions.append((start, end, members))
    return [[h for h in hunks if h in members or (start < h.end and h.start < end)]
            for start, end, members in regions]


def _components(pairs) -> list[set[_Hunk]]:
    """Connected components of the collision graph (union-find)."""
    parent: dict[_Hunk, _Hunk] = {}

    def root(h: _Hunk) -> _Hunk:
        while parent.setdefault(h, h) != h:
            h = parent[h]
        return h

    for a, b in pairs:
        parent[root(a)] = root(b)
    components: dict[_Hunk, set[_Hunk]] = {}
    for h in list(parent):
        components.setdefault(root(h), set()).add(h)
    return list(components.values())


def _span(members: set[_Hunk]) -> tuple[int, int]:
    return min(h.start for h in members), max(h.end for h in members)


# --- text ---------------------------------------------------------------------------------


def _overlap(base: tuple[str, ...], members: list[_Hunk]) -> Overlap:
    start = min(h.start for h in members)
    end = max(h.end for h in members)
    offsets = list(accumulate(map(len, base[:end]), initial=0))
    theirs = [h for h in members if h.side != "ours"]
    ours = [h for h in members if h.side != "theirs"]
    return Overlap(offsets[start], offsets[end], "".join(base[start:end]),
                   _render(base, theirs, start, end), _render(base, ours, start, end))


def _render(base: tuple[str, ...], hunks: list[_Hunk], start: int, end: int) -> str:
    """base[start:end] with `hunks` (none overlapping) applied, in reading order."""
    out, position = [], start
    for h in sorted(hunks, key=_reading_order):
        out += [*base[position:h.start], h.text]
        position = h.end
    return "".join(out + list(base[position:end]))


def _reading_order(h: _Hunk) -> tuple:
    """Sorts by place; of two insertions at one point, the one that stays on the current
    line comes first and the one that opens a new line second (see `_same_point_order`)."""
    return (h.start, h.end, _starts_line(h.text), not _ends_line(h.text))
