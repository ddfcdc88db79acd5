"""Ranked search over the taxonomy's standard labels, for lines no rule and no exact label claims.

Label similarity is an IDF-weighted token overlap (rare words such as "goodwill" decide, common
ones such as "other" barely count), with the concept's documentation as a weaker signal. Context
then adjusts the score: the current / non-current section, the cash-flow activity, the statement
kind and whether the concept's balance fits the side the line is presented on. Period type and
item type are hard filters given by the caller, who knows the line's values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from xbrl_gen.mapping.rules import normalize
from xbrl_gen.model import Balance, Concept, ItemType, StatementKind
from xbrl_gen.taxonomy import Taxonomy

TWO_WAY = re.compile(r"\b(increase|decrease|gain|gains|loss|losses|income expense|inflows outflows)\b")
_STOP = frozenset("a an and the of for to in on by from at as with its total period year ended".split())
_JOINED = ((" non current ", " noncurrent "), (" long term ", " noncurrent "), (" short term ", " current "))
_SYNONYMS = {"turnover": "revenue", "debtor": "receivable", "creditor": "payable", "amortization": "amortisation"}
_ACTIVITIES = ("operating", "investing", "financing")
_CASH_WORDS = frozenset({"classified", "adjustment", "proceeds", "payment", "purchase", "cash", "paid", "received"})
_DOC_WEIGHT = 0.05
_CONTEXT_STEP = 0.05  # one context signal for or against moves a candidate by this much
_MISPLACED = 4  # a concept of the other section or activity: as many signals against


def tokens(text: str) -> tuple[str, ...]:
    """Comparable words: normalized, "non current" joined into one word so it never matches
    "current", plurals folded, stop words dropped, a few synonyms made one word."""
    text = f" {normalize(text)} "
    for phrase, word in _JOINED:
        text = text.replace(phrase, word)
    words = (_SYNONYMS.get(w, w) for w in map(_singular, text.split()))
    return tuple(w for w in words if w not in _STOP)


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass(frozen=True)
class Query:
    """A line to find a concept for, with the context that makes one candidate more plausible."""

    label: str
    kind: StatementKind
    section: str | None
    ancestors: tuple[str, ...]  # normalized header labels, outermost first
    negative: bool  # presented mostly negative (a cost, a payment)
    fits: Callable[[Concept], bool]  # period type and item type: the hard filters


@dataclass(frozen=True)
class Hit:
    concept: Concept
    score: float


@dataclass(frozen=True)
class Found:
    best: Hit | None
    runner_up: Hit | None


@dataclass(frozen=True)
class _Entry:
    concept: Concept
    words: frozenset[str]
    doc_words: frozenset[str]
    weight: float  # sum of the label words' IDF weights


class ConceptIndex:
    """Every reportable monetary or per-share concept, indexed by the words of its standard label."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        concepts = [
            c
            for c in taxonomy.concepts.values()
            if not c.abstract and c.item_type in (ItemType.MONETARY, ItemType.PER_SHARE)
        ]
        labels = {c.qname: frozenset(tokens(c.label)) for c in concepts}
        counts: dict[str, int] = {}
        for words in labels.values():
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        self.idf = {w: math.log(1 + len(concepts) / n) for w, n in counts.items()}
        self.unknown_idf = math.log(1 + len(concepts))
        self.entries = [
            _Entry(c, labels[c.qname], frozenset(tokens(taxonomy.documentation.get(c.qname, ""))), self._weight(labels[c.qname]))
            for c in concepts
        ]
        self.by_word: dict[str, list[_Entry]] = {}
        for entry in self.entries:
            for word in entry.words:
                self.by_word.setdefault(word, []).append(entry)

    def _weight(self, words: frozenset[str]) -> float:
        return sum(self.idf.get(w, self.unknown_idf) for w in words)

    def search(self, query: Query) -> Found:
        words = frozenset(tokens(query.label))
        weight = self._weight(words)
        candidates = {id(e): e for w in words for e in self.by_word.get(w, ())}.values()
        hits = sorted(
            (Hit(e.concept, round(self._score(e, words, weight, query), 4)) for e in candidates if query.fits(e.concept)),
            key=lambda h: (-h.score, h.concept.qname),
        )
        return Found(hits[0] if hits else None, hits[1] if len(hits) > 1 else None)

    def _score(self, entry: _Entry, words: frozenset[str], weight: float, query: Query) -> float:
        """Weighted overlap, leaning on how much of the line's wording the concept covers (60 %)
        over how much of the concept's label the line covers (40 %), plus documentation and
        context."""
        shared = self._weight(words & entry.words)
        label = 0.6 * shared / weight + 0.4 * shared / entry.weight if weight and entry.weight else 0.0
        doc = self._weight(words & entry.doc_words) / weight if weight else 0.0
        return label + _DOC_WEIGHT * doc + _CONTEXT_STEP * _context(entry, query)


def _context(entry: _Entry, query: Query) -> int:
    """Signals for (+1) and against (-1) the candidate in this line's place."""
    return _section_fit(entry.words, query) + _kind_fit(entry.words, query.kind) + _balance_fit(entry.concept, query)


def _section_fit(words: frozenset[str], query: Query) -> int:
    if query.section in ("current", "non-current"):
        own, other = ("current", "noncurrent") if query.section == "current" else ("noncurrent", "current")
        return (own in words) - _MISPLACED * (other in words)
    if query.section in _ACTIVITIES:
        return (query.section in words) - _MISPLACED * any(a in words for a in _ACTIVITIES if a != query.section)
    return 0


def _kind_fit(words: frozenset[str], kind: StatementKind) -> int:
    """Cash-flow wordings belong in the statement of cash flows, other comprehensive income in
    its own statement."""
    cash = bool(words & _CASH_WORDS)
    if kind is StatementKind.CASH_FLOWS:
        return 1 if cash else -2
    oci = "comprehensive" in words
    if kind is StatementKind.COMPREHENSIVE_INCOME:
        return 1 if oci else 0
    return -int(cash and kind is StatementKind.PROFIT_OR_LOSS) - int(oci and kind is StatementKind.PROFIT_OR_LOSS)


def _balance_fit(concept: Concept, query: Query) -> int:
    expected = expected_balance(query)
    if expected is None or concept.balance is None:
        return 0
    return 1 if concept.balance is expected else -1


def expected_balance(query: Query) -> Balance | None:
    """The balance a concept for this line most likely has: the side of its part of the
    statement of financial position, or for profit or loss a credit flipped to a debit when the
    line is shown negative. None when the line names both directions or the side is unknown."""
    label = normalize(query.label)
    if TWO_WAY.search(label):
        return None
    if query.kind is StatementKind.FINANCIAL_POSITION:
        place = " ".join(query.ancestors + (label,))
        if re.search(r"\bliabilit|\bequity\b", place):
            return Balance.CREDIT
        return Balance.DEBIT if re.search(r"\bassets?\b", place) else None
    if query.kind in (StatementKind.PROFIT_OR_LOSS, StatementKind.COMPREHENSIVE_INCOME):
        return Balance.DEBIT if query.negative else Balance.CREDIT
    return None


_INDEXES: dict[int, tuple[Taxonomy, ConceptIndex]] = {}


def concept_index(taxonomy: Taxonomy) -> ConceptIndex:
    """The index for this taxonomy, built once (about 0.3 s) and kept with it."""
    cached = _INDEXES.get(id(taxonomy))
    if cached is None or cached[0] is not taxonomy:
        cached = _INDEXES[id(taxonomy)] = (taxonomy, ConceptIndex(taxonomy))
    return cached[1]
