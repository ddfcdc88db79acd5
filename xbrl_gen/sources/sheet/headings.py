"""What heading cells say: periods ("30 June 2020", "Six months ended 30 September 2021",
"FY2024", "2024-04-01 to 2025-03-31"), units ("in thousands of EUR", "JPY million", "€'000") and
the keys of the metadata block ("Entity: ...", "Currency: ...")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from xbrl_gen.esef import DETAIL_KEYS
from xbrl_gen.labels import CURRENCY_WORDS
from xbrl_gen.model import Duration, Instant, Period, StatementKind
from xbrl_gen.sources.text.periods import DatedColumn, duration_ending, period_of
from xbrl_gen.sources.text.tokens import Kind, tokenize

# Metadata keys as users write them ("Entity name:", "LEI") -> the key they set.
KEYS = {
    "entity": "entity.name",
    "entity name": "entity.name",
    "company": "entity.name",
    "company name": "entity.name",
    "identifier": "entity.identifier",
    "entity identifier": "entity.identifier",
    "lei": "entity.lei",
    "legal entity identifier": "entity.lei",
    "stock code": "entity.identifier",
    # the entity's texts an ESEF filing tags (entity.<key> of the statements file)
    **{key.replace("-", " "): f"entity.{key}" for key in DETAIL_KEYS},
    "scheme": "entity.scheme",
    "identifier scheme": "entity.scheme",
    "period": "period",
    "reporting period": "period",
    "period start": "period.start",
    "period end": "period.end",
    "fiscal year end": "fiscal-year-end",
    "financial year end": "fiscal-year-end",
    "currency": "currency",
    "scale": "scale",
    "units": "units",
    "amounts": "units",
    "title": "title",
    "document title": "title",
    "language": "language",
    "extension prefix": "extension.prefix",
    "extension namespace": "extension.namespace",
    "kind": "statement.kind",
    "statement kind": "statement.kind",
    "id": "statement.id",
    "statement id": "statement.id",
}
STATEMENT_KEYS = {"statement.kind", "statement.id"}
LEI_SCHEME = "http://standards.iso.org/iso/17442"
# Column headings that name a column's role instead of a period.
ROLES = {
    "note": "note",
    "notes": "note",
    "concept": "concept",
    "xbrl concept": "concept",
    "tag": "concept",
    "at": "at",
    "balance at": "at",
    "label": "label",
    "line item": "label",
    "description": "label",
}
AT_WORDS = {"start": "start", "opening": "start", "beginning": "start", "end": "end", "closing": "end"}

_SCALES = {
    "unit": 0,
    "units": 0,
    "thousand": 3,
    "thousands": 3,
    "000": 3,
    "'000": 3,
    "k": 3,
    "million": 6,
    "millions": 6,
    "m": 6,
    "mn": 6,
    "mio": 6,
    "billion": 9,
    "billions": 9,
    "bn": 9,
}
_CURRENCY = r"[A-Z]{3}|" + "|".join(re.escape(w) for w in sorted(CURRENCY_WORDS, key=len, reverse=True))
_SCALE = r"thousands?|millions?|billions?|units?|'000|000|k|m|mn|mio|bn"
_UNIT = re.compile(
    rf"^\(?\s*(?:(?:amounts?|figures?)\s+)?(?:(?:are|stated|presented|expressed)\s+)?(?:in\s+)?"
    rf"(?:(?P<scale>{_SCALE})\s+(?:of\s+)?(?P<currency>{_CURRENCY})"
    rf"|(?P<currency2>{_CURRENCY})\s*(?:in\s+)?(?P<scale2>{_SCALE})?)\s*\)?$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:FY|F\.Y\.|fiscal(?: year)?|financial year|year)?\s*'?(?P<year>(?:19|20)\d{2})$", re.I)
_ISO_RANGE = re.compile(r"^(?:from\s+)?(\d{4}-\d{2}-\d{2})\s*(?:to|until|through|-|–|—)\s*(\d{4}-\d{2}-\d{2})$", re.I)
_ISO_DATE = re.compile(r"^(?:(?:as\s+(?:of|at)|at)\s+)?(\d{4}-\d{2}-\d{2})$", re.I)


_FILLERS = {
    "",
    "to",
    "from",
    "until",
    "through",
    "-",
    "–",
    "—",
    "ended",
    "ending",
    "and",
    "the",
    "for",
    "period",
    "periods",
    "unaudited",
    "audited",
    "restated",
    "at",
    "as",
    "of",
    "on",
}


@dataclass(frozen=True)
class Unit:
    currency: str | None
    scale: int


@dataclass(frozen=True)
class Context:
    """What a heading alone may not say: the statement kind, the length of the periods its
    bare dates end, and the day the fiscal year ends (for "FY2024")."""

    kind: StatementKind
    months: int | None
    year_end: tuple[int, int] | None  # (month, day)


def metadata_key(text: str) -> str | None:
    return KEYS.get(" ".join(text.strip().rstrip(":").lower().split()))


def role(text: str) -> str | None:
    return ROLES.get(" ".join(text.strip().rstrip(":").lower().split()))


def unit(text: str, *, bare: bool = False) -> Unit | None:
    """The currency and scale a units phrase states. A bare code ("CHF") counts only where a
    unit is expected (``bare``): in a heading it could be a member's name."""
    text = " ".join(text.split())
    match = _UNIT.match(text)
    if match is None:
        return None
    raw_currency = match["currency"] or match["currency2"]
    scale = match["scale"] or match["scale2"]
    if raw_currency.lower() in CURRENCY_WORDS:
        currency = CURRENCY_WORDS[raw_currency.lower()]
    elif raw_currency.isupper():
        currency = raw_currency
    else:
        return None
    if scale is None and not bare and raw_currency == currency and not text.lower().startswith(("in ", "(in ")):
        return None
    return Unit(currency, _SCALES[(scale or "units").lower()])


def months_said(text: str) -> int | None:
    """The months a period phrase in ``text`` says ("Six months ended" -> 6, "as of" -> 0)."""
    markers = [t.marker.months for t in tokenize([(0, text)]) if t.marker is not None]
    return markers[0] if markers else None


def period(text: str | date, context: Context) -> Period | None:
    """The period a heading names, or None when it names none. Raises ValueError with the reason
    when it names a period only partly (a date whose period length nothing tells)."""
    if isinstance(text, date):
        return _ending(text, None, context, str(text))
    text = " ".join(text.split())
    if match := _ISO_RANGE.match(text):
        start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        return Duration(start, end)
    if match := _YEAR.match(text):
        return _fiscal_year(int(match["year"]), context, text)
    if match := _ISO_DATE.match(text):
        return _ending(date.fromisoformat(match[1]), 0 if text[0].isalpha() else None, context, text)
    tokens = tokenize([(0, text)])
    days = [t.day for t in tokens if t.kind is Kind.DATE and t.day is not None]
    markers = [t.marker.months for t in tokens if t.marker is not None]
    if any(
        t.kind is Kind.AMOUNT or (t.kind is Kind.WORD and t.text.lower().strip("(),:") not in _FILLERS) for t in tokens
    ):
        return None  # more than a period: a member's name, a caption
    if len(days) == 2 and not markers:
        return Duration(min(days), max(days)) if days[0] != days[1] else None
    if len(days) == 1:
        return _ending(days[0], markers[0] if markers else None, context, text)
    return None


def _ending(end: date, months: int | None, context: Context, text: str) -> Period:
    if context.kind is StatementKind.FINANCIAL_POSITION or months == 0:
        return Instant(end)
    months = months or context.months
    if months is None:
        raise ValueError(
            f"{text!r} gives the end of a period but not its length; write e.g. 'Six months ended {text}' "
            "or give the reporting period ('Period: 2024-01-01 to 2024-12-31')"
        )
    return period_of(DatedColumn(end, months, text), context.kind, months)


def _fiscal_year(year: int, context: Context, text: str) -> Period:
    if context.year_end is None:
        raise ValueError(
            f"{text!r} names a fiscal year but the workbook does not say when its fiscal year ends; "
            "add 'Fiscal year end: 31 March' (or a 12-month 'Period')"
        )
    month, day = context.year_end
    end = date(year, month, day) if (month, day) != (2, 29) else date(year, 3, 1) - timedelta(days=1)
    return Instant(end) if context.kind is StatementKind.FINANCIAL_POSITION else duration_ending(end, 12)


def year_end(text: str | date) -> tuple[int, int] | None:
    """ "31 March", "March 31", "03-31" or a date -> (month, day)."""
    if isinstance(text, date):
        return text.month, text.day
    day = [t.day for t in tokenize([(0, f"{text} 2000")]) if t.day is not None]
    if day:
        return day[0].month, day[0].day
    match = re.fullmatch(r"(\d{2})-(\d{2})", text.strip())
    return (int(match[1]), int(match[2])) if match else None


def months_between(span: Duration) -> int:
    """Whole months a reporting period covers (three months ended 30 June: 3)."""
    after = span.end + timedelta(days=1)
    return (after.year - span.start.year) * 12 + after.month - span.start.month
