"""Concept metadata (period type, balance, item type, labels) read from taxonomy packages.

We read the package zip ourselves with lxml because mapping needs only the core schema and its
labels, in well under a second; Arelle loads the full DTS later, when validating. The core schema
is found from the package's entry points, listed there or imported by one of them (the IFRS
Foundation's own manifests list only the entry points), and its version from its namespace.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from xbrl_gen import taxonomy_cache
from xbrl_gen.errors import TaxonomyError
from xbrl_gen.model import Balance, Concept, ItemType, PeriodType
from xbrl_gen.xmlsafe import parse_bytes

log = logging.getLogger(__name__)

ENV_PACKAGES = "XBRL_GEN_TAXONOMY_PACKAGES"
IFRS_PREFIX = "ifrs-full"
DEFAULT_IFRS_VERSION = "2022"
CORE_STEM = (
    "full_ifrs-cor_"  # the core schema's name in every IFRS taxonomy (the deprecated concepts share its namespace)
)
IFRS_VERSIONS = ("2021", "2022", "2023")  # what ``build`` targets; convert reads any version
_CORE_NAMESPACE = re.compile(r"/taxonomy/(\d{4}-\d{2}-\d{2})/ifrs-full$")
_DTR_NAMESPACE = re.compile(r"^http://www\.xbrl\.org/dtr/type/\d{4}-\d{2}-\d{2}$")
DTR_FALLBACK = (
    "http://www.xbrl.org/dtr/type/2022-03-31",
    "https://www.xbrl.org/dtr/type/2022-03-31/types.xsd",
)  # in Arelle's cache

NS = {
    "xs": "http://www.w3.org/2001/XMLSchema",
    "xbrli": "http://www.xbrl.org/2003/instance",
    "link": "http://www.xbrl.org/2003/linkbase",
    "xlink": "http://www.w3.org/1999/xlink",
    "tp": "http://xbrl.org/2016/taxonomy-package",
    "cat": "urn:oasis:names:tc:entity:xmlns:xml:catalog",
}
_IMPORT = f"{{{NS['xs']}}}import"
_XLINK_HREF = f"{{{NS['xlink']}}}href"
_XLINK_LABEL = f"{{{NS['xlink']}}}label"
_XLINK_ROLE = f"{{{NS['xlink']}}}role"
_XLINK_FROM = f"{{{NS['xlink']}}}from"
_XLINK_TO = f"{{{NS['xlink']}}}to"
_PERIOD_TYPE = f"{{{NS['xbrli']}}}periodType"
_BALANCE = f"{{{NS['xbrli']}}}balance"

ROLE_LABEL = "http://www.xbrl.org/2003/role/label"
ROLE_DOCUMENTATION = "http://www.xbrl.org/2003/role/documentation"

_ITEM_TYPES = {
    "monetaryItemType": ItemType.MONETARY,
    "perShareItemType": ItemType.PER_SHARE,
    "sharesItemType": ItemType.SHARES,
    "pureItemType": ItemType.PURE,
    "percentItemType": ItemType.PURE,
}


STATEMENT_ROLES = (
    "210000",
    "220000",
    "310000",
    "320000",
    "410000",
    "420000",
    "510000",
    "520000",
    "610000",
    "800100",
    "800200",
)
_ROLE_FILE = re.compile(r"/(pre|cal)_[^/]*_role-(\d{6})\.xml$")


@dataclass(frozen=True)
class StatementStructure:
    """The IFRS standard statements as the taxonomy package presents and calculates them: which
    statements (by role number, "210000") present a concept, and which concepts a total adds up."""

    roles: dict[str, frozenset[str]] = field(default_factory=dict)  # concept -> role numbers presenting it
    children: dict[str, frozenset[str]] = field(default_factory=dict)  # total -> its calculation components
    parents: dict[str, frozenset[str]] = field(default_factory=dict)  # component -> the totals it adds into

    def descendants(self, qname: str) -> frozenset[str]:
        """Every concept adding into this one, directly or through subtotals."""
        found: set[str] = set()
        todo = [qname]
        while todo:
            for child in self.children.get(todo.pop(), ()):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return frozenset(found)

    def ancestors(self, qname: str) -> frozenset[str]:
        """Every total this concept adds into, directly or through subtotals."""
        found: set[str] = set()
        todo = [qname]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in found:
                    found.add(parent)
                    todo.append(parent)
        return frozenset(found)


@dataclass(frozen=True)
class Taxonomy:
    """The base taxonomy's concepts by QName, their labels, and where its core schema lives."""

    namespace: str
    schema_url: str
    dtr_types: tuple[str, str]  # the XBRL data types registry schema the core uses: namespace, URL
    concepts: dict[str, Concept]
    labels: dict[str, dict[str, str]]  # each concept's English labels, by role
    documentation: dict[str, str]
    structure: StatementStructure = field(default_factory=StatementStructure)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> concept -> standard label
    # Neither is copied by ``replace``: a changed taxonomy is not the one on disk, nor the one indexed.
    cache_name: str = field(default="", init=False, compare=False)  # its entry in ``taxonomy_cache``
    derived: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)  # its search index

    def speaks(self, language: str) -> bool:
        """Whether the packages give standard labels in this language ("de", "de-DE")."""
        primary = language.lower().split("-")[0]
        return primary == "en" or primary in self.translations

    def concept(self, qname: str) -> Concept | None:
        return self.concepts.get(qname)


def package_paths(given: list[str] | None = None) -> list[Path]:
    """Packages from the option, else from ``XBRL_GEN_TAXONOMY_PACKAGES`` (os.pathsep separated)."""
    raw = list(given or []) or [p for p in os.environ.get(ENV_PACKAGES, "").split(os.pathsep) if p]
    if not raw:
        raise TaxonomyError(
            f"no taxonomy package given: pass --taxonomy-package PATH or set {ENV_PACKAGES} "
            "(e.g. to IFRSAT-2022-03-24.zip)"
        )
    paths = [Path(p).expanduser().resolve() for p in raw]
    for path in paths:
        if not path.is_file():
            raise TaxonomyError(f"taxonomy package not found: {path}")
    return paths


def load_ifrs(packages: list[Path], version: str = DEFAULT_IFRS_VERSION) -> Taxonomy:
    """The IFRS core of ``version`` ("2023", or a date "2023-03-23") among the packages given."""
    return _load_ifrs(tuple(packages), version)


@lru_cache(maxsize=4)
def _load_ifrs(packages: tuple[Path, ...], version: str) -> Taxonomy:
    try:
        name = taxonomy_cache.key(packages, version)
    except OSError:  # a package that cannot be read: _read_ifrs says which
        name = ""
    cached = taxonomy_cache.load(name)
    if isinstance(cached, Taxonomy) and cached.cache_name == name:
        return cached
    taxonomy = _read_ifrs(packages, version)
    object.__setattr__(taxonomy, "cache_name", name)
    taxonomy_cache.store(name, taxonomy)
    return taxonomy


def _read_ifrs(packages: tuple[Path, ...], version: str) -> Taxonomy:
    core: Taxonomy | None = None
    found = []
    translations: dict[str, dict[str, str]] = {}
    for path in packages:
        try:
            with zipfile.ZipFile(path) as zf:
                for member, url, namespace in _core_schemas(zf, path):
                    found.append(_CORE_NAMESPACE.search(namespace).group(1))  # type: ignore[union-attr]
                    if core is None and found[-1].startswith(version):
                        core = _read_core(zf, member, url)
                for language, labels in _translations(zf).items():
                    translations.setdefault(language, {}).update(labels)
        except (zipfile.BadZipFile, OSError) as err:
            raise TaxonomyError(f"not a readable taxonomy package zip ({err})", str(path)) from None
    if core is not None:
        return replace(core, translations=translations) if translations else core
    if found:
        raise TaxonomyError(
            f"no IFRS {version} core schema in the given packages (found {', '.join(sorted(set(found)))}); "
            "give its package, or choose a version with --ifrs-version"
        )
    raise TaxonomyError("no IFRS full taxonomy entry point (full_ifrs-cor_*.xsd) found in the given packages")


_TRANSLATED_LABELS = re.compile(r"/lab_full_ifrs-([a-z]{2})(?:-[A-Za-z]+)?_[^/]*\.xml$")


def _translations(zf: zipfile.ZipFile) -> dict[str, dict[str, str]]:
    """Standard labels in other languages than English, from any package that has them (the IFRS
    Foundation publishes translations of the taxonomy's labels as packages of their own)."""
    found: dict[str, dict[str, str]] = {}
    for name in zf.namelist():
        match = _TRANSLATED_LABELS.search(name)
        if match and match.group(1) != "en":
            labels = found.setdefault(match.group(1), {})
            labels.update({q: roles[ROLE_LABEL] for q, roles in _labels(zf, [name]).items() if ROLE_LABEL in roles})
    return found


def _core_schemas(zf: zipfile.ZipFile, path: Path) -> Iterator[tuple[str, str, str]]:
    """(zip member, URL, namespace) of each IFRS core schema the package's entry points are or
    import directly."""
    names = set(zf.namelist())
    manifest = next((n for n in sorted(names) if n.endswith("META-INF/taxonomyPackage.xml")), None)
    if manifest is None:
        raise TaxonomyError("not a taxonomy package: no META-INF/taxonomyPackage.xml", str(path))
    root = PurePosixPath(manifest).parent.parent
    rewrites = _catalog_rewrites(zf, root / "META-INF" / "catalog.xml")
    seen = set()
    for href in parse_bytes(zf.read(manifest), manifest).xpath("//tp:entryPointDocument/@href", namespaces=NS):
        member = _resolve(str(href), rewrites, root)
        if member not in names:  # an entry point of another package (a regulator's, on top of IFRS)
            continue
        schema = parse_bytes(zf.read(member), member).getroot()
        candidates = [(str(href), schema.get("targetNamespace", ""))]
        candidates += [
            (_joined(str(href), i.get("schemaLocation", "")), i.get("namespace", "")) for i in schema.iter(_IMPORT)
        ]
        for url, namespace in candidates:
            core = _resolve(url, rewrites, root)
            if (
                PurePosixPath(url).name.startswith(CORE_STEM)
                and _CORE_NAMESPACE.search(namespace)
                and url not in seen
                and core in names
            ):
                seen.add(url)
                yield core, url, namespace


def _joined(base: str, location: str) -> str:
    """``location`` resolved against the URL ``base`` (schema locations are relative to their schema)."""
    if "://" in location:
        return location
    scheme, _, rest = base.partition("://")
    return f"{scheme}://{posixpath.normpath(posixpath.join(posixpath.dirname(rest), location))}"


def _catalog_rewrites(zf: zipfile.ZipFile, catalog: PurePosixPath) -> list[tuple[str, str]]:
    try:
        tree = parse_bytes(zf.read(str(catalog)), str(catalog))
    except KeyError:
        return []
    return [(e.get("uriStartString"), e.get("rewritePrefix")) for e in tree.iterfind("cat:rewriteURI", NS)]


def _resolve(url: str, rewrites: list[tuple[str, str]], root: PurePosixPath) -> str:
    for start, prefix in rewrites:
        if url.startswith(start):
            joined = (root / "META-INF" / prefix / url[len(start) :]).as_posix()
            return os.path.normpath(joined).replace(os.sep, "/")
    return url


def _read_core(zf: zipfile.ZipFile, member: str, url: str) -> Taxonomy:
    schema = parse_bytes(zf.read(member), member)
    namespace = schema.getroot().get("targetNamespace")
    folder = PurePosixPath(member).parent.as_posix()
    label_files = sorted(n for n in zf.namelist() if _is_label_file(n, folder, "lab_"))
    if not label_files:
        raise TaxonomyError(f"no English label linkbase (lab_*-en*.xml) beside the core schema {member}")
    labels = _labels(zf, label_files)
    docs = _labels(zf, [n for n in zf.namelist() if _is_label_file(n, folder, "doc_")])
    concepts: dict[str, Concept] = {}
    for element in schema.getroot().iterfind("xs:element", NS):
        name = element.get("name")
        qname = f"{IFRS_PREFIX}:{name}"
        data_type = element.get("type", "")
        period_type = element.get(_PERIOD_TYPE)
        if period_type is None:  # not an item (a tuple): nothing a line can be tagged with
            log.warning("%s: %s has no xbrli:periodType; not used as a concept", member, qname)
            continue
        concepts[qname] = Concept(
            qname=qname,
            period_type=PeriodType(period_type),
            balance=Balance(element.get(_BALANCE)) if element.get(_BALANCE) else None,
            item_type=_ITEM_TYPES.get(data_type.split(":")[-1], ItemType.OTHER),
            abstract=element.get("abstract") == "true",
            label=labels.get(qname, {}).get(ROLE_LABEL, name),
            data_type=data_type,
        )
    log.debug("read %d concepts from %s", len(concepts), member)
    return Taxonomy(
        namespace=namespace,
        schema_url=url,
        dtr_types=next(
            (
                (i.get("namespace"), i.get("schemaLocation"))
                for i in schema.getroot().iter(_IMPORT)
                if _DTR_NAMESPACE.match(i.get("namespace", ""))
            ),
            DTR_FALLBACK,
        ),
        concepts=concepts,
        labels=labels,
        documentation={q: roles[ROLE_DOCUMENTATION] for q, roles in docs.items() if ROLE_DOCUMENTATION in roles},
        structure=_read_structure(zf, PurePosixPath(member).parent.parent.as_posix()),
    )


def _read_structure(zf: zipfile.ZipFile, folder: str) -> StatementStructure:
    """The presentation and calculation linkbases of the standard statements in the package."""
    roles: dict[str, set[str]] = {}
    children: dict[str, set[str]] = {}
    for name in zf.namelist():
        found = _ROLE_FILE.search(name)
        if not name.startswith(folder) or found is None or found.group(2) not in STATEMENT_ROLES:
            continue
        root = parse_bytes(zf.read(name), name).getroot()
        arc_name = "link:presentationArc" if found.group(1) == "pre" else "link:calculationArc"
        for link in root.iterfind(f"link:{'presentationLink' if found.group(1) == 'pre' else 'calculationLink'}", NS):
            locs = {loc.get(_XLINK_LABEL): _qname_of(loc.get(_XLINK_HREF, "")) for loc in link.iterfind("link:loc", NS)}
            for arc in link.iterfind(arc_name, NS):
                parent, child = locs.get(arc.get(_XLINK_FROM)), locs.get(arc.get(_XLINK_TO))
                if parent is None or child is None:
                    continue
                if found.group(1) == "pre":
                    roles.setdefault(parent, set()).add(found.group(2))
                    roles.setdefault(child, set()).add(found.group(2))
                else:
                    children.setdefault(parent, set()).add(child)
    parents: dict[str, set[str]] = {}
    for parent, kids in children.items():
        for kid in kids:
            parents.setdefault(kid, set()).add(parent)
    return StatementStructure(
        {k: frozenset(v) for k, v in roles.items()},
        {k: frozenset(v) for k, v in children.items()},
        {k: frozenset(v) for k, v in parents.items()},
    )


def _qname_of(href: str) -> str:
    """ "...full_ifrs-cor_2022-03-24.xsd#ifrs-full_Revenue" -> "ifrs-full:Revenue"."""
    prefix, _, name = href.rpartition("#")[2].partition("_")
    return f"{prefix}:{name}"


def _is_label_file(name: str, folder: str, stem: str) -> bool:
    path = PurePosixPath(name)
    return name.startswith(folder) and path.name.startswith(stem) and "-en" in path.name and path.suffix == ".xml"


def _labels(zf: zipfile.ZipFile, members: list[str]) -> dict[str, dict[str, str]]:
    """Each IFRS concept's labels in these linkbases, by QName and role, whitespace collapsed."""
    found: dict[str, dict[str, str]] = {}
    for member in members:
        root = parse_bytes(zf.read(member), member).getroot()
        for link in root.iterfind("link:labelLink", NS):
            locs = {
                loc.get(_XLINK_LABEL): loc.get(_XLINK_HREF, "").rpartition("#")[2]
                for loc in link.iterfind("link:loc", NS)
            }
            resources = {
                res.get(_XLINK_LABEL): (res.get(_XLINK_ROLE), res.text or "") for res in link.iterfind("link:label", NS)
            }
            for arc in link.iterfind("link:labelArc", NS):
                concept_id = locs.get(arc.get(_XLINK_FROM))
                role, text = resources.get(arc.get(_XLINK_TO), (None, ""))
                if concept_id is not None and role is not None:
                    qname = f"{IFRS_PREFIX}:{concept_id.split('_', 1)[1]}"
                    found.setdefault(qname, {})[role] = " ".join(text.split())
    return found
