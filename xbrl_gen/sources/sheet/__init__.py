"""Workbooks (.xlsx) and CSV files as statements: cells, headings and layout.

``grid`` reads a sheet into visible cells with their values as displayed, ``headings`` reads
periods, units and metadata keys from heading text, ``layout`` turns one sheet into one statement
of a statements document (docs/spreadsheets.md).
"""
