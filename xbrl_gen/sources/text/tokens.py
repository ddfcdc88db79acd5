"""The tokens of a text report: amounts, dates, units and period phrases, as printed.

Text extraction keeps words and numbers but loses the table grid, so everything downstream works
on these tokens. Amounts stay ``Decimal`` with the digits printed; parentheses mean negative and a
dash means nil (``Decimal(0)``).
"""

from __future__ import annotations

import enum
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from xbrl_gen.labels import CURRENCY_WORDS
from xbrl_gen.sources.structured import MAX_DIGITS, NIL_DASHES

NIL_SIGNS = NIL_DASHES | {"_"}  # text extraction leaves some dashes as underscores

_AMOUNT = re.compile(
    r"""
    \((?P<neg>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\)        # (1,234)
  | \((?P<open>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)         # (1,234  with a lost bracket
  | (?P<sign>[-\u2212]?)(?P<pos>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)
    """,
    re.VERBOSE,
)
_SPACED_PARENS = re.compile(r"\(\s*(\d[\d,.]*)\s*\)")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = (
    rf"(?:(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"  # June 30, 2020
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH})\.?,?\s+(?P<year2>\d{{4}}))"  # 30 June 2020
)
_SCALE_WORDS = {"thousand": 3, "thousands": 3, "million": 6, "millions": 6, "billion": 9, "billions": 9}
_SCALE = "thousands?|millions?|billions?"
_CURRENCY = "|".join(re.escape(c) for c in sorted(CURRENCY_WORDS, key=len, reverse=True))
_UNIT = (
    rf"(?:in\s+)?(?P<scale>{_SCALE})\s+of\s+(?P<currency>{_CURRENCY})"
    rf"|(?P<currency2>{_CURRENCY})\s*(?:in\s+)?(?P<scale2>{_SCALE})"
)
_MONTHS_ENDED = {"three": 3, "six": 6, "nine": 9, "twelve": 12, "3": 3, "6": 6, "9": 9, "12": 12}
_MARKER = (
    r"(?P<count>three|six|nine|twelve|3|6|9|12)[\s-]+months?\s+(?:period\s+)?ended"
    r"|(?P<annual>(?:fiscal\s+)?years?\s+ended)|(?P<quarter>quarters?\s+ended)|(?P<half>half[\s-]+years?\s+ended)"
    r"|(?P<asof>as\s+(?:of|at))"
)
_PHRASES = re.compile(
    rf"(?<![\w$\u00a5\u20ac\u00a3])(?:(?P<date>{_DATE})|(?P<unit>{_UNIT})|(?P<marker>{_MARKER}))(?![\w])",
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(_DATE, re.IGNORECASE)
_UNIT_ONLY = re.compile(_UNIT, re.IGNORECASE)
_MARKER_ONLY = re.compile(_MARKER, re.IGNORECASE)


class Kind(enum.Enum):
    WORD = "word"
    AMOUNT = "amount"
    DATE = "date"
    UNIT = "unit"
    MARKER = "marker"


@dataclass(frozen=True)
class Unit:
    currency: str
    scale: int


@dataclass(frozen=True)
class Marker:
    """A period phrase: ``months`` covered by the columns it heads, 0 for "as of" (an instant)."""

    months: int


@dataclass(frozen=True)
class Amount:
    value: Decimal
    lost_bracket: bool = False  # "(1,896,921" printed without its closing bracket


@dataclass(frozen=True)
class Token:
    """A word, or a phrase read as one: what it means is in the field its kind names."""

    kind: Kind
    text: str
    line: int
    amount: Amount | None = None
    day: date | None = None
    unit: Unit | None = None
    marker: Marker | None = None


def parse_amount(text: str) -> Amount | None:
    """The amount a cell or word shows, or None when it is not an amount (nor one a statements
    file could hold: more digits than ``MAX_DIGITS``)."""
    text = _SPACED_PARENS.sub(r"(\1)", text.strip())
    if sum(c.isdigit() for c in text) > MAX_DIGITS:
        return None
    if text in NIL_SIGNS:
        return Amount(Decimal(0))
    match = _AMOUNT.fullmatch(text)
    if match is None:
        return None
    if match["neg"] is not None:
        return Amount(-Decimal(match["neg"].replace(",", "")))
    if match["open"] is not None:
        return Amount(-Decimal(match["open"].replace(",", "")), lost_bracket=True)
    value = Decimal(match["pos"].replace(",", ""))
    return Amount(-value if match["sign"] else value)


def tokenize(lines: list[tuple[int, str]]) -> list[Token]:
    """Tokens of numbered lines read as one text, so that a phrase broken over lines ("Thousands
    of" / "yen") is still one token; each token keeps the line it starts on."""
    starts: list[int] = []
    parts: list[str] = []
    offset = 0
    for _, raw in lines:
        text = _SPACED_PARENS.sub(r"(\1)", raw)
        starts.append(offset)
        parts.append(text)
        offset += len(text) + 1
    text = " ".join(parts)
    numbers = [number for number, _ in lines]

    def line_at(position: int) -> int:
        return numbers[bisect_right(starts, position) - 1]

    tokens: list[Token] = []
    position = 0
    for match in _PHRASES.finditer(text):
        tokens.extend(_plain_tokens(text, position, match.start(), line_at))
        tokens.append(_phrase_token(match, line_at(match.start())))
        position = match.end()
    tokens.extend(_plain_tokens(text, position, len(text), line_at))
    return tokens


def _plain_tokens(text: str, start: int, end: int, line_at: Callable[[int], int]) -> list[Token]:
    result = []
    for word in re.finditer(r"\S+", text[start:end]):
        amount = parse_amount(word.group())
        line = line_at(start + word.start())
        result.append(
            Token(Kind.AMOUNT, word.group(), line, amount=amount) if amount else Token(Kind.WORD, word.group(), line)
        )
    return result


def _phrase_token(match: re.Match[str], line: int) -> Token:
    text = " ".join(match.group(0).split())
    if match["date"]:
        return Token(Kind.DATE, text, line, day=_date_of(_DATE_ONLY.fullmatch(match["date"])))
    if match["unit"]:
        return Token(Kind.UNIT, text, line, unit=_unit_of(_UNIT_ONLY.fullmatch(match["unit"])))
    return Token(Kind.MARKER, text, line, marker=_marker_of(_MARKER_ONLY.fullmatch(match["marker"])))


def _date_of(match: re.Match[str] | None) -> date | None:
    if match is None:
        return None
    month = (match["month"] or match["month2"]).lower()
    day, year = match["day"] or match["day2"], match["year"] or match["year2"]
    try:
        return date(int(year), _MONTHS[month], int(day))
    except ValueError:
        return None


def _unit_of(match: re.Match[str] | None) -> Unit | None:
    if match is None:
        return None
    scale = (match["scale"] or match["scale2"]).lower()
    currency = " ".join((match["currency"] or match["currency2"]).lower().split())
    return Unit(CURRENCY_WORDS[currency], _SCALE_WORDS[scale])


def _marker_of(match: re.Match[str] | None) -> Marker | None:
    if match is None:
        return None
    if match["count"]:
        return Marker(_MONTHS_ENDED[match["count"].lower()])
    if match["annual"]:
        return Marker(12)
    if match["quarter"]:
        return Marker(3)
    if match["half"]:
        return Marker(6)
    return Marker(0)
