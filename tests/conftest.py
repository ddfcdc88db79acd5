"""Shared fixtures: the taxonomy package and seeds live in ../shared, beside the checkout."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(
    os.environ.get("XBRL_GEN_SHARED", ROOT.parent / "shared")
)  # set by `make mutate`, whose copy lives elsewhere
IFRS_PACKAGE = SHARED / "taxonomies" / "IFRSAT-2022-03-24.zip"
SEEDS = SHARED / "seeds"
EXAMPLES = ROOT / "examples"
# The IFRS core as read for mapping is kept between runs (xbrl_gen/taxonomy_cache.py): the suite
# keeps it in a folder of its own, not in the user's cache, and shares it across its workers. Not
# under mutmut, whose mutants all share one source (a switch chooses the mutant at run time): an
# entry indexed by one mutant would be read by the next.
os.environ.setdefault("XBRL_GEN_CACHE_DIR", str(Path(tempfile.gettempdir()) / f"xbrl-gen-tests-{os.getuid()}"))
if os.environ.get("MUTANT_UNDER_TEST"):
    os.environ["XBRL_GEN_CACHE_DIR"] = "off"
DAY = timedelta(days=1)  # Arelle keeps instants and end dates as the next midnight


@pytest.fixture(scope="session")
def packages() -> list[Path]:
    if not IFRS_PACKAGE.is_file():
        pytest.skip(f"IFRS taxonomy package not found at {IFRS_PACKAGE} (../shared/taxonomies beside the checkout)")
    return [IFRS_PACKAGE]


@dataclass(frozen=True, order=True)
class ReadFact:
    """A fact as Arelle reads it back."""

    concept: str  # prefix:local as Arelle names it
    period: str  # "2020-06-30" or "2020-04-01..2020-06-30"
    unit: str  # "JPY", "JPY/shares" or ""
    decimals: str
    value: Decimal
    dims: tuple[tuple[str, str], ...] = ()
    entity: str = ""  # "scheme identifier"


@contextmanager
def arelle_model(entry: Path, packages: list[Path], *, inline: bool = False) -> Iterator[Any]:
    """``entry`` loaded by Arelle (offline), open for the duration of the ``with``."""
    from arelle.api.Session import Session
    from arelle.RuntimeOptions import RuntimeOptions

    options = RuntimeOptions(
        entrypointFile=str(entry),
        packages=[str(p) for p in packages],
        internetConnectivity="offline",
        keepOpen=True,
        disablePersistentConfig=True,
        logPropagate=False,
        plugins="inlineXbrlDocumentSet" if inline else None,
    )
    with Session() as session:
        session.run(options, logFileName="logToBuffer")
        (model,) = session.get_models()
        yield model


def arelle_facts(entry: Path, packages: list[Path], *, inline: bool = False) -> list[ReadFact]:
    """Load ``entry`` with Arelle (offline) and return its facts in our own terms."""
    with arelle_model(entry, packages, inline=inline) as model:
        return sorted(_read(f) for f in model.factsInInstance)


def _read(fact) -> ReadFact:  # type: ignore[no-untyped-def]
    context = fact.context
    if context.isInstantPeriod:
        period = (context.instantDatetime.date() - DAY).isoformat()
    else:
        period = f"{context.startDatetime.date().isoformat()}..{(context.endDatetime.date() - DAY).isoformat()}"
    unit = ""
    if fact.unit is not None:
        numerators, denominators = fact.unit.measures
        unit = "*".join(m.localName for m in numerators) + (
            "/" + "*".join(m.localName for m in denominators) if denominators else ""
        )
    dims = tuple(sorted((str(d), str(m.memberQname)) for d, m in context.qnameDims.items()))
    scheme, identifier = context.entityIdentifier
    return ReadFact(
        str(fact.qname), period, unit, str(fact.decimals), Decimal(fact.value), dims, f"{scheme} {identifier}"
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, packages: list[Path]) -> Iterator[dict[str, object]]:
    """Each example built once per test session: name -> BuildResult."""
    from xbrl_gen.build import build

    results = {}
    for example in ("iij-2020-q1", "iij-2020-h1"):
        results[example] = build(EXAMPLES / example, tmp_path_factory.mktemp(example), packages)
    yield results
