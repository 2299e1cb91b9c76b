"""The codes of what the pipeline itself finds before any rule runs (reading, the schema
check, assembling the catalog). Each is reported by the rule module of the same code in
`leadarch.lint.rules`, which documents it; the readers stamp them from here, so a reader
and its rule cannot disagree.
"""

from __future__ import annotations

SYNTAX_ERROR = "LA001"
ENCODING = "LA002"
DUPLICATE_KEY = "LA003"
UNSAFE_YAML = "LA004"
RESOURCE_LIMIT = "LA005"
SCHEMA_TYPE = "LA010"
SCHEMA_ENUM = "LA011"
SCHEMA_REQUIRED = "LA012"
UNKNOWN_KEY = "LA013"
SCHEMA_VALUE = "LA014"
DUPLICATE_ID = "LA021"
