"""Jinja templates, shipped as package data (xbrl_gen.templates)."""
