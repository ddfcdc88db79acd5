"""Our replacements of four Arelle functions give Arelle's own answers: over every element
declaration and particle of a real DTS (the IFRS core, the XBRL schemas, our extension), every
set of type names Arelle asks about, every fact of a real report, and generated URIs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from arelle import XbrlConst
from arelle.ModelDocumentType import ModelDocumentType
from arelle.ModelDtsObject import ModelConcept
from arelle.ModelValue import QName
from hypothesis import example, given
from hypothesis import strategies as st

from xbrl_gen import arelle_speedups
from xbrl_gen.arelle_speedups import SPEEDUPS, Speedup, original
from xbrl_gen.validate import _validation_options, worker

pytestmark = pytest.mark.arelle

SPEEDUP = {s.name: s for s in SPEEDUPS}


def test_every_speedup_replaces_the_arelle_code_it_was_checked_against() -> None:
    """Fails when an Arelle release changes one of the functions: check the replacement against
    the new code, then record the new code's hash."""
    worker()
    assert arelle_speedups.install() == [s.name for s in SPEEDUPS]
    for speedup in SPEEDUPS:
        assert arelle_speedups._sha256(original(speedup)) == speedup.source_sha256


@pytest.fixture(scope="module")
def report_model(built: dict[str, object], packages: list[Path]) -> Iterator[Any]:
    inline = built["iij-2020-q1"].inline  # type: ignore[attr-defined]
    with worker().run(_validation_options(inline, packages, ["inlineXbrlDocumentSet"])) as (_, models):
        yield models[0]


def _declarations(model: Any) -> Iterator[ModelConcept]:
    for document in model.urlDocs.values():
        if document.type == ModelDocumentType.SCHEMA:
            yield from (e for e in document.xmlRootElement.iter() if isinstance(e, ModelConcept))


def _type_name_sets() -> list[frozenset[QName]]:
    """The sets of type names XbrlConst defines for Arelle's checks (the DTR's types), and sets
    of the XBRL item types, which the concepts of a report are of (or derive from)."""
    defined = [
        value
        for value in vars(XbrlConst).values()
        if isinstance(value, frozenset) and value and all(isinstance(q, QName) for q in value)
    ]
    xbrli = [XbrlConst.qnXbrliMonetaryItemType, XbrlConst.qnXbrliStringItemType, XbrlConst.qnXbrliDateItemType]
    return defined + [frozenset(xbrli[:1]), frozenset(xbrli[1:]), frozenset(xbrli)]


def test_dereference_gives_arelle_s_answer_for_every_declaration_and_particle(report_model: Any) -> None:
    arelle_s = original(SPEEDUP["dereference"])
    declarations = list(_declarations(report_model))
    references = [d for d in declarations if d.get("ref")]
    assert len(declarations) > 5_000 and len(references) > 50
    for declaration in declarations:
        expected = arelle_s(declaration)
        assert declaration.dereference() is expected
        assert declaration.dereference() is expected  # from the cache


def test_instance_of_type_gives_arelle_s_answer_for_every_set_arelle_asks_about(report_model: Any) -> None:
    """Arelle's answer computed afresh for each concept (``_instanceOfTypeUncached``), against
    ours: cached, and shared by the concepts of one type since validation started."""
    shared = getattr(report_model, arelle_speedups.SHARED_TYPE_ANSWERS)
    assert shared, "validation started, and concepts share their answers since"
    sets = _type_name_sets()
    assert XbrlConst.dtrNoDecimalsItemTypes in sets and len(sets) > 10
    answers: list[bool] = []
    for concept in report_model.qnameConcepts.values():
        for names in sets:
            expected = any(concept._instanceOfTypeUncached(name) for name in names)
            assert concept.instanceOfType(names) is expected
            assert concept.instanceOfType(names) is expected  # from the cache
            assert concept.instanceOfType(list(names)) is expected  # a list: not cached
            assert all(concept.instanceOfType(name) is concept._instanceOfTypeUncached(name) for name in names)
            answers.append(expected)
    assert True in answers and False in answers
    assert len({key[1:3] for key in shared}) < len(report_model.qnameConcepts) / 10


def test_format_gives_arelle_s_answer_for_every_fact(report_model: Any) -> None:
    arelle_s = original(SPEEDUP["format"])
    facts = report_model.factsInInstance
    assert len(facts) == 422
    for fact in facts:
        assert fact.format == arelle_s(fact)
        assert fact.format == arelle_s(fact)  # from the cache
    assert {str(f.format) for f in facts} >= {"ixt:num-dot-decimal"}


@given(st.text())
@example("https://xbrl.ifrs.org/taxonomy/2022-03-24/full_ifrs/full_ifrs-cor_2022-03-24.xsd#ifrs-full_Assets")
@example("a b")
@example("\x1f\x20\x7e\x7f")
@example("é ü 日本 \U0001f600")
@example('<>"{}|\\^~`')
def test_any_uri_quote_gives_arelle_s_answer(uri: str) -> None:
    speedup: Speedup = SPEEDUP["anyUriQuoteForPSVI"]
    assert arelle_speedups.any_uri_quote_for_psvi(uri) == original(speedup)(uri)
