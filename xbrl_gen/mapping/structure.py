"""Checks against the IFRS standard statements as the taxonomy package defines them (presentation
and calculation linkbases of 210000 ... 610000, read by ``taxonomy``): a profit-or-loss statement
analysed by nature takes the by-nature variant of a concept, and a guessed concept must sit under
the IFRS concept of the total the line adds into, not beside or above it ("Income tax expense"
cannot add into profit before tax)."""

from __future__ import annotations

import re

from xbrl_gen.model import Concept
from xbrl_gen.taxonomy import StatementStructure, Taxonomy

BY_FUNCTION, BY_NATURE = "310000", "320000"
_ANALYSIS = re.compile(r",? by (?:function|nature)\b")


def expense_analysis(structure: StatementStructure, concepts: list[str]) -> str | None:
    """BY_NATURE or BY_FUNCTION when the statement's concepts say so (more of them belong to one
    analysis of expenses only than to the other), else None."""
    nature = sum(1 for c in concepts if _only(structure, c, BY_NATURE, BY_FUNCTION))
    function = sum(1 for c in concepts if _only(structure, c, BY_FUNCTION, BY_NATURE))
    if nature == function:
        return None
    return BY_NATURE if nature > function else BY_FUNCTION


def counterpart(taxonomy: Taxonomy, concept: Concept, analysis: str) -> Concept | None:
    """The concept of the other analysis of expenses that says the same ("Other expense, by
    function" for "Other expenses, by nature"), when ``concept`` belongs only to the wrong one."""
    other = BY_FUNCTION if analysis == BY_NATURE else BY_NATURE
    if not _only(taxonomy.structure, concept.qname, other, analysis):
        return None
    key = _stem(concept.label)
    for qname, roles in taxonomy.structure.roles.items():
        if analysis in roles and other not in roles:
            found = taxonomy.concepts.get(qname)
            if found and not found.abstract and found.qname != concept.qname and _stem(found.label) == key:
                return found
    return None


def misplaced(structure: StatementStructure, candidate: str, total: str) -> bool:
    """True when the IFRS calculations put ``candidate`` beside or above ``total`` (it adds into a
    total that ``total`` itself adds into, but not into ``total``), so a line adding into
    ``total`` cannot be it."""
    if candidate == total or total not in structure.children:
        return False
    placed_above = structure.ancestors(candidate)
    return bool(placed_above & structure.ancestors(total)) and candidate not in structure.descendants(total)


def _only(structure: StatementStructure, qname: str, role: str, not_role: str) -> bool:
    roles = structure.roles.get(qname, frozenset())
    return role in roles and not_role not in roles


def _stem(label: str) -> str:
    words = _ANALYSIS.sub("", label.lower()).split()
    return " ".join(w[:-1] if w.endswith("s") else w for w in words)
