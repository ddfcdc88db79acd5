"""The one comparable form of a printed label, shared by the readers, the checks and the mapping:
two labels (or a label and a rule's or the taxonomy's wording) say the same when their forms agree.
"""

from __future__ import annotations

import re


def normalize(label: str) -> str:
    """Lower case, '&' as 'and', note references ("(Note 5)", "*", "[a]") and punctuation dropped,
    single spaces: "Trade & other payables (Note 7)" → "trade and other payables"."""
    text = label.lower().replace("&", " and ")
    text = re.sub(r"\(note[^)]*\)|\*+|\[[^\]]*\]", " ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())
