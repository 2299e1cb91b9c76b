"""The core: reading YAML with positions, the schema check, the typed catalog and its reference index. Imports nothing else of leadarch."""
