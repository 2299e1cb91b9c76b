"""Measuring the real lead process from CRM history: history → events → paths → numbers.

`inputs` tells what each file is, `load` reads it into one events table, `design` turns
the catalog into the tables the definitions in `sql/` read, and `engine` runs them in
embedded DuckDB (the `measure` extra). See `shared/spec/measure.md` for every number.
"""
