"""Six of Arelle's functions, made cheaper with the same results, for Arelle versions whose code
is the code they were checked against.

Each recomputed, on every call, something fixed once the documents are loaded. At 100,000 facts
and 27,000 company concepts, the first four took the validation from 25.6 s to 23.3 s (its two
processes side by side), the last two its CPU time by 4–5 s more.

- ``ModelConcept.dereference`` parsed a particle's ``ref`` into a QName each time an element was
  checked against a content model.
- ``ModelConcept.instanceOfType`` with a set of type names (the DTR's no-decimals types, asked of
  every numeric fact) checked each name in the set. Arelle caches each name's answer on the
  concept, so the set's answer can never change afterwards; it is now cached too. Once
  validation starts (``share_type_answers``), concepts of one type share their answers.
- ``ModelInlineValueObject.format`` parsed an Inline XBRL fact's ``format`` into a QName each
  time it was read (four times a fact).
- ``UrlUtil.anyUriQuoteForPSVI`` tested every character of every URI in Python; now one regular
  expression tests the same set of characters.
- ``XmlValidate.validateValue`` checked each attribute and simple content afresh, though most
  repeat (``xlink:type="arc"``, one arcrole, one unit, one context on thousands of elements),
  and built the element's namespace map for it each time. The result of a valid value now is
  remembered, per model, for the types whose check reads no namespace map and whose value nothing
  alters later (``_REMEMBERED_TYPES``): an element gets the same (valid, value, schema value) as
  Arelle's check gave the first element with that value, type and facets. Invalid values are
  checked, and reported, by Arelle's own function each time.
- ``XmlValidate.qnameClarkName``, as the schema check calls it for every attribute, made a new
  QName from the attribute's name; the QName of each name is now made once.

Each replacement is installed only over the function whose source it was checked against
(``Speedup.source_sha256``). If an Arelle release changes one, the original stays in place, a
test fails (``tests/test_arelle_speedups.py``), and the replacement has to be checked again.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import quote

from arelle import ModelDtsObject, ModelInstanceObject, UrlUtil, XmlValidate
from arelle.ModelValue import AnyURI, QName

log = logging.getLogger(__name__)

# The characters for which Arelle's anyUriQuoteForPSVI quotes a URI: these ten, and any
# character outside "\x1f" < c < "\x7f".
_QUOTED = re.compile('[ <>"{}|\\\\^~`\x00-\x1f\x7f-\U0010ffff]')
_SAFE = "/_.-%#!~*'();?:@&=+$,"  # as Arelle passes to quote


def any_uri_quote_for_psvi(uri: str) -> str:
    if _QUOTED.search(uri):
        return quote(uri, safe=_SAFE)
    return uri


def dereference(self: Any) -> Any:
    ref = self.get("ref")
    if ref:
        try:
            qname = self._xbrlGenRefQname
        except AttributeError:
            qname = self._xbrlGenRefQname = self.schemaNameQname(ref, isQualifiedForm=self.isQualifiedForm)
        return self.modelXbrl.qnameConcepts.get(qname)
    return self


SHARED_TYPE_ANSWERS = "xbrlGenTypeAnswers"  # a ModelXbrl's answers shared by its concepts (``share_type_answers``)


def _instance_of_type(checked: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def instance_of_type(self: Any, typeqname: Any) -> bool:
        cache = self._instanceOfTypeCache
        try:
            return cache[typeqname]  # type: ignore[no-any-return]
        except KeyError:
            pass
        except TypeError:  # an unhashable collection (a list): not cached, as before
            return checked(self, typeqname)
        shared = getattr(self.modelXbrl, SHARED_TYPE_ANSWERS, None)
        if shared is None:
            result = checked(self, typeqname)
        else:  # what Arelle's answer depends on: the type (its name, its definition), the substitution group
            key = (self.typeQname, self.type, self.substitutionGroup, typeqname)
            result = shared.get(key)
            if result is None:
                result = shared[key] = checked(self, typeqname)
        cache[typeqname] = result
        return result

    return instance_of_type


def share_type_answers(model: Any) -> None:
    """From now on, ``model``'s concepts of the same type and substitution group share their
    answers to ``instanceOfType``. Called when validation starts: the DTS is complete then, so the
    answer one concept computes is the one each of the others would compute (Arelle computes it
    from nothing else), and 27,000 company concepts of one type ask once instead of each."""
    setattr(model, SHARED_TYPE_ANSWERS, {})


def inline_format(self: Any) -> Any:
    try:
        return self._xbrlGenFormat
    except AttributeError:
        self._xbrlGenFormat = self.prefixedNameQname(self.getStripped("format"))
        return self._xbrlGenFormat


# Base types whose check (``_validateValueStringOrRaise``) reads no namespace map (QName and
# enumerationQNames do) and gives a value nothing alters later (not a list, a date or a fraction).
_REMEMBERED_TYPES = frozenset(
    {"string", "normalizedString", "token", "language", "languageOrEmpty", "NMTOKEN", "Name", "NCName"}
    | {"ID", "IDREF", "ENTITY", "anyURI", "boolean", "XBRLI_DECIMALSUNION", "XBRLI_PRECISIONUNION"}
    | {"decimal", "float", "double", "XBRLI_NONZERODECIMAL", "integer", "nonNegativeInteger", "positiveInteger"}
    | {"nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte"}
    | {"unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"}
)
REMEMBERED_VALUES = "xbrlGenValues"  # a ModelXbrl's remembered checks (``_remembered_values``)


def _remembered_values(checked: Callable[..., None]) -> Callable[..., None]:
    def validate_value(
        modelXbrl: Any,
        elt: Any,
        attrTag: str | None,
        baseXsdType: str | None,
        value: str,
        isNillable: bool = False,
        isNil: bool = False,
        facets: Any = None,
    ) -> None:
        if modelXbrl is None or baseXsdType not in _REMEMBERED_TYPES:
            return checked(modelXbrl, elt, attrTag, baseXsdType, value, isNillable, isNil, facets)
        remembered = getattr(modelXbrl, REMEMBERED_VALUES, None)
        if remembered is None:
            remembered = {}
            setattr(modelXbrl, REMEMBERED_VALUES, remembered)
        # The entry keeps its facets alive, so while it exists no other facets can have their id.
        key = (baseXsdType, value, isNillable, isNil, id(facets))
        found = remembered.get(key)
        if found is None:
            try:
                result = XmlValidate._validateValueStringOrRaise(baseXsdType, value, isNillable, isNil, facets)
            except Exception:  # invalid: Arelle's function reports it
                return checked(modelXbrl, elt, attrTag, baseXsdType, value, isNillable, isNil, facets)
            xValue = result.xValue
            if isinstance(xValue, AnyURI):
                xValue = modelXbrl.internAnyUri(xValue)
            found = remembered[key] = (facets, result.xValid, xValue, result.sValue)
        _, xValid, xValue, sValue = found
        if attrTag:
            try:
                xAttributes = elt.xAttributes
            except AttributeError:
                elt.xAttributes = xAttributes = {}
            xAttributes[attrTag] = XmlValidate.ModelAttribute(elt, attrTag, xValid, xValue, sValue, value)
        else:
            elt.xValid, elt.xValue, elt.sValue = xValid, xValue, sValue

    return validate_value


_MADE_AT_MOST = 10_000  # attribute names kept by a long-lived worker, whatever its documents hold


def _made_once(make: Callable[[str], QName]) -> Callable[[str], QName]:
    made: dict[str, QName] = {}

    def qname_clark_name(clarkname: str) -> QName:
        try:
            return made[clarkname]
        except KeyError:
            if len(made) >= _MADE_AT_MOST:
                made.clear()
            made[clarkname] = found = make(clarkname)
            return found

    return qname_clark_name


@dataclass(frozen=True)
class Speedup:
    owner: Any  # the class or module holding the function
    name: str
    source_sha256: str  # of the original's dedented source, as checked
    replace: Callable[[Callable[..., Any]], Any]  # the original → what takes its place
    # Other functions whose code the replacement relies on, as (owner, name, sha256) of their source.
    relies_on: tuple[tuple[Any, str, str], ...] = ()


SPEEDUPS = (
    Speedup(
        UrlUtil,
        "anyUriQuoteForPSVI",
        "f75231d010bc2043cdbe4e238e6ec82fc9efe429f2c3a46b612e6daa648d34a3",
        lambda _: any_uri_quote_for_psvi,
    ),
    Speedup(
        ModelDtsObject.ModelConcept,
        "dereference",
        "1eac65373e15757697488c9b106228a35514f9c48040e2ff3471222ad49ee24a",
        lambda _: dereference,
    ),
    Speedup(
        ModelDtsObject.ModelConcept,
        "instanceOfType",
        "418b7a5220ba4d22c8ae1ab25552452088f9e236ceff46f9a1f2613ef1b1a0b0",
        _instance_of_type,
    ),
    Speedup(
        ModelInstanceObject.ModelInlineValueObject,
        "format",
        "7944131672c5fa586231268d39f96591644108a76a60a1c9cf84d65972a0539c",
        lambda _: property(inline_format),
    ),
    Speedup(
        XmlValidate,
        "validateValue",
        "53a6094af63333b7ef1514bd7e4557b3322d763841685d1692411fecc09be7f7",
        _remembered_values,
        relies_on=(
            (
                XmlValidate,
                "_validateValueStringOrRaise",
                "6cfeff9d1ce5cbd4a1c9ebd79268dfb40c54cf12146819de082409dce44e56f5",
            ),
        ),
    ),
    Speedup(
        XmlValidate,
        "qnameClarkName",
        "8466830601cdc5623b786ab68bbf24815fec4a49a6c9257f93c2df68c2c97a4e",
        _made_once,
    ),
)
_originals: dict[str, Callable[..., Any]] = {}  # by name, for those installed


def install() -> list[str]:
    """Each speedup installed over a function unchanged since it was checked (once per process);
    the names of those installed."""
    for speedup in SPEEDUPS:
        if speedup.name in _originals:
            continue
        current = _function(speedup.owner, speedup.name)
        if not _as_checked(speedup):
            log.debug("Arelle's %s is not the code checked; left as it is", speedup.name)
            continue
        _originals[speedup.name] = current
        setattr(speedup.owner, speedup.name, speedup.replace(current))
    return list(_originals)


def _as_checked(speedup: Speedup) -> bool:
    checked = ((speedup.owner, speedup.name, speedup.source_sha256), *speedup.relies_on)
    return all(_sha256(_function(owner, name)) == sha256 for owner, name, sha256 in checked)


def original(speedup: Speedup) -> Callable[..., Any]:
    """Arelle's own function (a property's getter), installed over or not."""
    return _originals.get(speedup.name) or _function(speedup.owner, speedup.name)


def _function(owner: Any, name: str) -> Callable[..., Any]:
    found = vars(owner)[name]
    return cast(Callable[..., Any], found.fget if isinstance(found, property) else found)


def _sha256(function: Callable[..., Any]) -> str:
    return hashlib.sha256(textwrap.dedent(inspect.getsource(function)).encode()).hexdigest()
