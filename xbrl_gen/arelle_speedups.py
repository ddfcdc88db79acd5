"""Four of Arelle's functions, made cheaper with the same results, for Arelle versions whose code
is the code they were checked against.

Each recomputed, on every call, something fixed once the documents are loaded. At 100,000 facts
and 27,000 company concepts, replacing them takes the validation from 25.6 s to 23.3 s (its two
processes side by side).

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

from arelle import ModelDtsObject, ModelInstanceObject, UrlUtil

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


@dataclass(frozen=True)
class Speedup:
    owner: Any  # the class or module holding the function
    name: str
    source_sha256: str  # of the original's dedented source, as checked
    replace: Callable[[Callable[..., Any]], Any]  # the original → what takes its place


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
)
_originals: dict[str, Callable[..., Any]] = {}  # by name, for those installed


def install() -> list[str]:
    """Each speedup installed over a function unchanged since it was checked (once per process);
    the names of those installed."""
    for speedup in SPEEDUPS:
        if speedup.name in _originals:
            continue
        current = _function(speedup)
        if _sha256(current) != speedup.source_sha256:
            log.debug("Arelle's %s is not the code checked; left as it is", speedup.name)
            continue
        _originals[speedup.name] = current
        setattr(speedup.owner, speedup.name, speedup.replace(current))
    return list(_originals)


def original(speedup: Speedup) -> Callable[..., Any]:
    """Arelle's own function (a property's getter), installed over or not."""
    return _originals.get(speedup.name) or _function(speedup)


def _function(speedup: Speedup) -> Callable[..., Any]:
    found = vars(speedup.owner)[speedup.name]
    return cast(Callable[..., Any], found.fget if isinstance(found, property) else found)


def _sha256(function: Callable[..., Any]) -> str:
    return hashlib.sha256(textwrap.dedent(inspect.getsource(function)).encode()).hexdigest()
