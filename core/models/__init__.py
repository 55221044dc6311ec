"""Core domain: the organisation tree, people and roles, the BHT and its catalogue."""

from __future__ import annotations

from .bht import (
    Advisor,
    AdvisorTraining,
    BhtProfile,
    CompetenceArea,
    InquiryCategory,
    MainContact,
    MainContactQuerySet,
    Service,
    ServiceQuerySet,
    StatutoryCode,
)
from .organisation import (
    Department,
    Headcount,
    Organisation,
    ServiceArea,
    ServiceUnit,
    TimestampedModel,
    org_number_validator,
)
from .people import (
    BHT_ROLES,
    ROLE_SCOPE_LEVELS,
    Role,
    RoleAssignment,
    RoleAssignmentQuerySet,
    User,
)
from .records import (
    AccessLog,
    HealthGuardOverride,
    OutgoingMail,
)

__all__ = [
    "TimestampedModel",
    "org_number_validator",
    "Organisation",
    "ServiceArea",
    "ServiceUnit",
    "Department",
    "Headcount",
    "User",
    "Role",
    "BHT_ROLES",
    "ROLE_SCOPE_LEVELS",
    "RoleAssignmentQuerySet",
    "RoleAssignment",
    "CompetenceArea",
    "Advisor",
    "AdvisorTraining",
    "StatutoryCode",
    "ServiceQuerySet",
    "Service",
    "InquiryCategory",
    "MainContactQuerySet",
    "MainContact",
    "BhtProfile",
    "AccessLog",
    "HealthGuardOverride",
    "OutgoingMail",
]
