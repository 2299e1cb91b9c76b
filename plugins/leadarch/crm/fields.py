"""A CRM field as an export states it, in the catalog's vocabulary."""

from __future__ import annotations

from typing import Any

from leadarch.core.records import dataclass, field


@dataclass(frozen=True)
class CrmValue:
    value: str
    label: str | None = None
    active: bool = True
    default: bool = False
    converted: bool = False


@dataclass(frozen=True)
class CrmField:
    object: str
    name: str
    label: str
    type: str  # the catalog's type
    crm_type: str  # as the CRM says it
    required: bool | None = None  # None: the export does not say
    values: tuple[CrmValue, ...] = ()
    reference_to: tuple[str, ...] = ()
    custom: bool | None = None
    length: int | None = None
    description: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.object}.{self.name}"

    def value_named(self, value: Any) -> CrmValue | None:
        return next((v for v in self.values if v.value == value), None)
