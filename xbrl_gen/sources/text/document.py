"""The report as numbered lines, and where its statements are.

A statement starts at its title and runs to the next title, the notes heading or the segment
note. The segment note's tables are read too: one block per period caption (segments as
columns), else the note up to its first sentence (periods as columns, segments as rows).
Everything before the first title (highlights, summaries, narrative) is ignored.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path

from xbrl_gen.errors import InputError
from xbrl_gen.model import StatementKind
from xbrl_gen.sources.structured import NOT_XML
from xbrl_gen.sources.text import vocabulary as vocab
from xbrl_gen.sources.text.tokens import Kind, parse_amount, tokenize

_MAX_JUNK_SHARE = 0.02  # share of control or undecodable characters above which a file is binary
_PROSE_WORDS = 4
_HEADER_REACH = 24  # lines after a title within which its table must start
_ABBREVIATION = re.compile(r"^(?:inc|ltd|co|corp|plc|llc|s\.a|n\.v|k\.k|etc)\.$", re.I)


class Layout(enum.Enum):
    """How text extraction left a table."""

    FLAT = "flat"  # a whole table on one line: "Cash 38,671,734 38,892,573 Trade receivables ..."
    TABBED = "tabbed"  # one row per line, cells separated by tabs
    STACKED = "stacked"  # one label or one number per line


@dataclass(frozen=True)
class Document:
    source: str
    lines: tuple[str, ...]

    def where(self, line: int) -> str:
        return f"{self.source}:{line}"

    def numbered(self, first: int, last: int) -> list[tuple[int, str]]:
        """Lines ``first`` .. ``last`` (1-based, inclusive) with their numbers."""
        return [(n, self.lines[n - 1]) for n in range(first, min(last, len(self.lines)) + 1)]


@dataclass(frozen=True)
class Block:
    """The lines of one statement (or one segment table) after its title."""

    title: str | None
    kind: StatementKind
    line: int  # where the title (or caption) is
    lines: list[tuple[int, str]]  # the rest of the title line first, then the following lines
    caption: str = ""  # header text printed with the title: "Three months ended June 30, 2019"

    @property
    def layout(self) -> Layout:
        filled = [text for _, text in self.lines if text.strip()]
        if sum("\t" in text for text in filled) >= 2:
            return Layout.TABBED
        numbers = sum(_is_amounts(text) for text in filled)
        return Layout.STACKED if filled and numbers * 3 >= len(filled) else Layout.FLAT


def load(path: Path) -> Document:
    """The report's lines; unreadable, empty or binary files are an InputError."""
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the text report ({err.strerror or err})", source) from None
    text = data.decode("utf-8", errors="replace")
    if not text.strip():
        raise InputError("the text report is empty", f"{source}:1")
    junk = sum(1 for c in text if c == "\ufffd" or (ord(c) < 32 and c not in "\t\n\r\f"))
    if b"\x00" in data or junk > _MAX_JUNK_SHARE * len(text):
        raise InputError("not a text report: the file holds binary data", f"{source}:1")
    return Document(source, tuple(NOT_XML.sub(" ", line) for line in text.splitlines()))


def blocks(document: Document) -> tuple[list[Block], list[tuple[int, str]]]:
    """The statement blocks, then the segment tables; an InputError when there is none. Also the
    statement titles heading tables after the notes began (line, title): not read."""
    titles = [title for title in _titles(document) if _starts_table(document, title)]
    if not titles:
        raise InputError(
            "no financial statement found: expected a title such as 'Statements of Financial Position'",
            document.where(1),
        )
    ends = [n for n, text in enumerate(document.lines, 1) if n > titles[0].line and _ends_statements(text)]
    late: list[tuple[int, str]] = []
    if ends:
        late = [(title.line, title.text) for title in titles if title.line >= ends[0]]
        titles = [title for title in titles if title.line < ends[0]]
    found = []
    for index, title in enumerate(titles):
        following = titles[index + 1].line if index + 1 < len(titles) else len(document.lines) + 1
        stop = min([following] + [end for end in ends if end > title.last_line]) - 1
        caption, rest = _split_caption(title.rest)
        lines = [(title.line, rest), *document.numbered(title.last_line + 1, stop)]
        found.append(Block(title.text, title.kind, title.line, _until_prose(lines), caption))
    return found + _segment_blocks(document, ends), late


@dataclass(frozen=True)
class _Title:
    line: int
    text: str
    kind: StatementKind
    rest: str  # what follows the title on its line
    last_line: int  # a title may run over two lines


def _starts_table(document: Document, title: _Title) -> bool:
    """Whether a title heads a table: dates or units and amounts follow before any sentence (not
    so for a table of contents or a narrative heading such as "Balance sheets")."""
    following = document.numbered(title.line + 1, title.line + _HEADER_REACH)
    lines = _until_prose([(title.line, title.rest), *following])
    tokens = tokenize([(number, text) for number, text in lines if not vocab.TITLE.match(text.strip())])
    kinds = {t.kind for t in tokens}
    return Kind.AMOUNT in kinds and bool(kinds & {Kind.DATE, Kind.UNIT})


def _titles(document: Document) -> list[_Title]:
    found = []
    lines = document.lines
    number = 0
    while number < len(lines):
        text = lines[number].strip()
        last = number
        if text.lower().endswith(" and") and number + 1 < len(lines):
            following = next((n for n in range(number + 1, len(lines)) if lines[n].strip()), number)
            if vocab.TITLE.match(lines[following].strip()):
                text, last = f"{text} {lines[following].strip()}", following
        match = vocab.TITLE.match(text)
        if match and "\t" not in lines[number]:
            title, rest = _cut_title(text)
            kind = _kind_of(title)
            if kind is not None:
                found.append(_Title(number + 1, title, kind, rest, last + 1))
        number = last + 1
    return found


def _cut_title(text: str) -> tuple[str, str]:
    """A title line of a flat table carries the header and the rows too: cut the title at the
    first date, unit, period phrase or amount."""
    for token in tokenize([(0, text)]):
        if token.kind is not Kind.WORD:
            cut = _find_token(text, token.text)
            return text[:cut].strip(), text[cut:].strip()
    return text.strip(), ""


def _find_token(text: str, token: str) -> int:
    match = re.search(r"\s+".join(re.escape(part) for part in token.split()), text)
    return match.start() if match else len(text)


def _kind_of(title: str) -> StatementKind | None:
    match = vocab.TITLE.match(title)
    if match is None:
        return None
    if match["sheet"]:
        return StatementKind.FINANCIAL_POSITION
    subject = re.split(r"\bstatements?\b", match["subject"] or match["named"], flags=re.I)[0]
    hits = [(m.start(), kind) for kind, pattern in vocab.TITLE_KINDS if (m := pattern.search(subject))]
    return min(hits, key=lambda hit: hit[0])[1] if hits else None


def _split_caption(rest: str) -> tuple[str, str]:
    """The period phrase printed right after a title ("Three months ended June 30, 2019") when
    the title line holds nothing else."""
    tokens = tokenize([(0, rest)])
    if tokens and all(t.kind in (Kind.MARKER, Kind.DATE) for t in tokens):
        return rest, ""
    return "", rest


def _ends_statements(text: str) -> bool:
    text = text.strip()
    return bool(vocab.NOTES_HEADING.match(text) or vocab.SEGMENTS_HEADING.match(text))


def _until_prose(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines up to the first sentence: a table never holds one."""
    for index, (_, text) in enumerate(lines):
        if is_prose(text):
            return lines[:index]
    return lines


def is_prose(text: str) -> bool:
    """A sentence ("Nothing to be reported."), not a label ending in "Inc." or written in capitals."""
    text = text.strip()
    words = text.split()
    return (
        "\t" not in text
        and text.endswith(".")
        and len(words) >= _PROSE_WORDS
        and not _ABBREVIATION.match(words[-1])
        and not text.isupper()
    )


def _is_amounts(text: str) -> bool:
    parts = text.split()
    return bool(parts) and all(parse_amount(part) is not None for part in parts)


def _segment_blocks(document: Document, ends: list[int]) -> list[Block]:
    """One block per period caption in the segment note ("Three months ended June 30, 2020");
    ``ends`` are the headings that end the statements."""
    heading = next((n for n in ends if vocab.SEGMENTS_HEADING.match(document.lines[n - 1].strip())), None)
    if heading is None:
        return []
    title = re.sub(r"^\d+\.\s*", "", document.lines[heading - 1].strip())
    found: list[Block] = []
    caption_line, caption = 0, ""
    body: list[tuple[int, str]] = []
    for number, text in document.numbered(heading + 1, len(document.lines)):
        if is_section_heading(text):
            break
        if _is_caption(text):
            if caption and body:
                found.append(Block(title, StatementKind.SEGMENTS, caption_line, body, caption))
            caption_line, caption, body = number, text.strip(), []
        elif caption:
            body.append((number, text))
    if caption and body:
        found.append(Block(title, StatementKind.SEGMENTS, caption_line, body, caption))
    found = [block for block in found if any(_is_amounts(text) or "\t" in text for _, text in block.lines)]
    if found:
        return found
    # no period captions: a table headed by its periods (segments as rows), up to the first sentence
    rest = _until_prose(document.numbered(heading + 1, len(document.lines)))
    return [Block(title, StatementKind.SEGMENTS, heading, rest)] if rest else []


def _is_caption(text: str) -> bool:
    """A line that only names a period: "For the three months ended June 30, 2019"."""
    tokens = tokenize([(0, text)])
    kinds = {t.kind for t in tokens}
    words = [t.text.lower() for t in tokens if t.kind is Kind.WORD]
    return Kind.MARKER in kinds and Kind.DATE in kinds and set(words) <= {"for", "the"}


def is_section_heading(text: str) -> bool:
    """The heading of the next note: "6. OTHER FINANCIAL ASSETS", "Subsequent Events"."""
    if not text.strip() or "\t" in text:
        return False
    text = text.strip()
    if re.match(r"^\d+\.\s+\S", text):
        return True
    words = text.split()
    return len(words) <= 8 and not re.search(r"\d", text) and text[-1] not in ".:" and text[0].isupper()
