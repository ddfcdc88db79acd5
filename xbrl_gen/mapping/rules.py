"""Mapping rules as data: ``taxonomies/mappings/*.yaml`` (common IFRS wordings) and per-entity
files in ``taxonomies/mappings/entities/`` or given by ``--mapping``.

A rule says: a line worded like this, in this kind of statement and section, is this concept
(or this extension concept). Rules are checked when loaded: unknown keys, unknown statement kinds
or sections, malformed QNames, and the same wording claimed twice under the same constraints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from xbrl_gen import yamlread
from xbrl_gen.errors import MappingError
from xbrl_gen.labels import CURRENCY_WORDS, normalize
from xbrl_gen.model import StatementKind
from xbrl_gen.names import QNAME

SECTIONS = ("current", "non-current", "operating", "investing", "financing")
_NCNAME = re.compile(r"^[A-Za-z_][\w.-]*$")
_CURRENCY_NAMES = sorted((w for w in CURRENCY_WORDS if re.fullmatch(r"[a-z ]+", w)), key=len, reverse=True)
# "Basic (yen)", "EPS in US dollars"; written to start with its space, which the regex engine finds fast
_UNIT = re.compile(rf" (?:in )?(?:{'|'.join(_CURRENCY_NAMES)})$")
_KEY_DROPPED = frozenset({"the", "quarterly"})
_KEY_WORDS = {"quarter": "period"}
_RULE_KEYS = {"concept", "extension", "wordings", "kinds", "section", "under", "sign", "why"}


@lru_cache(maxsize=1 << 16)  # asked for every word of every wording and search, of a few thousand words
def singular(word: str) -> str:
    """A crude but consistent singular: "liabilities" → "liability", "taxes" → "tax", "losses" → "loss"."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 16)  # asked for each wording of each line by each rule layer
def wording_key(label: str) -> str:
    """The form rule wordings are compared in: normalized, plurals folded, "the" and a trailing
    currency ("(yen)") dropped, and a quarterly report's "quarterly" / "quarter" read as any
    period's, so "Retirement benefit liability" meets "retirement benefit liabilities", "Basic
    (yen)" meets "basic" and "Quarterly profit" meets "profit"."""
    return normalized_key(normalize(label))


def normalized_key(text: str) -> str:
    """The ``wording_key`` of a text ``normalize`` gave already (a line's wordings), which need
    not be normalized again."""
    words = _UNIT.sub("", text).split()
    return " ".join(_KEY_WORDS.get(w, w) for w in map(singular, words) if w not in _KEY_DROPPED)


@dataclass(frozen=True)
class Rule:
    wordings: frozenset[str]  # wording_key forms
    concept: str | None = None  # ifrs-full QName
    extension: str | None = None  # local name of a company concept
    kinds: frozenset[StatementKind] = frozenset()
    section: str | None = None
    under: tuple[str, ...] = ()
    sign: int | None = None
    why: str = ""
    where: str = ""

    @property
    def specificity(self) -> int:
        return bool(self.kinds) + bool(self.section) + len(self.under)


@dataclass(frozen=True)
class TotalRule:
    """A total whose components are these concepts *is* this concept, whatever its label says
    (a printed "Other comprehensive income" that adds profit and OCI is comprehensive income)."""

    concept: str
    sum_of: frozenset[str]
    where: str = ""


@dataclass(frozen=True)
class CompanyMember:
    """A column heading that is the company's own member of a statement's axis (a reportable
    segment): known company knowledge, so no warning asks the user to confirm it."""

    kind: StatementKind
    name: str  # local name under the extension prefix
    wordings: frozenset[str]


@dataclass(frozen=True)
class RuleSet:
    name: str
    rules: tuple[Rule, ...]
    identifier: str | None = None  # entity files apply to one entity identifier
    totals: tuple[TotalRule, ...] = ()
    members: tuple[CompanyMember, ...] = ()


def common_rule_sets() -> list[RuleSet]:
    """The curated tables shipped as package data."""
    folder = resources.files("xbrl_gen.taxonomies") / "mappings"
    sets = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            sets.append(_parse(entry.read_text(encoding="utf-8"), f"mappings/{entry.name}"))
    return sets


def entity_rule_sets(identifier: str, extra: list[Path]) -> list[RuleSet]:
    """Company files for this entity (shipped), then the user's own files (which win)."""
    folder = resources.files("xbrl_gen.taxonomies") / "mappings" / "entities"
    shipped = [
        _parse(e.read_text(encoding="utf-8"), f"mappings/entities/{e.name}")
        for e in sorted(folder.iterdir(), key=lambda e: e.name)
        if e.name.endswith(".yaml")
    ]
    given = []
    for path in extra:
        try:
            given.append(_parse(path.read_text(encoding="utf-8"), str(path)))
        except OSError as err:
            raise MappingError(f"cannot read mapping file ({err})", str(path)) from None
    matching = [s for s in shipped if s.identifier in (None, identifier)]
    return [s for s in given if s.identifier in (None, identifier)] + matching


@lru_cache(maxsize=64)  # the shipped tables, read again by every build of a batch
def _parse(text: str, source: str) -> RuleSet:
    try:
        doc = yamlread.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise MappingError(
            f"not valid YAML: {getattr(err, 'problem', err)}", f"{source}:{mark.line + 1}" if mark else source
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise MappingError("expected a mapping with a 'rules' list", source)
    unknown = set(doc) - {"rules", "entity", "description", "totals", "members"}
    if unknown:
        raise MappingError(
            f"unknown key {min(unknown)!r}; expected rules, totals, members, entity, description", source
        )
    identifier = None
    if "entity" in doc:
        entity = doc["entity"]
        if not isinstance(entity, dict) or "identifier" not in entity:
            raise MappingError("entity: expected {identifier: ...}", source)
        identifier = str(entity["identifier"])
    rules = tuple(_rule(r, f"{source}: rules[{i}]") for i, r in enumerate(doc["rules"]))
    _check_conflicts(rules)
    totals = tuple(_total(t, f"{source}: totals[{i}]") for i, t in enumerate(doc.get("totals") or []))
    members = tuple(_member(m, f"{source}: members[{i}]") for i, m in enumerate(doc.get("members") or []))
    return RuleSet(name=source, rules=rules, identifier=identifier, totals=totals, members=members)


def _member(raw: Any, where: str) -> CompanyMember:
    if not isinstance(raw, dict) or not {"kind", "member", "wordings"} <= set(raw) <= {
        "kind",
        "member",
        "wordings",
        "why",
    }:
        raise MappingError("expected {kind: statement kind, member: LocalNameMember, wordings: [...], why: ...}", where)
    if not isinstance(raw["wordings"], list) or not raw["wordings"]:
        raise MappingError("wordings: expected a list of column headings", where)
    try:
        kind = StatementKind(raw["kind"])
    except ValueError:
        raise MappingError(f"unknown statement kind {raw['kind']!r}", where) from None
    name = str(raw["member"])
    if not re.fullmatch(r"[A-Za-z_][\w.-]*Member", name):
        raise MappingError(f"member: expected a local name ending in 'Member', got {name!r}", where)
    return CompanyMember(kind, name, frozenset(normalize(str(w)) for w in raw["wordings"]))


def _total(raw: Any, where: str) -> TotalRule:
    if not isinstance(raw, dict) or set(raw) != {"concept", "sum_of"} or not isinstance(raw["sum_of"], list):
        raise MappingError("expected {concept: prefix:Name, sum_of: [prefix:Name, ...]}", where)
    names = [str(raw["concept"]), *map(str, raw["sum_of"])]
    bad = next((n for n in names if not QNAME.fullmatch(n)), None)
    if bad is not None:
        raise MappingError(f"expected prefix:Name, got {bad!r}", where)
    return TotalRule(concept=names[0], sum_of=frozenset(names[1:]), where=where)


def _rule(raw: Any, where: str) -> Rule:
    if not isinstance(raw, dict):
        raise MappingError("expected a mapping", where)
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise MappingError(f"unknown key {min(unknown)!r}; expected one of {', '.join(sorted(_RULE_KEYS))}", where)
    concept, extension = raw.get("concept"), raw.get("extension")
    if (concept is None) == (extension is None):
        raise MappingError("expected exactly one of 'concept' or 'extension'", where)
    if concept is not None and not QNAME.fullmatch(str(concept)):
        raise MappingError(f"concept: expected prefix:Name, got {concept!r}", where)
    if extension is not None and not _NCNAME.fullmatch(str(extension)):
        raise MappingError(f"extension: expected an XML name, got {extension!r}", where)
    wordings = raw.get("wordings")
    if not isinstance(wordings, list) or not wordings:
        raise MappingError("wordings: expected a non-empty list of labels", where)
    kinds = raw.get("kinds", [])
    try:
        kind_set = frozenset(StatementKind(k) for k in kinds)
    except ValueError:
        raise MappingError(f"kinds: expected statement kinds from {[k.value for k in StatementKind]}", where) from None
    section = raw.get("section")
    if section is not None and section not in SECTIONS:
        raise MappingError(f"section: expected one of {', '.join(SECTIONS)}, got {section!r}", where)
    sign = raw.get("sign")
    if sign not in (None, 1, -1):
        raise MappingError(f"sign: expected 1 or -1, got {sign!r}", where)
    return Rule(
        wordings=frozenset(wording_key(str(w)) for w in wordings),
        concept=str(concept) if concept else None,
        extension=str(extension) if extension else None,
        kinds=kind_set,
        section=section,
        under=tuple(normalize(str(u)) for u in raw.get("under", [])),
        sign=sign,
        why=str(raw.get("why", "")),
        where=where,
    )


def _check_conflicts(rules: tuple[Rule, ...]) -> None:
    seen: dict[tuple[str, frozenset[StatementKind], str | None, tuple[str, ...]], Rule] = {}
    for rule in rules:
        for wording in rule.wordings:
            key = (wording, rule.kinds, rule.section, rule.under)
            if key in seen and (seen[key].concept, seen[key].extension) != (rule.concept, rule.extension):
                raise MappingError(f"wording {wording!r} is already mapped by {seen[key].where}", rule.where)
            seen[key] = rule
