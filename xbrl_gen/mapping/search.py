"""Ranked search over the taxonomy's standard labels, for lines no rule and no exact label claims.

Label similarity is an IDF-weighted token overlap (rare words such as "goodwill" decide, common
ones such as "other" barely count), with the concept's documentation as a weaker signal. Taxonomy
labels say more than printed ones, so concept words the line's place implies ("current" under
"Current liabilities", "classified as operating activities"), words given only in parentheses
("Profit (loss)") and "other than ..." clauses count little or nothing against a concept when the
line leaves them out. Context then adjusts the score: the current / non-current section, the
cash-flow activity, the statement kind, the OCI reclassification group, and whether the concept's
balance fits the side the line is presented on. Period type and item type are hard filters given
by the caller, who knows the line's values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat

from xbrl_gen import taxonomy_cache
from xbrl_gen.labels import normalize
from xbrl_gen.mapping.rules import singular
from xbrl_gen.model import Balance, Concept, ItemType, PeriodType, StatementKind
from xbrl_gen.taxonomy import Taxonomy

TWO_WAY = re.compile(r"\b(increase|decrease|gain|gains|loss|losses|income expense|inflows outflows)\b")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "the",
        "of",
        "for",
        "to",
        "in",
        "on",
        "by",
        "from",
        "at",
        "as",
        "with",
        "its",
        "that",
        "be",
        "will",
        "may",
        "total",
        "period",
        "year",
        "quarter",
        "quarterly",
        "ended",
        "yen",
    ]
)
_JOINED = ((" non current ", " noncurrent "), (" long term ", " noncurrent "), (" short term ", " current "))
_SYNONYMS = {
    "turnover": "revenue",
    "debtor": "receivable",
    "creditor": "payable",
    "amortization": "amortisation",
    "issuance": "issue",
    "redemption": "repayment",
    "refunded": "refund",
}
_ACTIVITIES = ("operating", "investing", "financing")
_CASH_WORDS = frozenset({"classified", "adjustment", "proceed", "payment", "purchase", "cash", "paid", "received"})
_IMPLIED = {
    StatementKind.CASH_FLOWS: frozenset({"classified", "activity"}),
    StatementKind.COMPREHENSIVE_INCOME: frozenset({"net", "tax"}),
}
_QUALIFIERS = re.compile(r"\([^)]*\)|, by (?:nature|function)\b")  # "Profit (loss)", "Other expense, by function"
_NOT_RECLASSIFIED = re.compile(r"\bnot (?:be )?reclassified\b")
_OPTIONAL_DISCOUNT = 0.5  # a word the label only gives in parentheses is half missed when left out
_EXCLUDED_WEIGHT = 0.1  # an "other than ..." clause: a plain concept beats its exception on a tie
_OTHER_THAN = re.compile(r"\bother than\b[^,(]*")
_OCI_SECTION = re.compile(r"\bcomprehensive income\b|\breclassified\b")
KIND_ROLES = {  # the IFRS taxonomy's standard statements (role numbers) of each statement kind
    StatementKind.FINANCIAL_POSITION: frozenset({"210000", "220000", "800100"}),
    StatementKind.PROFIT_OR_LOSS: frozenset({"310000", "320000", "800200"}),
    StatementKind.SEGMENTS: frozenset({"310000", "320000", "800200"}),
    StatementKind.COMPREHENSIVE_INCOME: frozenset({"410000", "420000"}),
    StatementKind.CASH_FLOWS: frozenset({"510000", "520000"}),
    StatementKind.CHANGES_IN_EQUITY: frozenset({"610000"}),
}
_PRIMARY_ROLES = frozenset({"210000", "220000", "310000", "320000", "410000", "420000", "510000", "520000", "610000"})
_NICHE = frozenset({"insurance", "reinsurance", "regulatory", "discontinued"})  # for lines that say so
_DOC_WEIGHT = 0.05
_CONTEXT_STEP = 0.05  # one context signal for or against moves a candidate by this much
_MISPLACED = 4  # a concept of the other section or activity: as many signals against
# Words the context signals test by name: a query word among them is never interchangeable with another.
_SIGNAL_WORDS = frozenset(
    {"current", "noncurrent", "comprehensive", "other", "income", "reclassified", "not", *_ACTIVITIES}
    | _CASH_WORDS
    | _NICHE
    | {w for words in _IMPLIED.values() for w in words}
)
_SLACK = 1e-9  # a score bound's margin for sums added up in another order
_MEMO_SIZE = 1 << 16  # searches remembered per index; a batch server's memory stays bounded


@lru_cache(maxsize=1 << 16)
def tokens(text: str) -> tuple[str, ...]:
    """Comparable words: normalized, "non current" joined into one word so it never matches
    "current", plurals folded, stop words dropped, a few synonyms made one word."""
    text = f" {normalize(text)} "
    for phrase, word in _JOINED:
        text = text.replace(phrase, word)
    words = (_SYNONYMS.get(w, w) for w in map(singular, text.split()))
    return tuple(w for w in words if w not in _STOP)


@dataclass(frozen=True)
class Query:
    """A line to find a concept for, with the context that makes one candidate more plausible."""

    label: str
    kind: StatementKind
    section: str | None
    ancestors: tuple[str, ...]  # normalized header labels, outermost first
    negative: bool  # presented mostly negative (a cost, a payment)
    want: PeriodType  # the hard filters: the period type and item type of the line's values,
    item_type: ItemType
    ruled_out: frozenset[str] = frozenset()  # and concepts vetoed for the line or ruled out by a check
    # What the line's place says is the same for every candidate: worked out once per query, not
    # once per candidate (a query scores about 200 candidates), and every search asks for both.
    place: str = field(init=False, repr=False, compare=False)  # headers and label, normalized, outermost first
    balance: Balance | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "place", " ".join((*self.ancestors, normalize(self.label))))  # frozen
        object.__setattr__(self, "balance", expected_balance(self))

    def fits(self, concept: Concept) -> bool:
        return (
            concept.period_type is self.want
            and concept.item_type is self.item_type
            and concept.qname not in self.ruled_out
        )


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
    optional: frozenset[
        str
    ]  # qualifiers: the "(loss)" of "Profit (loss)", the "by function" of "Other expense, by function"
    excluded: frozenset[str]  # what the concept is not: the "goodwill" of "... other than goodwill"
    doc_words: frozenset[str]
    roles: frozenset[str] = frozenset()  # the IFRS standard statements presenting it ("210000", ...)
    excluded_weight: float = 0.0  # the weight of ``excluded``, which every search would otherwise add up again
    needed: float = 0.0  # the label's weight, less half its qualifiers', plus ``excluded_weight``: a floor for pruning
    # The context signals that depend only on the statement kind and section: worked out once per
    # (kind, section), not once per query.
    placed: dict[tuple[StatementKind, str | None], int] = field(default_factory=dict, compare=False)


class ConceptIndex:
    """Every reportable monetary, per-share or share-count concept, indexed by the words of its
    standard label."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        concepts = [
            c
            for c in taxonomy.concepts.values()
            if not c.abstract and c.item_type in (ItemType.MONETARY, ItemType.PER_SHARE, ItemType.SHARES)
        ]
        labels = {c.qname: frozenset(tokens(_OTHER_THAN.sub(" ", c.label))) for c in concepts}
        counts: dict[str, int] = {}
        for words in labels.values():
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        self.idf = {w: math.log(1 + len(concepts) / n) for w, n in counts.items()}
        self.unknown_idf = math.log(1 + len(concepts))
        self.entries = [self._entry(c, labels[c.qname], taxonomy) for c in concepts]
        self.by_word: dict[str, list[_Entry]] = {}
        for entry in self.entries:
            for word in entry.words:
                self.by_word.setdefault(word, []).append(entry)
        # Any word outside this set scores alike, as an unknown word: two searches differing only
        # in such words (the made-up name in "Royalties from Zanqor licences") find the same.
        self.vocabulary = frozenset(
            {*self.idf, *_SIGNAL_WORDS}.union(*(e.doc_words | e.excluded for e in self.entries))
        )
        self.found: dict[Hashable, Found] = {}

    def _entry(self, concept: Concept, words: frozenset[str], taxonomy: Taxonomy) -> _Entry:
        optional = words - frozenset(tokens(_QUALIFIERS.sub(" ", _OTHER_THAN.sub(" ", concept.label))))
        excluded = (
            frozenset(w for clause in _OTHER_THAN.findall(concept.label) for w in tokens(clause))
            - words
            - {"other", "than"}
        )
        excluded_weight = _EXCLUDED_WEIGHT * self._weight(excluded)
        return _Entry(
            concept,
            words,
            optional,
            excluded,
            frozenset(tokens(taxonomy.documentation.get(concept.qname, ""))),
            taxonomy.structure.roles.get(concept.qname, frozenset()),
            excluded_weight,
            self._weight(words) - _OPTIONAL_DISCOUNT * self._weight(optional) + excluded_weight,
        )

    def _weight(self, words: frozenset[str]) -> float:
        """The words' summed IDF, an unknown word weighing as a word of one concept would (in C:
        a search adds up about a thousand of these)."""
        return sum(map(self.idf.get, words, repeat(self.unknown_idf, len(words))))

    def search(self, query: Query) -> Found:
        """The best and second-best concept for the line; a bare "Total" is searched as its
        header's words, as it totals that header. Many lines are searched alike (the same
        wording under the same kind of header), so each distinct search is scored once."""
        words, implied = search_terms(query)
        key = self._key(words, implied, query)
        found = self.found.get(key)
        if found is None:
            if len(self.found) >= _MEMO_SIZE:
                self.found.clear()
            found = self.found[key] = self.rank(words, implied, query)
        return found

    def _key(self, words: frozenset[str], implied: frozenset[str], query: Query) -> Hashable:
        """Everything the ranking reads from a query, with words no concept knows only counted."""
        recycling = "reclassified" in query.place and (bool(_NOT_RECLASSIFIED.search(query.place)),)
        known = words & self.vocabulary
        return (
            known,
            len(words) - len(known),
            implied & self.vocabulary,
            query.kind,
            query.section,
            recycling,
            query.balance,
            query.want,
            query.item_type,
            query.ruled_out,
        )

    def rank(self, words: frozenset[str], implied: frozenset[str], query: Query, prune: bool = True) -> Found:
        """Every concept sharing a word with the line, scored: the search without its memory. Pruned,
        candidates are scored highest bound first, and those whose bound cannot reach the second
        best so far are not scored (most of the ~200 share only a common word); ``prune=False``
        scores them all, the same best two."""
        weight = self._weight(words)
        shared: dict[int, float] = {}
        entries: dict[int, _Entry] = {}
        for word in words:
            for e in self.by_word.get(word, ()):
                shared[id(e)] = shared.get(id(e), 0.0) + self.idf[word]
                entries[id(e)] = e
        candidates = [e for e in entries.values() if query.fits(e.concept)]
        if prune:
            bounds = self._bounds(candidates, shared, words, weight, implied, query)
            candidates = [candidates[i] for i in sorted(range(len(candidates)), key=bounds.__getitem__, reverse=True)]
            bounds.sort(reverse=True)
        hits: list[Hit] = []
        for n, e in enumerate(candidates):
            if prune and len(hits) > 1 and round(bounds[n], 4) < hits[1].score:
                break
            hits.append(Hit(e.concept, round(self._score(e, words, weight, implied, query), 4)))
            if prune:
                hits = sorted(hits, key=_order)[:2]
        hits.sort(key=_order)
        return Found(hits[0] if hits else None, hits[1] if len(hits) > 1 else None)

    def _bounds(
        self,
        candidates: list[_Entry],
        shared: dict[int, float],
        words: frozenset[str],
        weight: float,
        implied: frozenset[str],
        query: Query,
    ) -> list[float]:
        """The most each candidate can score, from its shared words' weight alone: the line's
        weight less what the kind implies, and the label's weight less the place's implied words
        and half its qualifiers, are never below the shared weight; documentation adds at most
        its weight, context at most its placement plus the recycling and balance signals."""
        least = weight - self._weight(words & _IMPLIED.get(query.kind, frozenset()))
        spare = self._weight(implied)
        bounds = []
        for e in candidates:
            s = shared[id(e)]
            line = max(least, s)
            bounds.append(
                (0.6 * s + _DOC_WEIGHT * weight) / line
                + 0.4 * s / max(s, e.needed - spare)
                + _CONTEXT_STEP * (_placed(e, query) + 2)
                + _SLACK
            )
        return bounds

    def _score(
        self, entry: _Entry, words: frozenset[str], weight: float, implied: frozenset[str], query: Query
    ) -> float:
        """Weighted overlap, leaning on how much of the line's wording the concept covers (60 %)
        over how much of the concept's label the line covers (40 %), plus documentation and
        context. Concept words the line's place implies, or that the label only gives in
        parentheses, are not missed when the line leaves them out."""
        if not weight:
            return 0.0
        shared = self._weight(words & entry.words)
        weight -= self._weight((words & _IMPLIED.get(query.kind, frozenset())) - entry.words)
        needed = (
            self._weight(entry.words - implied)
            - _OPTIONAL_DISCOUNT * self._weight(entry.optional - words - implied)
            + entry.excluded_weight
        )
        label = 0.6 * shared / weight + (0.4 * shared / needed if needed else 0.0)
        doc = self._weight(words & entry.doc_words) / weight
        return label + _DOC_WEIGHT * doc + _CONTEXT_STEP * _context(entry, words, query)


def _order(hit: Hit) -> tuple[float, str]:
    """Best score first, ties by qname."""
    return -hit.score, hit.concept.qname


def search_terms(query: Query) -> tuple[frozenset[str], frozenset[str]]:
    """The line's words, and the words its place implies that it does not say."""
    words = frozenset(tokens(query.label)) or frozenset(tokens(query.ancestors[-1]) if query.ancestors else ())
    return words, implied_words(query) - words


def implied_words(query: Query) -> frozenset[str]:
    """Words a line's place says for it: its nearest header's words ("Current liabilities",
    "Profit attributable to"; not outer ones, or "Total equity" under "Equity and liabilities"
    would read as equity and liabilities), the cash-flow vocabulary ("classified as ...
    activities", "adjustments for" in the operating section) and "other comprehensive income,
    net of tax" inside that section."""
    header = frozenset(tokens(query.ancestors[-1])) if query.ancestors else frozenset()
    words = set() if frozenset(tokens(query.label)) < header else set(header)
    words |= _IMPLIED.get(query.kind, frozenset())
    if query.kind is StatementKind.COMPREHENSIVE_INCOME and _OCI_SECTION.search(" ".join(query.ancestors)):
        words |= {"other", "comprehensive", "income"}
    if query.section in _ACTIVITIES:
        words.add(query.section)
    if query.kind is StatementKind.CASH_FLOWS and query.section in (None, "operating"):
        words.add("adjustment")
    return frozenset(words)


def _context(entry: _Entry, words: frozenset[str], query: Query) -> int:
    """Signals for (+1) and against (-1) the candidate in this line's place. A concept is
    contradicted, as misplaced as one of the other section, when the line names what it excludes
    ("Income taxes payable" against "... taxes other than income tax") or when it belongs to an
    industry (insurance, regulatory deferral accounts) the line does not mention."""
    contradicted = bool(words & entry.excluded) or bool((entry.words & _NICHE) - words)
    return (
        _placed(entry, query)
        - _MISPLACED * contradicted
        + _recycling_fit(entry.words, query)
        + _balance_fit(entry.concept, query)
    )


def _placed(entry: _Entry, query: Query) -> int:
    """The context signals that depend only on the statement kind and section, worked out once per
    (kind, section) for each concept."""
    placed = entry.placed.get((query.kind, query.section))
    if placed is None:
        placed = entry.placed[query.kind, query.section] = (
            _section_fit(entry.words, query.section)
            + _kind_fit(entry.words, query.kind)
            + _statement_fit(entry.roles, query.kind)
        )
    return placed


def _statement_fit(roles: frozenset[str], kind: StatementKind) -> int:
    """For a concept the IFRS taxonomy presents in a standard statement of the line's kind (or its
    subclassifications), against one it presents only in statements of another kind."""
    own = KIND_ROLES.get(kind, frozenset())
    if roles & own:
        return 1
    return -1 if roles & _PRIMARY_ROLES else 0


def _section_fit(words: frozenset[str], section: str | None) -> int:
    if section in ("current", "non-current"):
        own, other = ("current", "noncurrent") if section == "current" else ("noncurrent", "current")
        return (own in words) - _MISPLACED * (other in words)
    if section in _ACTIVITIES:
        return (section in words) - _MISPLACED * any(a in words for a in _ACTIVITIES if a != section)
    return 0


def _recycling_fit(words: frozenset[str], query: Query) -> int:
    """Other comprehensive income that will not be reclassified to profit or loss, and that may
    be: a concept of the other group is misplaced."""
    if "reclassified" not in words or "reclassified" not in query.place:
        return 0
    return 1 if ("not" in words) == bool(_NOT_RECLASSIFIED.search(query.place)) else -_MISPLACED


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
    expected = query.balance
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


_INDEX = "concept-index"


def concept_index(taxonomy: Taxonomy) -> ConceptIndex:
    """The index for this taxonomy, built once (about 0.3 s) and kept with it, on disk too
    (``taxonomy_cache``): the next process loads it with the taxonomy."""
    index = taxonomy.derived.get(_INDEX)
    if not isinstance(index, ConceptIndex):
        index = taxonomy.derived[_INDEX] = ConceptIndex(taxonomy)
        taxonomy_cache.store(taxonomy.cache_name, taxonomy)
    return index
