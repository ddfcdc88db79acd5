"""Presentation, calculation and definition linkbases: one locator per concept in each extended
link, and the relationships Arelle reads back are the render model's."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES, arelle_model
from lxml import etree

from xbrl_gen.esef import CALC_2003
from xbrl_gen.render import ARCROLES, Arc, Hrefs, Network, RenderModel, build_render_model, link_arcs
from xbrl_gen.taxonomy import load_ifrs

PARENT_CHILD = "http://www.xbrl.org/2003/arcrole/parent-child"
LINK = "{http://www.xbrl.org/2003/linkbase}"
XLINK = "{http://www.w3.org/1999/xlink}"
CASH = "ifrs-full:CashAndCashEquivalents"
ROLE = "http://www.xbrl.org/2003/role/"
ALL = "http://xbrl.org/int/dim/arcrole/all"

Relationship = tuple[
    str, str, str, str, float, float | None, str | None
]  # role, arcrole, from, to, order, weight, label


def _plan(arcs: list[tuple[str, str]]) -> list[tuple[tuple[str, ...], str, str]]:
    """link_arcs on (parent, child) pairs: each arc's new locator labels, from label, to label."""
    rows = link_arcs([Arc(p, c, n) for n, (p, c) in enumerate(arcs, 1)], Hrefs("core.xsd", "ours.xsd"))
    return [(tuple(label for label, _ in row.locators), row.source, row.target) for row in rows]


def test_a_concept_has_one_locator_shared_by_its_arcs() -> None:
    plan = _plan([("a:Root", "a:X"), ("a:Root", "a:Y"), ("a:X", "a:Z"), ("a:Y", "a:Z")])
    assert plan == [
        (("loc_a_Root", "loc_a_X"), "loc_a_Root", "loc_a_X"),
        (("loc_a_Y",), "loc_a_Root", "loc_a_Y"),
        (("loc_a_Z",), "loc_a_X", "loc_a_Z"),
        ((), "loc_a_Y", "loc_a_Z"),
    ]


def test_a_repeated_pair_takes_another_locator_of_its_child_shared_by_later_repeats() -> None:
    plan = _plan([("a:R", "a:C"), ("a:R", "a:C"), ("a:R", "a:C"), ("a:P", "a:C"), ("a:P", "a:C"), ("a:C", "a:D")])
    assert plan == [
        (("loc_a_R", "loc_a_C"), "loc_a_R", "loc_a_C"),
        (("loc_a_C_2",), "loc_a_R", "loc_a_C_2"),
        (("loc_a_C_3",), "loc_a_R", "loc_a_C_3"),
        (("loc_a_P",), "loc_a_P", "loc_a_C"),
        ((), "loc_a_P", "loc_a_C_2"),
        (("loc_a_D",), "loc_a_C", "loc_a_D"),
    ]


def test_locator_labels_stay_unique_when_a_name_looks_like_a_copy() -> None:
    """``a:C_2`` would be labelled as the second locator of ``a:C``: whichever comes second moves on."""
    plan = _plan([("a:R", "a:C_2"), ("a:R", "a:C"), ("a:R", "a:C")])
    assert [labels for labels, _, _ in plan] == [("loc_a_R", "loc_a_C_2"), ("loc_a_C",), ("loc_a_C_3",)]


def test_locators_carry_each_concepts_href() -> None:
    (row,) = link_arcs([Arc("ifrs-full:Assets", "e:Own", 1)], Hrefs("core.xsd", "ours.xsd"))
    assert row.locators == (("loc_ifrs-full_Assets", "core.xsd#ifrs-full_Assets"), ("loc_e_Own", "ours.xsd#e_Own"))


# -- Arelle's readback --------------------------------------------------------------------------


def _expected(model: RenderModel) -> Counter[Relationship]:
    """Every relationship the render model asks for, in Arelle's terms."""
    kinds: list[tuple[str, str | None, bool]] = [
        ("presentation", PARENT_CHILD, False),
        ("calculation", CALC_2003, True),
    ]
    kinds.append(("definition_arcs", None, False))
    found: Counter[Relationship] = Counter()
    for network in model.networks:
        for kind, arcrole, weighted in kinds:
            arcs: list[Arc] = getattr(network, kind)
            found.update(_relationship(network, a, arcrole or a.arcrole, weighted) for a in arcs)
    return found


def _relationship(network: Network, a: Arc, arcrole: str, weighted: bool) -> Relationship:
    return (
        network.uri,
        arcrole,
        a.parent,
        a.child,
        float(a.order),
        float(a.weight) if weighted else None,
        a.preferred_label,
    )


def _read_back(dts: Any, linkbases: set[str]) -> Counter[Relationship]:
    """Every relationship Arelle reads from ``linkbases`` (file names)."""
    found: Counter[Relationship] = Counter()
    for arcrole in [PARENT_CHILD, CALC_2003, *ARCROLES]:
        for r in dts.relationshipSet(arcrole).modelRelationships:
            if r.arcElement.modelDocument.basename in linkbases:
                found[
                    (
                        r.linkrole,
                        r.arcrole,
                        str(r.fromModelObject.qname),
                        str(r.toModelObject.qname),
                        r.order,
                        r.weight,
                        r.preferredLabel,
                    )
                ] += 1
    return found


def _linkbases(instance: Path) -> list[Path]:
    return [instance.with_name(f"{instance.stem}_{kind}.xml") for kind in ("pre", "cal", "def")]


def _locator_counts(linkbase: Path) -> list[tuple[str, Counter[str], Counter[tuple[str, str]]]]:
    """Each extended link: its role, the locators per href, and the arcs per (from href, to href);
    every arc's from/to pair of labels is its own (else this fails)."""
    links = []
    for link in etree.parse(str(linkbase)).getroot():
        if link.get(f"{XLINK}type") != "extended":
            continue
        locators = {loc.get(f"{XLINK}label"): loc.get(f"{XLINK}href") for loc in link.iter(f"{LINK}loc")}
        arcs = [(a.get(f"{XLINK}from"), a.get(f"{XLINK}to")) for a in link if a.get(f"{XLINK}type") == "arc"]
        assert len(set(arcs)) == len(arcs), link.get(f"{XLINK}role")
        assert set(locators) == {label for arc in arcs for label in arc}, "a locator no arc uses"
        assert len(locators) == len(link.findall(f"{LINK}loc")), "two locators with one label"
        pairs = Counter((locators[f], locators[t]) for f, t in arcs)
        links.append((link.get(f"{XLINK}role"), Counter(locators.values()), pairs))
    return links


def _extra_locators(linkbase: Path) -> list[tuple[str, str, int, int]]:
    """Concepts with more locators in a link than the most repeated (from, to) pair they end
    needs: (role, href, locators, repeats)."""
    extra = []
    for role, locators, pairs in _locator_counts(linkbase):
        for href, count in locators.items():
            needed = max(n for (f, t), n in pairs.items() if href in (f, t))
            if count > needed:
                extra.append((role, href, count, needed))
    return extra


def _repeated_pairs(linkbases: list[Path]) -> int:
    return sum(n > 1 for lb in linkbases for _, _, pairs in _locator_counts(lb) for n in pairs.values())


def _assert_read_back_as_modelled(result: Any, packages: list[Path]) -> Counter[Relationship]:
    taxonomy = load_ifrs(packages)
    model = build_render_model(result.mapped, taxonomy.namespace, taxonomy.labels, None, taxonomy.concepts)
    linkbases = _linkbases(result.instance)
    with arelle_model(result.instance, packages) as dts:
        read = _read_back(dts, {lb.name for lb in linkbases})
    expected = _expected(model)
    assert read == expected, (read - expected, expected - read)
    assert {kind for _, kind, *_ in read} >= {PARENT_CHILD, CALC_2003, ALL}
    for linkbase in linkbases:
        assert _extra_locators(linkbase) == [], linkbase.name
    return read


@pytest.mark.arelle
@pytest.mark.parametrize("example", ["iij-2020-q1", "iij-2020-h1"])
def test_examples_read_back_as_modelled_with_a_locator_per_concept(built, packages, example: str) -> None:  # type: ignore[no-untyped-def]
    result = built[example]
    _assert_read_back_as_modelled(result, packages)
    linkbases = _linkbases(result.instance)
    # the hard cases are there: opening and closing cash and equity; dimension-domain and -default
    assert _repeated_pairs(linkbases) >= 6


# -- a concept shown again and again --------------------------------------------------------------

END_LINE = (
    "      - {label: Cash and cash equivalents at end of the period, depth: 1, values: [32892657, 38892573], at: end}\n"
)
NET = "ifrs-full:IncreaseDecreaseInCashAndCashEquivalents"
ROOT = "ifrs-full:StatementOfCashFlowsAbstract"
MEMO = "iij:MemorandumAbstract"


def _line(label: str, concept: str, at: str = "") -> str:
    values = "[934868, 220839]" if concept == NET else "[32892657, 38892573]"
    return f"      - {{label: {label}, depth: 1, concept: {concept}, values: {values}{', at: ' + at if at else ''}}}\n"


def _shown_again(tmp_path: Path, again: bool, memo: bool) -> Path:
    """The first example's cash-flow statement, which shows cash twice under its root (opening and
    closing balance) and the net change in cash once (a total): with ``again``, closing cash a
    third time and the net change a second time (no preferred label), under the root; with
    ``memo``, both once more under a header of their own (another parent in the same link)."""
    text = (EXAMPLES / "iij-2020-q1" / "statements.yaml").read_text(encoding="utf-8")
    assert text.count(END_LINE) == 1
    more = ""
    if again:
        more += _line("Net change in cash", NET) + _line("Cash in the statement of financial position", CASH, "end")
    if memo:
        more += "      - {label: Memorandum}\n" + _line("Net change", NET) + _line("Cash held", CASH, "end")
    path = tmp_path / "statements.yaml"
    path.write_text(text.replace(END_LINE, END_LINE + more), encoding="utf-8")
    return path


@pytest.mark.arelle
@pytest.mark.parametrize(("again", "memo"), [(True, False), (False, True), (True, True)])
def test_concepts_shown_again_under_one_parent_and_under_several_validate_and_read_back(
    tmp_path: Path, packages: list[Path], again: bool, memo: bool
) -> None:
    from xbrl_gen.build import build

    result = build(_shown_again(tmp_path, again, memo), tmp_path / "out", packages)
    for report in result.reports:
        assert (report.errors, report.calculation_inconsistencies) == ([], []), report.summary()
    read = _assert_read_back_as_modelled(result, packages)
    arcs = sorted((r[2], r[3], r[6] or "") for r in read if r[0].endswith("/cash-flows") and r[3] in (CASH, NET))
    start, end, total = (ROLE + role for role in ("periodStartLabel", "periodEndLabel", "totalLabel"))
    assert arcs == sorted(
        [(ROOT, CASH, start), (ROOT, CASH, end), (ROOT, NET, total)]
        + ([(ROOT, CASH, end), (ROOT, NET, "")] if again else [])
        + ([(MEMO, CASH, end), (MEMO, NET, "")] if memo else [])
    )
    (locators,) = [
        loc for role, loc, _ in _locator_counts(_linkbases(result.instance)[0]) if role.endswith("/cash-flows")
    ]
    names = ("ifrs-full_CashAndCashEquivalents", "ifrs-full_IncreaseDecreaseInCashAndCashEquivalents")
    copies = {name: n for href, n in locators.items() if (name := href.rsplit("#", 1)[1]) in names}
    assert copies == dict(zip(names, (3, 2) if again else (2, 1), strict=True))
