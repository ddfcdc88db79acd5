"""Other ways of saying what a printed label says, tried in order when the label itself matches
no rule and no taxonomy label: the balance phrase of an opening or closing line dropped ("Cash at
the beginning of the period" is cash), one direction read as both ("Increase in trade
receivables" is the increase (decrease) concept, "(decrease)/increase" as "increase (decrease)"),
"attributable to" and the owner's name made the taxonomy's ("shareholders of the company" are the
owners of the parent), and trailing "net of tax" / "net of cash acquired" clauses dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from xbrl_gen.labels import normalize

_BALANCE = re.compile(
    r"\b(?:as )?(?:at|as of|of|for)? ?(?:the )?(?:beginning|start|end|close|opening|closing) of (?:the )?"
    r"(?:financial |fiscal |reporting |accounting )?(?:period|year|quarter|half year)\b"
)
_ONE_WAY = re.compile(r"^(?:net )?(?:increase|decrease|change|changes|movement|movements) in ")
_BOTH_WAYS = re.compile(r"^(?:net )?decrease increase ")
_ATTRIBUTABLE = re.compile(
    r"^(?:profit |loss |profit loss |net profit |net income )?(?:for the (?:year|period) )?attributable to "
)
_OWNERS = re.compile(
    r"^(?:the )?(?:owners|shareholders|equity holders|stockholders|equity shareholders|ordinary shareholders|members)"
    r" of (?:the )?(?:parent|company|group|bank|parent company|parent entity|entity)$"
)
_NET_OF = re.compile(
    r" (?:net of|after) (?:income )?(?:tax|taxation|taxes|cash acquired|cash disposed|transaction costs)$"
)
_LEADING_NET = re.compile(r"^net ")


def without_balance_phrase(label: str) -> str:
    """ "Cash at the beginning of the period" as "cash": what an opening or closing line is a balance of."""
    return " ".join(_BALANCE.sub(" ", normalize(label)).split()) or normalize(label)


@lru_cache(maxsize=1 << 16)  # a filing repeats its wordings; the rule layers ask for each line's twice
def variants(label: str) -> tuple[str, ...]:
    """The label's normalized form first, then the other wordings of it, without repeats."""
    text = normalize(label)
    found = [text]

    def add(candidate: str) -> None:
        if candidate in found:  # what a pattern left unchanged, most often
            return
        candidate = " ".join(candidate.split())
        if candidate and candidate not in found:
            found.append(candidate)

    if " of " in text:  # every balance phrase ("... end of the period"); the pattern is slow to rule out
        add(_BALANCE.sub(" ", text))
    for current in list(found):
        add(_NET_OF.sub("", current))
    for current in list(found):
        attributed = _ATTRIBUTABLE.sub("", current)
        add(attributed)
        add(_OWNERS.sub("owners of the parent", attributed))
    for current in list(found):
        add(_BOTH_WAYS.sub("increase decrease ", current))
        add(_ONE_WAY.sub("increase decrease in ", current))
        add(_LEADING_NET.sub("", current))
    return tuple(found)
