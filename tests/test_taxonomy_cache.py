"""The IFRS core and its search index kept on disk between runs (``taxonomy_cache``): a run that
loads them back maps exactly as one that reads the package, and an entry is never used for
another package, another version or another xbrl-gen."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import EXAMPLES

from xbrl_gen import taxonomy_cache
from xbrl_gen.build import map_statements
from xbrl_gen.mapping.report import format_text, mapping_report
from xbrl_gen.mapping.search import concept_index
from xbrl_gen.sources import read_statements
from xbrl_gen.taxonomy import _load_ifrs, load_ifrs


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and no taxonomy read yet in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(taxonomy_cache.ENV_CACHE_DIR, str(folder))
    _load_ifrs.cache_clear()
    yield folder
    _load_ifrs.cache_clear()  # later tests read the package again, not this test's entry


def _mapping(packages: list[Path]) -> str:
    filing = read_statements(EXAMPLES / "iij-2020-q1" / "statements.yaml")
    return format_text(mapping_report(map_statements(filing, packages, [])))


def test_a_run_from_the_cache_maps_as_a_run_from_the_package(cache: Path, packages: list[Path]) -> None:
    os.environ[taxonomy_cache.ENV_CACHE_DIR] = "off"
    from_package = _mapping(packages)
    assert not cache.exists()

    os.environ[taxonomy_cache.ENV_CACHE_DIR] = str(cache)
    _load_ifrs.cache_clear()
    first = load_ifrs(packages)
    assert first.derived == {}  # read from the package: nothing indexed yet
    assert _mapping(packages) == from_package
    (entry,) = cache.glob("*.pickle")

    _load_ifrs.cache_clear()  # as a new process would
    again = load_ifrs(packages)
    assert again is not first and again == first
    assert again.cache_name == first.cache_name == entry.stem
    index = again.derived["concept-index"]
    assert concept_index(again) is index  # loaded with the taxonomy, not built again
    assert len(index.entries) == len(concept_index(first).entries) > 1000
    assert _mapping(packages) == from_package


def test_an_entry_is_keyed_by_package_version_and_code(tmp_path: Path, packages: list[Path]) -> None:
    base = taxonomy_cache.key(tuple(packages), "2022")
    assert taxonomy_cache.key(tuple(packages), "2022") == base
    assert taxonomy_cache.key(tuple(packages), "2021") != base
    copy = tmp_path / packages[0].name
    copy.write_bytes(packages[0].read_bytes())
    assert taxonomy_cache.key((copy,), "2022") != base  # another file
    os.utime(copy, ns=(0, 0))
    touched = taxonomy_cache.key((copy,), "2022")
    os.utime(copy, ns=(0, 10**9))
    assert taxonomy_cache.key((copy,), "2022") != touched  # the same file, changed
    taxonomy_cache.code_fingerprint.cache_clear()
    assert taxonomy_cache.code_fingerprint() == taxonomy_cache.code_fingerprint()


def test_an_unreadable_entry_is_read_again_from_the_package(cache: Path, packages: list[Path]) -> None:
    name = load_ifrs(packages).cache_name
    (cache / f"{name}.pickle").write_bytes(b"not a pickle")
    _load_ifrs.cache_clear()
    taxonomy = load_ifrs(packages)
    assert "ifrs-full:Revenue" in taxonomy.concepts
    with (cache / f"{name}.pickle").open("rb") as file:
        assert pickle.load(file) == taxonomy  # written again


def test_a_changed_taxonomy_is_neither_stored_nor_indexed_as_the_original(cache: Path, packages: list[Path]) -> None:
    taxonomy = load_ifrs(packages)
    concept_index(taxonomy)
    smaller = replace(taxonomy, concepts={"ifrs-full:Revenue": taxonomy.concepts["ifrs-full:Revenue"]})
    assert smaller.cache_name == "" and smaller.derived == {}
    assert [e.concept.qname for e in concept_index(smaller).entries] == ["ifrs-full:Revenue"]
    _load_ifrs.cache_clear()
    assert len(load_ifrs(packages).concepts) == len(taxonomy.concepts)  # the entry is still the whole core


def test_no_entry_is_written_when_the_cache_is_off(cache: Path, packages: list[Path]) -> None:
    os.environ[taxonomy_cache.ENV_CACHE_DIR] = "off"
    concept_index(load_ifrs(packages))
    assert taxonomy_cache.folder() is None and not cache.exists()


def test_only_the_newest_entries_are_kept(cache: Path) -> None:
    for n in range(taxonomy_cache.KEPT + 3):
        taxonomy_cache.store(f"entry{n}", n)
        os.utime(cache / f"entry{n}.pickle", ns=(n * 10**9, n * 10**9))  # written one second apart
    assert sorted(int(p.stem[5:]) for p in cache.glob("*.pickle")) == list(range(3, taxonomy_cache.KEPT + 3))
    assert taxonomy_cache.load("entry3") == 3 and taxonomy_cache.load("entry2") is None
