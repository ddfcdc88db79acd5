"""Company extension concepts for lines no IFRS concept fits: their names, and their declaration
once the statement is mapped (the balance depends on the totals the line adds into)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from xbrl_gen.errors import MappingError
from xbrl_gen.mapping.place import LineContext
from xbrl_gen.mapping.rules import normalize
from xbrl_gen.mapping.search import TWO_WAY
from xbrl_gen.mapping.signs import Chosen, negative, side
from xbrl_gen.model import Balance, Concept, ItemType, Line, MappingChoice, PeriodType, Statement, StatementKind
from xbrl_gen.names import pascal_name

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
    name = pascal_name(line.label, "Line", 200)
    if (name in _GENERIC_NAMES or len(re.findall(r"[A-Za-z0-9]+", line.label)) < 3) and context.ancestors:
        name = pascal_name(f"{context.ancestors[-1]} {name}", "Line", 200)
    return name


def extension_balance(line: Line, statement: Statement, parent_of: dict[str, str], chosen: dict[str, Chosen]) -> Balance:
    """The side its presented amounts mean, flipped for lines shown mostly negative (costs,
    payments) so they are stored as positive debits or credits; a label that names both
    directions ("increase (decrease)") keeps the presented orientation."""
    presented = side(line.id, statement, parent_of, chosen)
    if TWO_WAY.search(normalize(line.label)):
        return presented
    return presented.opposite() if negative(line) else presented


class Extensions:
    """The company concepts declared so far in one filing."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.concepts: dict[str, Concept] = {}
        self.owner: dict[str, str] = {}

    def name(self, pick: ExtensionPick, balance: Balance, kind: StatementKind) -> str:
        """A name the engine made that another statement already declared differently gets the
        statement kind appended ("...CashFlows"): one wording can be a gain in profit or loss and
        its reversal among the cash-flow adjustments. Names from rules stay as given."""
        known = self.concepts.get(f"{self.prefix}:{pick.name}")
        if pick.choice.layer != "extension" or known is None or (known.period_type, known.balance) == (pick.want, balance):
            return pick.name
        return pick.name + "".join(w.title() for w in kind.value.split("-"))

    def declare(self, local: str, line: Line, want: PeriodType, balance: Balance) -> Concept:
        qname = f"{self.prefix}:{local}"
        monetary = line.whole_numbers
        concept = Concept(
            qname=qname,
            period_type=want,
            balance=balance if monetary else None,
            item_type=ItemType.MONETARY if monetary else ItemType.PER_SHARE,
            label=line.label,
            data_type="xbrli:monetaryItemType" if monetary else "dtr-types:perShareItemType",
        )
        known = self.concepts.setdefault(qname, concept)
        self.owner.setdefault(qname, line.where)
        if (known.period_type, known.balance, known.item_type) != (concept.period_type, concept.balance, concept.item_type):
            raise MappingError(
                f"extension concept {qname} is declared differently by {self.owner[qname]}; "
                "give one of the lines its own concept",
                line.where,
            )
        return known
