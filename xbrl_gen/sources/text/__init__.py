"""Internals of the text-report reader (public API: ``xbrl_gen.sources.text_report``).

One job per module: ``document`` (the file, statement titles, blocks), ``tokens`` (amounts,
dates, units, period phrases), ``periods`` (column headers), ``flat`` / ``tabbed`` / ``stacked``
(the three layouts text extraction leaves tables in, each giving ``tables.RawTable``),
``structure`` (depth, totals, balances), ``assemble`` (tables into statements) and ``entity``
(who reports). Word lists live in ``vocabulary``.
"""
