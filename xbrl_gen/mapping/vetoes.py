"""What a line may not get: a concept whose period type or item type does not fit its values, and
a guessed concept the figures contradict (a second, different value for one fact)."""

from __future__ import annotations

import re
from decimal import Decimal

from xbrl_gen.labels import normalize
from xbrl_gen.model import (
    Concept,
    Dims,
    Issue,
    ItemType,
    Line,
    MappingChoice,
    Period,
    PeriodType,
    Severity,
    TaggedLine,
    TaggedStatement,
)

Vetoes = dict[tuple[str, str], frozenset[str]]  # (statement id, line id) -> concepts it may not get
GUESSES = frozenset({"taxonomy standard label", "taxonomy search"})  # layers that guess from wording alone
CONTESTABLE = GUESSES | {"common IFRS wordings"}  # a general wording table is no person's word on this filing
OWN_LABEL = 3.0  # the claim of a line labelled as its concept is: no wording holds a concept more strongly


_SHARE_COUNT = re.compile(  # a label that starts by saying it counts shares; "Common stock, 75,520,000 shares issued" is money
    r"^(?:basic |diluted )?(?:weighted average )?number of\b.*\bshares?\b|^(?:basic |diluted )?weighted average (?:ordinary |common )?shares\b"
)


def share_count(line: Line) -> bool:
    """A count of shares ("Weighted average number of shares outstanding"), not an amount of money."""
    return line.whole_numbers and bool(_SHARE_COUNT.search(normalize(line.label)))


def item_type(line: Line) -> ItemType:
    """What the line's amounts are: as it says (``unit:``), else a share count by its wording,
    else money when whole numbers and per-share amounts when not."""
    if line.unit is None and share_count(line):
        return ItemType.SHARES
    return line.item_type


def fits(concept: Concept, want: PeriodType, line: Line) -> bool:
    """Period type, and money against share counts against per-share amounts against ratios."""
    if concept.abstract or concept.period_type is not want:
        return False
    return concept.item_type is item_type(line)


def guess_contradicted(statements: list[TaggedStatement]) -> tuple[tuple[str, str], str, Issue] | None:
    """The first guessed line whose fact another line reports with a different value; of two
    guesses, the weaker one."""
    seen: dict[tuple[str, Period, Dims], tuple[Decimal, TaggedLine, str]] = {}
    for statement in statements:
        columns = statement.statement.columns
        dims = [statement.column_dims(index) for index in range(len(columns))]  # once per column, not per value
        for tagged in statement.lines:
            if tagged.concept is None:
                continue
            for index, (column, value) in enumerate(zip(columns, tagged.line.values)):
                if value is None:
                    continue
                signed = value * tagged.sign
                key = (tagged.concept.qname, tagged.line.period_in(column), dims[index])
                first = seen.setdefault(key, (signed, tagged, statement.statement.id))
                if first[0] == signed:
                    continue
                guesses = [
                    (_claim(t.line, t.choice, tagged.concept), -order, t, sid)
                    for order, (t, sid) in enumerate(((first[1], first[2]), (tagged, statement.statement.id)))
                    if t.choice and t.choice.layer in CONTESTABLE
                ]
                if len(guesses) == 2 and guesses[0][0] == guesses[1][0] == OWN_LABEL:
                    continue  # both lines say the concept's own label: the figures differ, and the build names both
                if guesses:
                    *_, loser, sid = min(guesses, key=lambda g: g[:2])
                    other = tagged if loser is first[1] else first[1]
                    return (
                        (sid, loser.line.id),
                        key[0],
                        Issue(
                            Severity.WARNING,
                            "guess-contradicts-figures",
                            f"{sid}: {loser.line.label!r} was mapped by {getattr(loser.choice, 'layer', 'a guess')} to {key[0]}, which {other.line.where or 'another line'} "
                            "reports with a different value; mapped without it",
                            loser.line.where,
                        ),
                    )
    return None


def _claim(line: Line, choice: MappingChoice, concept: Concept) -> float:
    """How strongly a contestable line holds its concept (both lines of a contest hold the same
    one): a common wording that is the concept's own label, then any common wording, then a guess
    by its score."""
    if choice.layer not in GUESSES:
        return OWN_LABEL if normalize(line.label) == normalize(concept.label) else 2.0
    return choice.score
