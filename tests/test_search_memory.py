"""The search remembers each distinct search (issue 20: mapping speed): a remembered answer must be
the one scoring the line afresh would give, whatever words, place and filters the line has."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from xbrl_gen.mapping.search import Query, concept_index, search_terms
from xbrl_gen.model import ItemType, PeriodType, StatementKind
from xbrl_gen.taxonomy import load_ifrs

SECTIONS = (None, "current", "non-current", "operating", "investing", "financing")
HEADERS = (
    "current liabilities",
    "cash flows from operating activities",
    "items that will not be reclassified to profit or loss",
    "items that may be reclassified subsequently to profit or loss",
    "other comprehensive income",
    "equity attributable to owners of the parent",
)
MADE_UP = (
    "Zanqor",
    "Qorvex",
    "Trilmox",
    "Lumketh",
)  # words no concept knows: searches differing only in them are alike


def test_remembered_searches_match_fresh_scoring(packages: list[Path]) -> None:
    """Each generated line, then variants of it changing one thing (a made-up word, which the
    memory may answer; the place, the sign, a filter, which it must not answer alike)."""
    index = concept_index(load_ifrs(packages))
    rng = random.Random(20)
    labels = sorted(e.concept.label for e in index.entries)
    vocabulary = sorted({w for label in labels for w in label.split()})
    searched, remembered = 0, len(index.found)
    for _ in range(150):
        base = rng.choice(labels) if rng.random() < 0.5 else " ".join(rng.sample(vocabulary, rng.randint(1, 4)))
        header = rng.choice((*HEADERS, f"assets of the {rng.choice(MADE_UP)} division"))
        query = Query(
            label=rng.choice((f"{base} {MADE_UP[0]}", base, "Total")),
            kind=rng.choice(list(StatementKind)),
            section=rng.choice(SECTIONS),
            ancestors=rng.choice(((), (header,), ("equity and liabilities", header))),
            negative=rng.random() < 0.5,
            want=rng.choice(list(PeriodType)),
            item_type=rng.choice((ItemType.MONETARY, ItemType.PER_SHARE, ItemType.SHARES)),
        )
        best = index.search(query).best
        variants = [
            replace(query, label=query.label.replace(MADE_UP[0], MADE_UP[1])),
            replace(query, label=f"{query.label} {MADE_UP[2]}"),
            replace(query, kind=rng.choice(list(StatementKind))),
            replace(query, section=rng.choice(SECTIONS)),
            replace(query, ancestors=(HEADERS[2],)),  # other comprehensive income that will not be reclassified,
            replace(query, ancestors=(HEADERS[3],)),  # and that may be,
            replace(query, ancestors=(HEADERS[2], "share of associates")),  # said by an outer header,
            replace(query, ancestors=(HEADERS[3], "share of associates")),  # which implies no word
            replace(query, negative=not query.negative),
            replace(query, want=rng.choice(list(PeriodType))),
            replace(query, item_type=rng.choice((ItemType.MONETARY, ItemType.PER_SHARE))),
            replace(query, ruled_out=frozenset({best.concept.qname} if best else ())),
        ]
        for variant in [query, *variants]:
            assert index.search(variant) == index.rank(*search_terms(variant), variant), variant
        searched += 1 + len(variants)
    assert (
        len(index.found) - remembered <= searched - 150
    )  # the made-up word's variant was remembered, not scored again


def test_pruned_ranking_matches_scoring_every_candidate(packages: list[Path]) -> None:
    """The pruned ranking skips candidates whose score bound cannot reach the second best: it must
    find the same best two, scores included, as scoring every candidate. Lines are taxonomy labels
    (close races between concepts sharing most words), labels cut short, and random word sets,
    in every kind, section and header."""
    index = concept_index(load_ifrs(packages))
    rng = random.Random(21)
    labels = sorted(e.concept.label for e in index.entries)
    vocabulary = sorted({w for label in labels for w in label.split()})
    pruned = 0
    for _ in range(400):
        label = rng.choice(labels)
        query = Query(
            label=rng.choice((label, " ".join(label.split()[:3]), " ".join(rng.sample(vocabulary, 3)))),
            kind=rng.choice(list(StatementKind)),
            section=rng.choice(SECTIONS),
            ancestors=rng.choice(((), (rng.choice(HEADERS),), (rng.choice(labels),))),
            negative=rng.random() < 0.5,
            want=rng.choice(list(PeriodType)),
            item_type=rng.choice((ItemType.MONETARY, ItemType.MONETARY, ItemType.PER_SHARE, ItemType.SHARES)),
        )
        terms = search_terms(query)
        found = index.rank(*terms, query)
        assert found == index.rank(*terms, query, prune=False), query
        pruned += found.best is not None
    assert pruned > 200  # most generated lines have candidates to rank
