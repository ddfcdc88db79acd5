"""Generic accounting vocabulary the text-report reader matches labels and titles against.

Only wording any IFRS or US GAAP report uses: never a company's own labels. Phrases are compared
in the form ``labels.normalize`` gives: lower case, no punctuation, single spaces.
"""

from __future__ import annotations

import re

from xbrl_gen.labels import normalize
from xbrl_gen.model import StatementKind

# A statement title starts a line: optional qualifiers, then "statement(s) of ...", "balance sheet"
# or "income / cash flow statement".
TITLE = re.compile(
    r"^\(?(?:(?:condensed|consolidated|quarterly|interim|semi-annual|half-year(?:ly)?|unaudited)\s+)*"
    r"(?:statements?\s+of\s+(?P<subject>.+)|(?P<sheet>balance\s+sheets?)\b.*"
    r"|(?P<named>(?:income|cash\s+flows?|profit\s+and\s+loss|comprehensive\s+income)\s+statements?)\b.*)$",
    re.IGNORECASE,
)
# What a statement is about, tried on the subject of the title; the earliest match wins, so
# "profit or loss and other comprehensive income" is a statement of profit or loss.
TITLE_KINDS: tuple[tuple[StatementKind, re.Pattern[str]], ...] = (
    (StatementKind.FINANCIAL_POSITION, re.compile(r"financial position|financial condition|balance sheet", re.I)),
    (StatementKind.CHANGES_IN_EQUITY, re.compile(r"changes in (?:\S+ )?(?:equity|net assets)", re.I)),
    (StatementKind.CASH_FLOWS, re.compile(r"cash flows?", re.I)),
    (StatementKind.COMPREHENSIVE_INCOME, re.compile(r"comprehensive income", re.I)),
    (StatementKind.PROFIT_OR_LOSS, re.compile(r"profit or loss|income|operations|earnings", re.I)),
)
# The notes after the statements end the statements section.
NOTES_HEADING = re.compile(r"^notes to (?:the )?(?:\S+\s+){0,4}financial statements\b", re.I)
# The segment note: its tables with segments as columns become `segments` statements.
SEGMENTS_HEADING = re.compile(r"^(?:\d+\.\s*)?segments?(?:\s+information)?(?:\s*\(unaudited\))?$", re.I)

# Untitled tables (a report that dropped a title) are classified by what their rows talk about.
CONTENT_HINTS: dict[StatementKind, tuple[str, ...]] = {
    StatementKind.CASH_FLOWS: (
        "operating activities",
        "investing activities",
        "financing activities",
        "cash equivalents",
    ),
    StatementKind.PROFIT_OR_LOSS: (
        "revenue",
        "gross profit",
        "operating profit",
        "operating income",
        "before tax",
        "per share",
    ),
    StatementKind.COMPREHENSIVE_INCOME: ("other comprehensive income", "reclassified to profit or loss"),
    StatementKind.FINANCIAL_POSITION: ("total assets", "total liabilities", "current assets", "current liabilities"),
    StatementKind.CHANGES_IN_EQUITY: ("balance", "dividends", "transactions with owners"),
}

# Captions that head a group of lines (compared whole, normalized).
SECTION_CAPTIONS = frozenset(
    {
        "assets",
        "current assets",
        "non current assets",
        "noncurrent assets",
        "liabilities",
        "current liabilities",
        "non current liabilities",
        "noncurrent liabilities",
        "equity",
        "shareholders equity",
        "stockholders equity",
        "net assets",
        "liabilities and equity",
        "liabilities and shareholders equity",
        "liabilities and stockholders equity",
        "liabilities and net assets",
        "revenue",
        "revenues",
        "cost of sales",
        "costs and expenses",
        "operating expenses",
        "adjustments",
        "changes in working capital",
        "changes in operating assets and liabilities",
        "cash flows from operating activities",
        "cash flows from investing activities",
        "cash flows from financing activities",
        "operating activities",
        "investing activities",
        "financing activities",
        "earnings per share",
        "net income per share",
        "earnings per share attributable to owners of the parent",
        "other comprehensive income net of tax",
        "items that will not be reclassified to profit or loss",
        "items that may be reclassified to profit or loss",
        "items that may be reclassified subsequently to profit or loss",
        "comprehensive income",
        "transactions with owners",
    }
)
# Captions that stand alone: no lines belong to them (US GAAP balance sheets).
STANDALONE_CAPTIONS = frozenset({"commitments and contingencies", "commitments and contingent liabilities"})
# Spanning headings above the columns of a grid: not columns themselves.
GROUP_HEADINGS = re.compile(
    r"attributable to owners|owners of the parent|shareholders'? equity of the parent|reportable segments?$", re.I
)

# The heading a segment table's consolidated column gets when only the arithmetic names it.
CONSOLIDATED = "consolidated"

# Wording that makes a line a total; a bare "Total" closes the innermost caption, a "Sub total"
# never closes one.
TOTAL_WORDING = re.compile(
    r"^(?:sub-?\s?)?totals?\b|\btotals?$|^net cash\b|^cash flows? (?:from|used in|provided by)\b", re.I
)
BARE_TOTAL = re.compile(r"^totals?$", re.I)
SUBTOTAL = re.compile(r"^sub-?\s?totals?$", re.I)
TOTAL_PREFIX = re.compile(r"^(?:sub-?\s?)?total(?:\s+of)?\s+|\s+total$", re.I)
# Words that do not tell two captions apart ("Cash flows from operating activities" is closed by
# "Net cash from operating activities").
STOPWORDS = frozenset(
    {"of", "the", "and", "a", "an", "for", "in", "to", "from", "by", "total", "totals", "net", "cash", "flow", "flows"}
)

_NAME_NOISE = re.compile(r"^(?:sub )?total (?:of )?|\bnet of tax(?:es)?$|\bfor the (?:period|year)$")
# Well-known sums with no caption to name them, by the names of their components (``name``): a
# mislabelled total of these lines is read as this total.
KNOWN_SUMS: tuple[tuple[tuple[re.Pattern[str], ...], str], ...] = (
    (
        (
            re.compile(r"^(?:net )?(?:profit|income|loss|earnings)\b(?!.*comprehensive)"),
            re.compile(r"^other comprehensive"),
        ),
        "Total comprehensive income",
    ),
    ((re.compile(r"^liabilities$"), re.compile(r"^(?:\w+ )?(?:equity|net assets)$")), "Total liabilities and equity"),
)

# Balances reported in a duration column: cash at beginning/end, equity balances.
OPENING = re.compile(r"\bbeginning of\b|\bat beginning\b|\bopening balance\b|\bbeginning balance\b", re.I)
CLOSING = re.compile(r"\bend of\b|\bat end\b|\bclosing balance\b|\bending balance\b", re.I)
BALANCE = re.compile(r"^balances?\b", re.I)
CASH = re.compile(r"\bcash\b", re.I)
NET_CHANGE_IN_CASH = re.compile(r"^net (?:increase|decrease|change)\b.*\bcash\b", re.I)
EXCHANGE_EFFECT = re.compile(r"\bexchange rate\b|\bforeign exchange\b|\bexchange differences?\b", re.I)

# What a line's amounts are when they are not money (the statements file's line ``unit``).
LINE_UNITS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("per-share", re.compile(r"\bper (?:\w+ )?(?:share|ADS|ADR|unit)s?\b|\bper[- ]share\b", re.I)),
    (
        "shares",
        re.compile(r"\bnumber of (?:\w+[- ])*?(?:shares|ADSs?|ADRs?|ADS equivalents)\b|\((?:shares|ADSs|ADRs)\)", re.I),
    ),
    ("pure", re.compile(r"\(%\)|%\)?$|\bin percent\b|\bpercentage\b", re.I)),
)

# Words that continue a label broken over lines ("... shares at March 31, 2017 and" / "June 30").
CONTINUING_WORDS = frozenset(
    {"and", "or", "of", "for", "to", "in", "on", "at", "the", "by", "with", "from", "as", "less"}
)


_WORD = re.compile(r"(?<=[a-z,;:(] )[A-Za-z]+(?![\w'])|(?<![\w.])[A-Z]{2,}s?(?![\w'])")


def word_forms(lines: tuple[str, ...]) -> dict[str, str]:
    """How the report writes each word within ordinary text (not at the start of a sentence), by
    its lower case: "IIJ", "ADSs", "Japan", "income". A label printed in capitals is rewritten
    with these forms."""
    counts: dict[str, dict[str, int]] = {}
    for line in lines:
        if sum(c.islower() for c in line) > 2 * sum(c.isupper() for c in line):
            for word in _WORD.findall(line):
                forms = counts.setdefault(word.lower(), {})
                forms[word] = forms.get(word, 0) + 1
    return {lower: max(sorted(forms), key=lambda form: forms[form]) for lower, forms in counts.items()}


def readable(label: str, forms: dict[str, str]) -> str:
    """Words printed in capitals ("NET INCOME ATTRIBUTABLE TO IIJ", "Current ASSETS") as the
    report writes them in its text ("Net income attributable to IIJ"); the rest as printed."""
    parts = re.split(r"([A-Za-z]+)", label)
    changed = False
    for index, word in enumerate(parts):
        if len(word) >= 2 and word.isupper():
            form = forms.get(word.lower(), word.lower())
            changed = changed or form != word
            parts[index] = form
    if not changed:
        return label
    text = "".join(parts)
    first = next((i for i, c in enumerate(text) if c.isalpha()), None)
    return text if first is None else text[:first] + text[first].upper() + text[first + 1 :]


def name(label: str) -> str:
    """What a line names, without "Total", "net of tax" and "for the period": "Total other
    comprehensive income, net of tax" and "Other comprehensive income" name the same."""
    return _NAME_NOISE.sub("", normalize(label)).strip()


def words(label: str) -> frozenset[str]:
    return frozenset(normalize(label).split()) - STOPWORDS


def without_total(label: str) -> str:
    """ "Total current assets" -> "current assets": the caption a total names."""
    return TOTAL_PREFIX.sub(" ", label).strip()
