"""XML names for things that only have labels (company concepts, members, headings), and the
words a reader sees for periods."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from xbrl_gen.model import Instant, Period

WORDS = re.compile(r"[A-Za-z0-9]+")  # what a name keeps of a label
QNAME = re.compile(r"^[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*$")  # prefix:LocalName, as statements and rules write concepts


def pascal_name(label: str, fallback: str, limit: int = 180) -> str:
    """ "Network service and systems integration business" → "NetworkServiceAndSystemsIntegrationBusiness";
    ``fallback`` when the label has no letters or digits, and a leading digit gets its first letter."""
    return pascal_words(WORDS.findall(label), fallback, limit)


def pascal_words(words: list[str], fallback: str, limit: int = 180) -> str:
    """``pascal_name`` of a label's ``WORDS``, for a caller that has them already."""
    name = "".join(w[:1].upper() + w[1:] for w in words)[:limit] or fallback
    return fallback[0] + name if name[0].isdigit() else name


def date_text(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def periods_text(periods: Iterable[Period]) -> str:
    """The periods of a statement's columns, each once, in column order: "April 1, 2020 to
    June 30, 2020", "March 31, 2020 and June 30, 2020"."""
    texts = dict.fromkeys(
        date_text(p.date) if isinstance(p, Instant) else f"{date_text(p.start)} to {date_text(p.end)}" for p in periods
    )
    *first, last = texts
    return f"{', '.join(first)} and {last}" if first else last
