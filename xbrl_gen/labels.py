"""The one comparable form of a printed label, shared by the readers, the checks and the mapping:
two labels (or a label and a rule's or the taxonomy's wording) say the same when their forms agree;
and the words reports print for a currency, which the readers turn into ISO codes and the mapping
drops from a label's end.
"""

from __future__ import annotations

import re
from functools import lru_cache

# How reports name a currency in a unit ("Thousands of yen", "in millions of US dollars", "€'000"),
# lower case, with the ISO 4217 code it stands for.
CURRENCY_WORDS = {
    "yen": "JPY",
    "jpy": "JPY",
    "japanese yen": "JPY",
    "\u00a5": "JPY",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "dollars": "USD",
    "usd": "USD",
    "us$": "USD",
    "$": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "eur": "EUR",
    "\u20ac": "EUR",
    "pounds": "GBP",
    "pounds sterling": "GBP",
    "gbp": "GBP",
    "\u00a3": "GBP",
    "swiss francs": "CHF",
    "chf": "CHF",
}


_NOTE_REFERENCES = re.compile(r"\(note[^)]*\)|\*+|\[[^\]]*\]")
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1 << 16)  # the mapping asks for the labels of every line and header again at each step
def normalize(label: str) -> str:
    """Lower case, '&' as 'and', note references ("(Note 5)", "*", "[a]") and punctuation dropped,
    single spaces: "Trade & other payables (Note 7)" → "trade and other payables"."""
    text = _NOTE_REFERENCES.sub(" ", label.lower().replace("&", " and "))
    return " ".join(_WORD.findall(text))
