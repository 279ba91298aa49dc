"""The Zona Integritas action plan as data.

A satker (unit) adopts one plan a year. A plan has components (the six areas of change
plus the results component), each component has indicators (1.1 ... 7.2), each indicator
has action steps (langkah aksi) and evidence requirements (bukti fisik), and each
requirement has a monthly grid of planned and realized months.

Every model has a natural key so fixtures stay stable across databases. The models live
in units.py (satkers, members, roles, profiles), accounts.py (changes to logins) and plan.py
(frameworks and the plan down to its months); import them from here.
"""

from .accounts import AccountEvent
from .plan import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    ActionStep,
    Cell,
    CellManager,
    Component,
    ComponentKind,
    ComponentManager,
    Framework,
    FrameworkArea,
    FrameworkAreaManager,
    FrameworkManager,
    Indicator,
    IndicatorManager,
    IndicatorPartManager,
    Plan,
    PlanManager,
    PlanQuerySet,
    Requirement,
    plan_of,
    refuse_if_signed,
)
from .units import (
    OVERSIGHT_ROLES,
    Membership,
    NIPField,
    Profile,
    Role,
    Satker,
    SatkerManager,
    display_name,
    format_nip,
    nip_validator,
)

__all__ = [
    "AccountEvent",
    "MONTH_ABBREVIATIONS",
    "OVERSIGHT_ROLES",
    "MONTHS",
    "ActionStep",
    "Cell",
    "CellManager",
    "Component",
    "ComponentKind",
    "ComponentManager",
    "Framework",
    "FrameworkArea",
    "FrameworkAreaManager",
    "FrameworkManager",
    "Indicator",
    "IndicatorManager",
    "IndicatorPartManager",
    "Plan",
    "PlanManager",
    "PlanQuerySet",
    "Requirement",
    "plan_of",
    "refuse_if_signed",
    "Membership",
    "NIPField",
    "Profile",
    "Role",
    "Satker",
    "SatkerManager",
    "display_name",
    "format_nip",
    "nip_validator",
]
