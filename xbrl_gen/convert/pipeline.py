"""Detect, load, write: the steps of a conversion (see the package docstring)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xbrl_gen.convert.formats import Format, check_output, detect
from xbrl_gen.convert.loading import language, loaded
from xbrl_gen.errors import XbrlGenError
from xbrl_gen.render import write_atomically

if TYPE_CHECKING:
    from arelle.ModelXbrl import ModelXbrl


@dataclass(frozen=True)
class Converted:
    source: Format
    files: list[Path]
    entry: Path | None  # the report Arelle should open to check the result; None for the fact table


def convert(source: Path, target: Format, out: Path, packages: list[Path]) -> Converted:
    check_output(target, out)
    fmt = detect(source)
    if fmt is target:
        raise XbrlGenError(f"already {fmt.value}; nothing to convert", str(source))
    with loaded(source, packages) as model:
        content = _content(model, source, fmt, target, out)
    files = _write(content, out)
    return Converted(fmt, files, _entry(target, out))


def _content(model: ModelXbrl, source: Path, fmt: Format, target: Format, out: Path) -> dict[str, str] | bytes:
    """File name -> text, or the bytes of ``out`` (a report package)."""
    if target is Format.XBRL:
        from xbrl_gen.convert.writers import instance_text

        return {out.name: instance_text(model, fmt, out)}
    if target is Format.IXBRL:
        from xbrl_gen.convert.ixbrl import render_ixbrl

        return {out.name: render_ixbrl(model, source, out)}
    if target in (Format.JSON, Format.CSV):
        from xbrl_gen.convert.writers import oim_files

        return oim_files(model, target, out)
    if target is Format.PACKAGE:
        from xbrl_gen.convert.package import package_bytes

        return package_bytes(model, source, fmt, out)
    from xbrl_gen.convert.table import fact_table

    return {out.name: fact_table(model, language(model))}


def _write(content: dict[str, str] | bytes, out: Path) -> list[Path]:
    return write_atomically(content if isinstance(content, dict) else {out.name: content}, out.parent)


def _entry(target: Format, out: Path) -> Path | None:
    if target is Format.CSV:
        return out.parent / f"{out.stem}-metadata.json"
    return None if target is Format.FACTS else out
