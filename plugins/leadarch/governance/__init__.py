"""Changing and exercising the catalog: semantic diff, impact, the changelog and releases, rename and fmt, round-trip edits written crash-atomically, simulation."""
