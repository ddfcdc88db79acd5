"""Detect, load, write: the steps of a conversion (see the package docstring)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xbrl_gen.convert.formats import Format, check_output, detect_all, is_taxonomy_package
from xbrl_gen.convert.loading import Loaded, language, loaded, local_files
from xbrl_gen.errors import XbrlGenError
from xbrl_gen.render import write_atomically

if TYPE_CHECKING:
    from arelle.ModelXbrl import ModelXbrl

FACT_LEVEL = (Format.JSON, Format.CSV, Format.FACTS)  # written from the facts alone when the taxonomy is missing


@dataclass(frozen=True)
class Converted:
    source: Format
    files: list[Path]
    entry: Path | None  # the report Arelle should open to check the result; None for the fact table
    missing: tuple[str, ...] = ()  # taxonomy files not found: the facts were read without them, nothing validated
    packages: tuple[Path, ...] = ()  # the source itself when it is a taxonomy package: the output's references need it


def convert(sources: Path | list[Path], target: Format, out: Path, packages: list[Path]) -> Converted:
    """``sources``: one report, or the documents of one inline document set."""
    sources = [sources] if isinstance(sources, Path) else sources
    check_output(target, out)
    fmt = detect_all(sources)
    if fmt is target:
        raise XbrlGenError(f"already {fmt.value}; nothing to convert", str(sources[0]))
    need_taxonomy = target not in FACT_LEVEL or fmt in (Format.JSON, Format.CSV)  # OIM is read through its taxonomy
    with loaded(sources, packages, need_taxonomy=need_taxonomy) as report:
        content = _content(report, sources, fmt, target, out)
    files = write_atomically(content, out.parent)
    own = tuple(s for s in sources if fmt is Format.PACKAGE and is_taxonomy_package(s))
    return Converted(fmt, files, None if report.missing else _entry(target, out), report.missing, own)


def _content(report: Loaded, sources: list[Path], fmt: Format, target: Format, out: Path) -> Mapping[str, str | bytes]:
    """File name (relative to ``out``'s folder) -> content: the output, and the local files of the
    report's taxonomy beside it, so the output stands alone."""
    model = report.model
    if report.missing and target is not Format.FACTS:
        from xbrl_gen.convert.bare import bare_oim

        return bare_oim(model, target, out)
    if target is Format.PACKAGE:
        from xbrl_gen.convert.package import package_bytes

        return {out.name: package_bytes(model, sources, fmt, out)}
    if target is Format.FACTS:
        from xbrl_gen.convert.table import fact_table

        return {out.name: fact_table(model, language(model))}
    return {**local_files(model, sources[0]), **_report(model, sources, fmt, target, out)}


def _report(model: ModelXbrl, sources: list[Path], fmt: Format, target: Format, out: Path) -> Mapping[str, str | bytes]:
    if target is Format.XBRL:
        from xbrl_gen.convert.writers import instance_text

        return {out.name: instance_text(model, fmt, out)}
    if target is Format.IXBRL:
        from xbrl_gen.convert.ixbrl import render_ixbrl

        return {out.name: render_ixbrl(model, sources[0])}
    from xbrl_gen.convert.writers import oim_files

    return oim_files(model, target, out)


def _entry(target: Format, out: Path) -> Path | None:
    if target is Format.CSV:
        return out.parent / f"{out.stem}-metadata.json"
    return None if target is Format.FACTS else out
