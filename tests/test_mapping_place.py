"""Where a line sits: the captions above it (IAS 1.60: current and non-current assets are
presented apart, so a line under the second caption is not under the first) and the period its
facts need."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from xbrl_gen.mapping.place import contexts
from xbrl_gen.model import Column, Duration, Instant, Line, PeriodType, Statement, StatementKind


def _line(line_id: str, label: str, depth: int, *values: str) -> Line:
    return Line(line_id, label, depth, tuple(Decimal(v) for v in values) or (None,))


def test_a_caption_closes_the_caption_before_it_at_its_depth() -> None:
    lines = (
        _line("h1", "Current assets", 0),
        _line("cash", "Cash and cash equivalents", 1, "10"),
        _line("h2", "Non-current assets", 0),
        _line("ppe", "Property, plant and equipment", 1, "20"),
    )
    statement = Statement("fp", StatementKind.FINANCIAL_POSITION, "", (Column("c", Instant(date(2020, 6, 30))),), lines)
    found = contexts(statement)
    assert found["cash"].ancestors == ("current assets",)
    assert found["ppe"].ancestors == ("non current assets",)
    assert (found["cash"].section, found["ppe"].section) == ("current", "non-current")
    assert found["ppe"].statement == "fp"
    assert found["ppe"].period_type is PeriodType.INSTANT


def test_a_duration_statement_places_its_lines_in_durations() -> None:
    lines = (_line("rev", "Revenue", 0, "10"),)
    column = Column("c", Duration(date(2020, 4, 1), date(2020, 6, 30)))
    found = contexts(Statement("pl", StatementKind.PROFIT_OR_LOSS, "", (column,), lines))
    assert found["rev"].period_type is PeriodType.DURATION
    assert found["rev"].ancestors == ()
