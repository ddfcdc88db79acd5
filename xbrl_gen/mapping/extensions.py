"""Company extension concepts for lines no IFRS concept fits: their names, and their declaration
once the statement is mapped (the balance depends on the totals the line adds into)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from xbrl_gen.errors import MappingError
from xbrl_gen.labels import normalize
from xbrl_gen.mapping.place import LineContext
from xbrl_gen.mapping.search import TWO_WAY
from xbrl_gen.mapping.signs import Chosen, negative, side
from xbrl_gen.mapping.vetoes import item_type
from xbrl_gen.model import Balance, Concept, ItemType, Line, MappingChoice, Period, PeriodType, Statement
from xbrl_gen.names import WORDS, pascal_name, pascal_words

_DATA_TYPES = {
    ItemType.MONETARY: "xbrli:monetaryItemType",
    ItemType.PER_SHARE: "dtr-types:perShareItemType",
    ItemType.SHARES: "xbrli:sharesItemType",
}
_GENERIC_NAMES = frozenset({"Other", "Total", "Others", "SubTotal", "Subtotal"})


@dataclass(frozen=True)
class ExtensionPick:
    """A line that gets a company concept; declared once the whole statement is mapped, because
    its balance depends on the totals it adds into."""

    name: str
    choice: MappingChoice
    want: PeriodType


def extension_name(line: Line, context: LineContext) -> str:
    """The label in PascalCase; a generic or short one ("Other", "Total", "Net") is prefixed by
    its nearest header, which tells it apart."""
    words = WORDS.findall(line.label)
    name = pascal_words(words, "Line", 200)
    if (name in _GENERIC_NAMES or len(words) < 3) and context.ancestors:
        name = pascal_name(f"{context.ancestors[-1]} {name}", "Line", 200)
    return name


def extension_balance(
    line: Line, statement: Statement, parent_of: dict[str, str], chosen: dict[str, Chosen]
) -> Balance:
    """The side its presented amounts mean, flipped for lines shown mostly negative (costs,
    payments) so they are stored as positive debits or credits; a label that names both
    directions ("increase (decrease)") keeps the presented orientation."""
    presented = side(line.id, statement, parent_of, chosen)
    if TWO_WAY.search(normalize(line.label)):
        return presented
    return presented.opposite() if negative(line) else presented


class Extensions:
    """The company concepts declared so far in one filing. A name never repeats a core concept's
    (Arelle's ESEF check extensionElementDuplicatesCoreElement), and two lines of different
    statements or sections whose figures differ never share a name the engine made."""

    def __init__(self, prefix: str, core: Iterable[str]) -> None:
        self.prefix = prefix
        self.core = frozenset(q.partition(":")[2] for q in core)
        self.concepts: dict[str, Concept] = {}
        self.owner: dict[str, str] = {}
        self.values: dict[str, dict[Period, Decimal]] = {}  # presented amounts by period, of 1-D statements
        # the lines declared since, whose amounts are added to ``values`` only when a line would
        # take the name (most never share one)
        self.unread: dict[str, list[tuple[Line, Statement]]] = {}

    def name(self, pick: ExtensionPick, balance: Balance, statement: Statement, line: Line, section: str | None) -> str:
        """The pick's name, told apart by the statement kind ("...CashFlows") and then the
        section when it would repeat a core concept's name or another line's concept that differs
        in period type, balance or figures. Names from rules change only to leave a core name."""
        if pick.choice.layer == "explicit":
            return pick.name  # the user's own concept name
        kind = _title(statement.kind.value)
        names = [pick.name, pick.name + kind, pick.name + kind + _title(section or "")]
        names = [n for n in dict.fromkeys(names) if n not in self.core] or [pick.name + kind + "Extension"]
        if pick.choice.layer != "extension":
            return names[0]
        for name in names:  # the line's amounts are compared only with a concept of the name's already
            known = self.concepts.get(f"{self.prefix}:{name}")
            if known is None or (
                (known.period_type, known.balance) == (pick.want, balance)
                and self._agrees(name, _amounts(line, statement))
            ):
                return name
        return names[-1]

    def _agrees(self, name: str, amounts: dict[Period, Decimal]) -> bool:
        qname = f"{self.prefix}:{name}"
        known = self.values.setdefault(qname, {})
        for line, statement in self.unread.pop(qname, []):
            known.update(_amounts(line, statement))
        return all(abs(known[p]) == abs(v) for p, v in amounts.items() if p in known)

    def declare(self, local: str, line: Line, want: PeriodType, balance: Balance, statement: Statement) -> Concept:
        qname = f"{self.prefix}:{local}"
        kind = item_type(line)
        concept = Concept(
            qname=qname,
            period_type=want,
            balance=balance if kind is ItemType.MONETARY else None,
            item_type=kind,
            label=line.label,
            data_type=_DATA_TYPES[kind],
        )
        known = self.concepts.setdefault(qname, concept)
        self.owner.setdefault(qname, line.where)
        self.unread.setdefault(qname, []).append((line, statement))
        if (known.period_type, known.balance, known.item_type) != (
            concept.period_type,
            concept.balance,
            concept.item_type,
        ):
            raise MappingError(
                f"extension concept {qname} is declared differently by {self.owner[qname]}; "
                "give one of the lines its own concept",
                line.where,
            )
        return known


@cache  # a few statement kinds and sections, asked for every extension line
def _title(name: str) -> str:
    """ "cash-flows" as "CashFlows", "non-current" as "NonCurrent"."""
    return "".join(w.title() for w in name.split("-"))


def _amounts(line: Line, statement: Statement) -> dict[Period, Decimal]:
    """The line's presented amounts by period; none for statements with member columns."""
    if any(c.member for c in statement.columns):
        return {}
    return {line.period_in(c): v for c, v in zip(statement.columns, line.values) if v is not None}
