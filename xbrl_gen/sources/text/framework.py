"""The accounting framework a report says its statements follow: IFRS, U.S. GAAP or J-GAAP.

Read from the report's statement of its basis ("prepared in accordance with U.S. GAAP",
"[Under IFRS]"); a bare mention ("IFRS 16") is not such a statement, and an auditor's "review
standards generally accepted in Japan" name no accounting framework.
"""

from __future__ import annotations

import re
from collections import Counter

_NAMES = {
    "us-gaap": r"U\.\s?S\.\s?GAAP|US\s?GAAP|accounting principles generally accepted in the United States(?: of America)?",
    "ifrs": r"IFRSs?\b(?!\s*\d)|International Financial Reporting Standards|IFRS Accounting Standards",  # not "IFRS 16"
    "j-gaap": r"J-?GAAP|Japanese GAAP|accounting (?:principles|standards) generally accepted in Japan",
}
_GROUPS = {name.replace("-", "_"): name for name in _NAMES}
_ALTERNATIVES = "|".join(f"(?P<{group}>{_NAMES[name]})" for group, name in _GROUPS.items())
_BASIS = re.compile(
    r"(?:in accordance with|under|based on|pursuant to|in conformity with)\s+(?:the\s+)?(?:\S+\s+){0,3}?"
    rf"(?:{_ALTERNATIVES})",
    re.IGNORECASE,
)


def detect(lines: tuple[str, ...]) -> tuple[str | None, int]:
    """The framework most statements of basis name, and the line of the first of them; (None, 1)
    when the report states none."""
    found: Counter[str] = Counter()
    first: dict[str, int] = {}
    for number, text in enumerate(lines, 1):
        for match in _BASIS.finditer(text):
            name = next(_GROUPS[group] for group, text in match.groupdict().items() if text)
            found[name] += 1
            first.setdefault(name, number)
    if not found:
        return None, 1
    name = max(found, key=lambda n: (found[n], -first[n]))
    return name, first[name]
