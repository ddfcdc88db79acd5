"""Our replacements of six Arelle functions give Arelle's own answers: over every element
declaration and particle of a real DTS (the IFRS core, the XBRL schemas, our extension), every
set of type names Arelle asks about, every fact of a real report, every value Arelle's schema
check gives a report and its extension taxonomy, and generated URIs and values."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from arelle import XbrlConst, XmlValidate
from arelle.ModelDocumentType import ModelDocumentType
from arelle.ModelDtsObject import ModelConcept
from arelle.ModelObject import ModelObject
from arelle.ModelValue import QName
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from xbrl_gen import arelle_speedups
from xbrl_gen.arelle_speedups import _REMEMBERED_TYPES, REMEMBERED_VALUES, SPEEDUPS, Speedup, original
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


def _psvi(model: Any) -> Iterator[tuple[str, int, str, object]]:
    """What the schema check gave each element of each document: its value (valid, type, value,
    schema value) and each attribute's, in document order."""
    for uri, document in sorted(model.urlDocs.items()):
        for position, element in enumerate(document.xmlRootElement.iter()):
            if isinstance(element, ModelObject):
                own = tuple(repr(getattr(element, name, None)) for name in ("xValid", "xValue", "sValue"))
                attributes = {
                    tag: (a.xValid, repr(a.xValue), type(a.xValue), repr(a.sValue), a.text)
                    for tag, a in getattr(element, "xAttributes", {}).items()
                }
                yield uri, position, element.tag, (own, type(getattr(element, "xValue", None)), attributes)


def _checked_again(model: Any) -> tuple[list[tuple[str, int, str, object]], list[object]]:
    """Every document of the model checked again from its root, as Arelle's schema check of a
    run checks it (facts of a report as facts): what it gave each element, the errors it logged."""
    errors = len(model.errors)
    for _, document in sorted(model.urlDocs.items()):
        inline = document.type == ModelDocumentType.INLINEXBRL
        XmlValidate.validate(model, document.xmlRootElement, ixFacts=inline, setTargetModelXbrl=True)
    return list(_psvi(model)), model.errors[errors:]


def test_validate_value_gives_arelle_s_values_to_every_element_and_attribute(
    report_model: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The IIJ report, its extension taxonomy and the IFRS taxonomy it loads, checked by ours
    (with what the run remembered) and then by Arelle's own functions."""
    assert len(getattr(report_model, REMEMBERED_VALUES)) > 500, "most values were checked once and remembered"
    ours = _checked_again(report_model)
    for name in ("validateValue", "qnameClarkName"):
        monkeypatch.setattr(XmlValidate, name, original(SPEEDUP[name]))
    arelle_s = _checked_again(report_model)
    psvi = ours[0]
    assert len(psvi) > 10_000 and sum(1 for *_, (_, _, attributes) in psvi if attributes) > 5_000
    assert ours == arelle_s


_FACETS_OF_TYPES: list[Any] = []


def _probe(model: Any) -> ModelObject:
    """A new element of the model's report, for one check to give its values to."""
    return etree.SubElement(model.modelDocument.xmlRootElement, "{urn:xbrl-gen:test}probe")  # type: ignore[no-any-return]


def _checked(check: Any, model: Any, attribute: bool, args: tuple[Any, ...]) -> object:
    probe, errors = _probe(model), len(model.errors)
    try:
        check(model, probe, "{urn:xbrl-gen:test}value" if attribute else None, *args)
    except Exception as error:  # as Arelle's own function raises it
        return type(error)
    if attribute:
        a = probe.xAttributes["{urn:xbrl-gen:test}value"]
        found = (a.xValid, repr(a.xValue), type(a.xValue), repr(a.sValue), a.text)
    else:
        found = (probe.xValid, repr(probe.xValue), type(probe.xValue), repr(probe.sValue))
    return found, model.errors[errors:]


@given(
    base_type=st.sampled_from(sorted(_REMEMBERED_TYPES | {"QName", "date", "gYear", "duration"})),
    value=st.one_of(
        st.text(max_size=12),
        st.from_regex(r"\A\s?[-+]?[0-9]{0,20}(\.[0-9]{0,6})?([eE][-+]?[0-9]{1,3})?\s?\Z"),
        st.sampled_from(["true", "0", "1", "INF", "NaN", "-0", "a b", "http://a b", "xbrli:pure", "", "  x  "]),
    ),
    nillable=st.booleans(),
    nil=st.booleans(),
    facets_index=st.integers(min_value=0, max_value=1_000),
    attribute=st.booleans(),
)
# Nil and empty, then empty but not nil: None, then "" (the first must not be remembered for both).
@example(base_type="string", value="", nillable=True, nil=True, facets_index=0, attribute=False)
@example(base_type="string", value="", nillable=True, nil=False, facets_index=0, attribute=False)
@example(base_type="decimal", value="", nillable=True, nil=True, facets_index=0, attribute=False)
@example(base_type="decimal", value="", nillable=False, nil=True, facets_index=0, attribute=False)
def test_validate_value_gives_arelle_s_values_to_generated_values(
    report_model: Any, base_type: str, value: str, nillable: bool, nil: bool, facets_index: int, attribute: bool
) -> None:
    """Each value checked by ours twice (the second time remembered) and by Arelle's: the same
    values given, the same errors reported. The facets are those of the DTS's types, or none."""
    if not _FACETS_OF_TYPES:
        _FACETS_OF_TYPES.extend(
            [None, *{id(t.facets): t.facets for t in report_model.qnameTypes.values() if t.facets}.values()]
        )
    assert len(_FACETS_OF_TYPES) > 10
    facets = _FACETS_OF_TYPES[facets_index % len(_FACETS_OF_TYPES)]
    args = (base_type, value, nillable, nil, facets)
    ours = XmlValidate.validateValue
    expected = _checked(original(SPEEDUP["validateValue"]), report_model, attribute, args)
    assert _checked(ours, report_model, attribute, args) == expected
    assert _checked(ours, report_model, attribute, args) == expected


def _parts(qname: QName) -> tuple[str | None, str | None, str]:
    return qname.prefix, qname.namespaceURI, qname.localName


@given(st.text(max_size=8), st.sampled_from(["", "{}", "{urn:a}", "{http://www.w3.org/1999/xlink}"]))
def test_qname_clark_name_gives_arelle_s_qname(local: str, namespace: str) -> None:
    name = namespace + local
    expected = _parts(original(SPEEDUP["qnameClarkName"])(name))
    assert _parts(XmlValidate.qnameClarkName(name)) == expected
    assert _parts(XmlValidate.qnameClarkName(name)) == expected  # made once


def test_qname_clark_name_keeps_a_bounded_number_of_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(arelle_speedups, "_MADE_AT_MOST", 3)
    qname_clark_name = arelle_speedups._made_once(original(SPEEDUP["qnameClarkName"]))
    names = [f"{{urn:a}}n{i}" for i in range(7)]
    first = [qname_clark_name(name) for name in names]
    assert [_parts(q) for q in first] == [(None, "urn:a", f"n{i}") for i in range(7)]
    assert qname_clark_name(names[-1]) is first[-1], "the newest names kept"
    assert qname_clark_name(names[0]) is not first[0], "the oldest dropped and made again"
