"""The demo organisation of DESIGN.md §9, as data. `manage.py seed_demo` builds it.

Fjordby kommune is fictitious, but its shape follows the evaluation of a real
municipal BHT: ten service areas, 9 344 permanent employees (7 288 FTE), a BHT
of twelve people with 8.85 FTE of professionals and one office worker.

Every department's headcount is given here; units and areas are the sums, so
the tree always adds up to the organisation's total.
"""

from __future__ import annotations

from .catalogue import (
    ALL_COMPETENCES,
    APPROVAL_COMPETENCES,
    BHT_PROFILE,
    COMPETENCE_AREAS,
    INQUIRY_CATEGORIES,
    SERVICES,
    H,
    ServiceSpec,
)
from .organisation import (
    ADMIN,
    AMU,
    AMU_MEETING,
    ANSATT,
    AREAS,
    AVDELINGSLEDER,
    AVDELINGSLEDER2,
    DEMO_START,
    EMAIL_DOMAIN,
    FIRST_NAMES,
    KOMMUNALSJEF,
    LAST_NAMES,
    ORGANISATION,
    RADMANN,
    REPORT_DRAFTS_MADE,
    TILLITSVALGT,
    TJENESTELEDER,
    VERNEOMBUD,
    Area,
    D,
    Dept,
    P,
    Person,
    Unit,
    _a,
    _u,
    annual_report_year,
    username_for,
)
from .people import (
    BHT_STAFF,
    DEMO_LOGINS,
    MAIN_CONTACTS,
    PERSONA_ROLES,
    WORKPLACES,
    Staff,
    department_leaders,
    named_people,
)

__all__ = [
    "ServiceSpec",
    "BHT_PROFILE",
    "COMPETENCE_AREAS",
    "ALL_COMPETENCES",
    "APPROVAL_COMPETENCES",
    "INQUIRY_CATEGORIES",
    "H",
    "SERVICES",
    "Staff",
    "DEMO_LOGINS",
    "WORKPLACES",
    "PERSONA_ROLES",
    "BHT_STAFF",
    "MAIN_CONTACTS",
    "department_leaders",
    "named_people",
    "EMAIL_DOMAIN",
    "DEMO_START",
    "REPORT_DRAFTS_MADE",
    "AMU_MEETING",
    "annual_report_year",
    "username_for",
    "Person",
    "Dept",
    "Unit",
    "Area",
    "ORGANISATION",
    "P",
    "ANSATT",
    "VERNEOMBUD",
    "TILLITSVALGT",
    "AVDELINGSLEDER",
    "TJENESTELEDER",
    "KOMMUNALSJEF",
    "RADMANN",
    "AMU",
    "AVDELINGSLEDER2",
    "ADMIN",
    "D",
    "_u",
    "_a",
    "AREAS",
    "FIRST_NAMES",
    "LAST_NAMES",
]
