"""Mapping tables, shipped as package data (xbrl_gen.taxonomies)."""
