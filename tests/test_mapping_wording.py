"""The other wordings a label is tried in when it matches no rule: what IAS 1 and IAS 7 call the
line, written here from the standards' wording, not from the code's output."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from xbrl_gen.mapping.rules import wording_key
from xbrl_gen.mapping.wording import variants, without_balance_phrase


@pytest.mark.parametrize(
    ("label", "balance_of"),
    [
        ("Cash and cash equivalents at beginning of the period", "cash and cash equivalents"),
        ("Cash and cash equivalents at the end of the year", "cash and cash equivalents"),
        ("Cash and cash equivalents, beginning of period", "cash and cash equivalents"),
        ("Cash and Cash Equivalents as of the End of the Quarter", "cash and cash equivalents"),
        ("Balance at end of the fiscal year", "balance"),
        ("At the end of the period", "at the end of the period"),  # nothing left: the label as it is
    ],
)
def test_an_opening_or_closing_line_is_a_balance_of_what_it_names(label: str, balance_of: str) -> None:
    assert without_balance_phrase(label) == balance_of


@pytest.mark.parametrize(
    ("label", "wording"),
    [
        ("Increase in trade receivables", "increase decrease in trade receivables"),
        ("Decrease (increase) in inventories", "increase decrease in inventories"),
        ("Change in provisions", "increase decrease in provisions"),
        ("Net increase in cash and cash equivalents", "increase decrease in cash and cash equivalents"),
        ("Profit attributable to: Shareholders of the Company", "owners of the parent"),
        ("Attributable to equity holders of the parent", "owners of the parent"),
        ("Exchange differences on translation, net of tax", "exchange differences on translation"),
        ("Acquisition of subsidiaries, net of cash acquired", "acquisition of subsidiaries"),
        ("Net finance costs", "finance costs"),
        ("Cash at the beginning of the period", "cash"),
    ],
)
def test_a_label_is_also_tried_as_the_taxonomy_words_it(label: str, wording: str) -> None:
    found = variants(label)
    assert found[0] == " ".join(
        label.lower().replace(",", " ").replace(":", " ").replace("(", "").replace(")", "").split()
    )
    assert wording in found
    assert len(found) == len(set(found))


def test_a_label_with_nothing_to_reword_has_one_wording() -> None:
    assert variants("Goodwill") == ("goodwill",)


def test_a_company_wording_is_not_also_a_common_one() -> None:
    """Company rules hold what only that company prints; a wording the common tables also hold is
    either general (and belongs there only) or the company's (and belongs in its file only)."""
    mappings = Path(__file__).parent.parent / "taxonomies" / "mappings"
    common = {
        wording_key(str(w))
        for name in ("ifrs-common.yaml", "ifrs-synonyms.yaml")
        for rule in yaml.safe_load((mappings / name).read_text())["rules"]
        for w in rule["wordings"]
    }
    entities = sorted((mappings / "entities").glob("*.yaml"))
    assert entities
    for path in entities:
        for rule in yaml.safe_load(path.read_text()).get("rules", []):
            assert not {wording_key(str(w)) for w in rule["wordings"]} & common, (path.name, rule["wordings"])
