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
    # Opportunity stages (Salesforce OpportunityStage, HubSpot deal stages); None: not said
    closed: bool | None = None
    won: bool | None = None
    probability: float | None = None
    forecast_category: str | None = None


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
    # What the export does not say is unknown, never a fact: a Metadata API folder holds
    # only the fields retrieved into it (`partial`), and a standard field's file may have
    # no <type>, no <label>, and no values of its own.
    type_known: bool = True
    label_known: bool = True
    values_known: bool = True
    partial: bool = False

    @property
    def id(self) -> str:
        return f"{self.object}.{self.name}"

    def value_named(self, value: Any) -> CrmValue | None:
        return next((v for v in self.values if v.value == value), None)
