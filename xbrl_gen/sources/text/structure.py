"""Depth, totals and balances of a table's rows, from wording and arithmetic.

Text extraction loses indentation, so it is rebuilt: a caption opens a group, its items sit one
level deeper, and the total that closes it ("Total current assets" for "Current assets", a bare
"Total" for the innermost caption) sits with its items, as in the statements file. Lines that
are totals without saying so (gross profit, a subtotal) are found by arithmetic.

The numbers decide through ``summations.infer_summations``, the rule the calculation
linkbase is built by (a total adds up the lines since an enclosing caption that no earlier total
absorbed), so the depth written out is one the build step can prove:

* an unlabelled line that such a sum proves is a total; it moves out of captions that end
  before it, to the level of the caption its sum starts at (operating profit at the top level,
  a cash flow "Sub total" next to the items of its section);
* a labelled total no caption names goes one or two levels deeper when that lets a nearer
  caption start its sum (US GAAP "Total equity" after "Total shareholders' equity").

Balances in duration columns (cash at beginning and end, equity balances) get ``at``; when the
label says "beginning" but the roll-forward shows the closing balance, the arithmetic wins and a
warning says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from xbrl_gen.labels import normalize
from xbrl_gen.model import At, Issue, Line, Statement, StatementKind
from xbrl_gen.sources.text import vocabulary as vocab
from xbrl_gen.sources.text.tables import RawRow, warning
from xbrl_gen.summations import infer_summations

_MIN_COMPONENTS = 2  # an unlabelled line is a total only when it adds up two lines or more
_DEEPER = (0, 1, 2)  # levels a labelled total may go down to find the caption its sum starts at
_UNPROVEN = -2  # no sum proves the line (-1 stands for the start of the statement)


@dataclass(frozen=True)
class Shape:
    depth: int
    total: bool
    at: At | None


@dataclass(frozen=True)
class _Frame:
    """An open caption: its row (-1 for the statement), its depth, whether lines were added."""

    header: int
    depth: int
    filled: bool = False


def shape(rows: list[RawRow], kind: StatementKind, title: str, where: list[str]) -> tuple[list[Shape], list[Issue]]:
    """The shape of each row; ``where`` gives each row's file:line for warnings."""
    balances, issues = _balances(rows, kind, title, where)
    builder = _Builder(rows, balances)
    for index in range(len(rows)):
        builder.place(index)
    placed = zip(builder.depth, builder.total, strict=True)
    return [Shape(depth, total, balances.get(i)) for i, (depth, total) in enumerate(placed)], issues


class _Builder:
    """Places rows one by one; a trial is kept only when the arithmetic proves it."""

    def __init__(self, rows: list[RawRow], balances: dict[int, At]) -> None:
        self.rows = rows
        self.balances = balances
        self.depth = [0] * len(rows)
        self.total = [False] * len(rows)
        self.stack: list[_Frame] = [_Frame(header=-1, depth=-1)]

    def place(self, index: int) -> None:
        row = self.rows[index]
        if index in self.balances:
            del self.stack[1:]
            self._set(index, 0)
        elif row.is_header:
            self._place_caption(index)
        elif vocab.TOTAL_WORDING.search(row.label):
            self._place_labelled_total(index)
        elif not self._proven_total(index, (0,), _MIN_COMPONENTS):
            self._set(index, self.stack[-1].depth + 1)

    def _place_caption(self, index: int) -> None:
        """A caption nests in the one above it, unless that one has lines already and no later
        total closes it: then it ends there and the new caption is its sibling."""
        if normalize(self.rows[index].label) in vocab.STANDALONE_CAPTIONS:
            self.depth[index] = self.stack[-1].depth + 1
            return
        while len(self.stack) > 1 and self.stack[-1].filled and not self._closer_ahead(self.stack[-1], index, opened=1):
            self.stack.pop()
        self.depth[index] = self.stack[-1].depth + 1
        self.stack.append(_Frame(index, self.depth[index]))

    def _place_labelled_total(self, index: int) -> None:
        target = None if vocab.SUBTOTAL.match(self.rows[index].label) else self._named_caption(index)
        if target is not None:
            del self.stack[target + 1 :]
            frame = self.stack.pop()
            self._set(index, frame.depth + 1, total=True)
        elif not self._proven_total(index, _DEEPER):
            self._set(index, self.stack[-1].depth + 1, total=True)

    # -- captions closed by wording -------------------------------------------------------------
    def _named_caption(self, index: int) -> int | None:
        """Stack position of the caption this total names: the innermost caption with lines for a
        bare "Total"; else one named exactly, else one whose words it contains (unless a later
        total names that one exactly)."""
        label = self.rows[index].label
        frames = list(enumerate(self.stack))[1:][::-1]
        if vocab.BARE_TOTAL.match(label):
            return next((position for position, frame in frames if frame.filled), None)
        for position, frame in frames:
            if _names_exactly(label, self.rows[frame.header].label):
                return position
        for position, frame in frames:
            caption = self.rows[frame.header].label
            if _names_loosely(label, caption) and not self._exact_closer_ahead(caption, index):
                return position
        return None

    def _closer_ahead(self, frame: _Frame, index: int, opened: int = 0) -> bool:
        """Whether a later total will close ``frame``: one naming it, or a bare "Total" reached
        when the captions opened meanwhile are closed again."""
        caption = self.rows[frame.header].label
        for row in self.rows[index + 1 :]:
            if row.is_header:
                opened += normalize(row.label) not in vocab.STANDALONE_CAPTIONS
            elif vocab.TOTAL_WORDING.search(row.label) and not vocab.SUBTOTAL.match(row.label):
                if _names_exactly(row.label, caption) or _names_loosely(row.label, caption):
                    return True
                if vocab.BARE_TOTAL.match(row.label) and not opened:
                    return True
                opened = max(0, opened - 1)
        return False

    def _exact_closer_ahead(self, caption: str, index: int) -> bool:
        return any(not r.is_header and _names_exactly(r.label, caption) for r in self.rows[index + 1 :])

    # -- totals proven by arithmetic ------------------------------------------------------------
    def _proven_total(self, index: int, deeper: tuple[int, ...], minimum: int = 1) -> bool:
        """Place the row as a total at the innermost level (or ``deeper``) if a sum proves it,
        then move it out to the caption its sum starts at."""
        base = self.stack[-1].depth + 1
        for extra in deeper:
            start = self._proof(index, base + extra, minimum)
            if start != _UNPROVEN:
                self._set(index, base + extra, total=True)
                self._move_out(index, start, minimum)
                return True
        return False

    def _move_out(self, index: int, start: int, minimum: int) -> None:
        """A total whose sum starts at an outer caption (or the statement start) ends the open
        captions inside that one, and that one too unless a later total closes it."""
        position = next((p for p, frame in enumerate(self.stack) if frame.header == start), None)
        if position is None or any(self._closer_ahead(f, index) for f in self.stack[position + 1 :]):
            return
        frame = self.stack[position]
        closes = position > 0 and not self._closer_ahead(frame, index)
        if frame.depth + 1 == self.depth[index] and not closes:
            return
        if self._proof(index, frame.depth + 1, minimum) == start:
            del self.stack[position if closes else position + 1 :]
            self._set(index, frame.depth + 1, total=True)

    def _proof(self, index: int, depth: int, minimum: int) -> int:
        """Where the sum proving row ``index`` as a total at ``depth`` starts: a caption's row,
        -1 for the statement start, or _UNPROVEN."""
        if not any(self.rows[index].values):
            return _UNPROVEN
        lines = tuple(
            Line(
                f"r{i}",
                row.label,
                depth if i == index else self.depth[i],
                row.values,
                i == index or self.total[i],
                at=self.balances.get(i),
            )
            for i, row in enumerate(self.rows[: index + 1])
        )
        found = infer_summations(Statement("trial", StatementKind.OTHER, "", (), lines), after_totals=False)
        children = found.children.get(f"r{index}", ()) if f"r{index}" in found.proven else ()
        if len(children) < minimum:
            return _UNPROVEN
        header = found.closes.get(f"r{index}")
        return int(header[1:]) if header else -1

    def _set(self, index: int, depth: int, total: bool = False) -> None:
        self.depth[index], self.total[index] = depth, total
        self.stack[-1] = replace(self.stack[-1], filled=True)


def _names_exactly(total: str, caption: str) -> bool:
    return normalize(vocab.without_total(total)) == normalize(caption)


def _names_loosely(total: str, caption: str) -> bool:
    """The total's label holds every word of the caption ("Net cash provided by operating
    activities" for "Operating activities:")."""
    caption_words = vocab.words(caption)
    return bool(caption_words) and caption_words <= vocab.words(total)


# -- balances ---------------------------------------------------------------------------------


def _balances(
    rows: list[RawRow], kind: StatementKind, title: str, where: list[str]
) -> tuple[dict[int, At], list[Issue]]:
    if kind is StatementKind.CASH_FLOWS:
        return _cash_balances(rows, title, where)
    if kind is StatementKind.CHANGES_IN_EQUITY:
        found = [
            i
            for i, r in enumerate(rows)
            if not r.is_header and (vocab.BALANCE.match(r.label) or _says(r.label) is not None)
        ]
        if len(found) >= 2:
            return {i: ("end" if i == found[-1] else "start") for i in found}, []
    return {}, []


def _cash_balances(rows: list[RawRow], title: str, where: list[str]) -> tuple[dict[int, At], list[Issue]]:
    """Cash at the beginning and end of the period; when both labels say the same, the
    roll-forward (opening + net change (+ exchange effect) = closing) decides."""
    found = [i for i, r in enumerate(rows) if not r.is_header and vocab.CASH.search(r.label) and _says(r.label)]
    roles: dict[int, At] = {i: said for i in found if (said := _says(rows[i].label)) is not None}
    if len(found) == 2:
        first, second = found
        if _rolls_forward(rows, first, second):
            roles = {first: "start", second: "end"}
        elif _rolls_forward(rows, second, first):
            roles = {second: "start", first: "end"}
    issues = []
    for index, role in roles.items():
        if _says(rows[index].label) not in (role, None):
            balance, printed = ("closing", "beginning") if role == "end" else ("opening", "end")
            message = (
                f"{title}: {rows[index].label!r} is the {balance} balance (the roll-forward shows it) "
                f"but its label says {printed}; kept as printed"
            )
            issues.append(warning("mislabeled-balance", message, where[index]))
    return roles, issues


def _says(label: str) -> At | None:
    if vocab.OPENING.search(label):
        return "start"
    if vocab.CLOSING.search(label):
        return "end"
    return None


def _rolls_forward(rows: list[RawRow], opening: int, closing: int) -> bool:
    net = [i for i, r in enumerate(rows) if vocab.NET_CHANGE_IN_CASH.match(r.label) and not r.is_header]
    if not net:
        return False
    effects = [
        i
        for i in range(net[-1] + 1, len(rows))
        if vocab.EXCHANGE_EFFECT.search(rows[i].label) and not rows[i].is_header
    ]
    return _is_sum(rows, closing, [opening, net[-1], *effects])


def _is_sum(rows: list[RawRow], index: int, parts: list[int]) -> bool:
    """Row ``index`` equals the sum of rows ``parts`` in every column (empty cells count as 0)."""
    for column, value in enumerate(rows[index].values):
        expected = sum((rows[j].values[column] or Decimal(0) for j in parts), Decimal(0))
        if (value or Decimal(0)) != expected:
            return False
    return True
