"""Reads of the core domain: scoped querysets and what the pages need."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from core import access
from core.models import (
    AccessLog,
    Advisor,
    AdvisorTraining,
    BhtProfile,
    CompetenceArea,
    Department,
    MainContact,
    Organisation,
    Role,
    RoleAssignment,
    Service,
    ServiceArea,
    ServiceUnit,
    User,
)


def main_contacts_current() -> QuerySet[MainContact]:
    return MainContact.objects.current().select_related("advisor__user", "area", "unit")


def main_contacts_visible_to(user: User) -> QuerySet[MainContact]:
    """Current and past main contacts of the areas and units the user may see."""
    return MainContact.objects.select_related(
        "advisor__user", "area__organisation", "unit__area"
    ).filter(Q(area__in=access.areas_visible_to(user)) | Q(unit__in=access.units_visible_to(user)))


def current_main_contact_by_area(area_ids: Iterable[int]) -> dict[int, MainContact]:
    return {
        contact.area_id: contact
        for contact in main_contacts_current().filter(area_id__in=list(area_ids))
        if contact.area_id is not None
    }


def home_area_for(user: User) -> ServiceArea | None:
    """The area a person belongs to: their workplace, else the narrowest role they hold."""
    if user.department_id is not None:
        return ServiceArea.objects.filter(units__departments__id=user.department_id).first()
    assignment = (
        RoleAssignment.objects.filter(user=user)
        .active()
        .exclude(area=None, unit=None, department=None)
        .select_related("area", "unit__area", "department__unit__area")
        .order_by("-department_id", "-unit_id")
        .first()
    )
    if assignment is None:
        return None
    if assignment.department_id:
        return assignment.department.unit.area  # type: ignore[union-attr]
    if assignment.unit_id:
        return assignment.unit.area  # type: ignore[union-attr]
    return assignment.area


def home_department_for(user: User) -> Department | None:
    """The department the person works in or leads, with its unit and area loaded."""
    qs = Department.objects.select_related("unit__area__organisation", "leader", "unit__leader")
    if user.department_id is not None:
        return qs.filter(pk=user.department_id).first()
    led = (
        RoleAssignment.objects.filter(user=user, role=Role.DEPARTMENT_LEADER)
        .active()
        .values("department_id")
    )
    return qs.filter(pk__in=led).first()


def main_contact_for(user: User) -> MainContact | None:
    """The BHT main contact a person should call: their unit's if it has one, else the area's."""
    department = home_department_for(user)
    if department is not None:
        contact = main_contacts_current().filter(unit_id=department.unit_id).first()
        if contact is not None:
            return contact
        return main_contacts_current().filter(area_id=department.unit.area_id).first()
    area = home_area_for(user)
    if area is None:
        return None
    return main_contacts_current().filter(area=area).first()


def areas_where_main_contact(user: User) -> QuerySet[ServiceArea]:
    return (
        ServiceArea.objects.filter(
            main_contacts__in=MainContact.objects.current().filter(advisor__user=user)
        )
        .select_related("organisation", "director")
        .order_by("organisation__name", "name")
    )


@dataclass(frozen=True)
class CatalogueAction:
    """What a reader can do with a catalogue card: a button label and the address
    it opens; with `with_service` the service's id is appended (`url` ends in "=")."""

    label: str
    url: str
    with_service: bool = True


# Orders, a higher app, knows who orders and who asks for advice: it registers its
# answer here at start (orders.apps.OrdersConfig.ready), so the catalogue shows
# "Bestill" / "Be om råd" on each card without importing it.
CatalogueActionProvider = Callable[[User], CatalogueAction | None]
_catalogue_action_provider: CatalogueActionProvider | None = None


def register_catalogue_action_provider(provider: CatalogueActionProvider | None) -> None:
    global _catalogue_action_provider
    _catalogue_action_provider = provider


def catalogue_action_for(user: User) -> CatalogueAction | None:
    """The action on each catalogue card for `user`; none without orders installed."""
    if _catalogue_action_provider is None:
        return None
    return _catalogue_action_provider(user)


@dataclass(frozen=True)
class CatalogueGroup:
    competence_area: CompetenceArea | None
    services: list[Service]


def service_catalogue() -> list[CatalogueGroup]:
    """Active services grouped by competence area; a service with several areas
    stands under its first. Services without a competence area come last."""
    services = Service.objects.active().prefetch_related(
        Prefetch("competence_areas", queryset=CompetenceArea.objects.order_by("sort_order"))
    )
    areas = list(CompetenceArea.objects.order_by("sort_order", "name"))
    grouped: dict[int | None, list[Service]] = {area.pk: [] for area in areas}
    grouped[None] = []
    for service in services:
        first = next(iter(service.competence_areas.all()), None)
        grouped[first.pk if first else None].append(service)
    groups = [CatalogueGroup(area, grouped[area.pk]) for area in areas if grouped[area.pk]]
    if grouped[None]:
        groups.append(CatalogueGroup(None, grouped[None]))
    return groups


def organisation_tree(*, user: User, organisation: Organisation) -> list[ServiceArea]:
    """The areas of `organisation` the user may see, each with `.visible_units`
    (each with `.visible_departments`) and `.main_contact` set. Four queries."""
    departments = access.departments_visible_to(user).select_related("leader")
    units = (
        access.units_visible_to(user)
        .select_related("leader")
        .prefetch_related(
            Prefetch("departments", queryset=departments, to_attr="visible_departments")
        )
    )
    areas: list[ServiceArea] = list(
        access.areas_visible_to(user)
        .filter(organisation=organisation)
        .select_related("director")
        .prefetch_related(Prefetch("units", queryset=units, to_attr="visible_units"))
        .order_by("name")
    )
    contacts = current_main_contact_by_area(area.pk for area in areas)
    for area in areas:
        area.main_contact = contacts.get(area.pk)  # type: ignore[attr-defined]
    return areas


def advisors_visible_to(user: User) -> QuerySet[Advisor]:
    """The BHT's people are public to every logged-in user (they are the service)."""
    return (
        Advisor.objects.filter(is_active=True)
        .select_related("user")
        .prefetch_related("competence_areas")
    )


def services_visible_to(user: User) -> QuerySet[Service]:
    qs = Service.objects.prefetch_related("competence_areas")
    return qs if access.is_bht_staff(user) else qs.active()


def bht_profile() -> BhtProfile | None:
    return BhtProfile.objects.first()


# --- for the HTML pages (bht/views.py) ----------------------------------------


def area_units(*, user: User, area: ServiceArea) -> list[ServiceUnit]:
    """The units of `area` the user may see, each with `.visible_departments`. Two queries."""
    departments = access.departments_visible_to(user).select_related("leader").order_by("name")
    return list(
        access.units_visible_to(user)
        .filter(area=area)
        .select_related("leader")
        .prefetch_related(
            Prefetch("departments", queryset=departments, to_attr="visible_departments")
        )
        .order_by("name")
    )


def main_contact_history(*, area: ServiceArea) -> QuerySet[MainContact]:
    """Every main contact the area has had, the current one first."""
    return (
        MainContact.objects.filter(area=area)
        .select_related("advisor__user")
        .order_by("-valid_from", "-pk")
    )


def main_contact_candidates() -> QuerySet[Advisor]:
    """Who can be made a main contact: active advisors with at least one competence
    area (office staff have none and do not take client areas)."""
    return (
        Advisor.objects.filter(is_active=True, competence_areas__isnull=False)
        .distinct()
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


# Arbeidstilsynet's minimum for an approved BHT (forskrift om administrative
# ordninger § 13-5): 3 FTE of professionals, 0.3 FTE in each required field.
APPROVAL_MIN_FTE_TOTAL = Decimal("3.0")
APPROVAL_MIN_FTE_PER_AREA = Decimal("0.3")


@dataclass(frozen=True)
class CompetenceStaffing:
    competence_area: CompetenceArea
    advisors: int
    fte: Decimal

    @property
    def meets_minimum(self) -> bool:
        return self.fte >= APPROVAL_MIN_FTE_PER_AREA


@dataclass(frozen=True)
class BhtStaffing:
    advisors: list[Advisor]
    by_competence_area: list[CompetenceStaffing]
    fte_total: Decimal
    fte_professional: Decimal

    @property
    def meets_total_minimum(self) -> bool:
        return self.fte_professional >= APPROVAL_MIN_FTE_TOTAL


def bht_staffing() -> BhtStaffing:
    """The BHT's active staff and their FTE per competence area. An advisor counts
    with their whole FTE in each competence area they hold. Three queries."""
    advisors = list(
        Advisor.objects.filter(is_active=True)
        .select_related("user")
        .prefetch_related(
            Prefetch("competence_areas", queryset=CompetenceArea.objects.order_by("sort_order"))
        )
        .order_by("user__first_name", "user__last_name")
    )
    active = Q(advisors__is_active=True)
    areas = CompetenceArea.objects.annotate(
        advisor_count=Count("advisors", filter=active),
        fte_percent=Sum("advisors__fte_percent", filter=active),
    ).order_by("sort_order", "name")
    hundred = Decimal(100)
    by_area = [
        CompetenceStaffing(
            competence_area=area,
            advisors=area.advisor_count,
            fte=Decimal(area.fte_percent or 0) / hundred,
        )
        for area in areas
    ]
    fte_total = sum((a.fte_percent for a in advisors), Decimal(0)) / hundred
    fte_professional = (
        sum((a.fte_percent for a in advisors if a.competence_areas.all()), Decimal(0)) / hundred
    )
    return BhtStaffing(advisors, by_area, fte_total, fte_professional)


def home_unit_for(user: User) -> ServiceUnit | None:
    """The service unit a person works in or leads (for a unit leader, who has no
    department), with its area and organisation loaded."""
    qs = ServiceUnit.objects.select_related("area__organisation", "area__director", "leader")
    department = home_department_for(user)
    if department is not None:
        return qs.filter(pk=department.unit_id).first()
    led = RoleAssignment.objects.filter(user=user).active().exclude(unit=None).values("unit_id")
    return qs.filter(pk__in=led).order_by("name").first()


def bht_staff_serving(organisation: Organisation | None, *roles: str) -> QuerySet[User]:
    """Active users holding one of the BHT `roles` for the whole BHT or for
    `organisation` (the recipients of the BHT's reminders and warnings)."""
    assignments = RoleAssignment.objects.active().filter(role__in=roles)
    if organisation is None:
        assignments = assignments.filter(organisation__isnull=True)
    else:
        assignments = assignments.filter(
            Q(organisation__isnull=True) | Q(organisation=organisation)
        )
    return User.objects.filter(is_active=True, pk__in=assignments.values("user_id")).order_by("pk")


# --- access log (reads of confidential content) ------------------------------------


def may_view_access_log(user: User) -> bool:
    """The BHT manager answers for confidentiality and reads the log; nobody else."""
    return user.is_active and (user.is_superuser or access.has_role(user, Role.BHT_MANAGER))


def access_log_visible_to(user: User) -> QuerySet[AccessLog]:
    """The part of the log about the organisations the user serves; rows without an
    organisation (logged before it was recorded) only for those who serve all."""
    qs = AccessLog.objects.all()
    if access.serves_every_organisation(user):
        return qs
    return qs.filter(access.organisation_q(user))


def access_log_rows(
    *,
    viewer: User,
    content_type_id: int | None = None,
    object_id: str = "",
    object_text: str = "",
    user_id: int | None = None,
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AccessLog]:
    """The log, newest first, filtered per object (type + id, or the neutral label
    such as an order reference) and per user; indexes: accesslog_object_idx,
    accesslog_user_idx."""
    qs = access_log_visible_to(viewer).select_related("user", "content_type").order_by("-at", "-pk")
    if content_type_id is not None:
        qs = qs.filter(content_type_id=content_type_id)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if object_text:
        qs = qs.filter(object_label__icontains=object_text.strip())
    if user_id is not None:
        qs = qs.filter(user_id=user_id)
    if action:
        qs = qs.filter(action=action)
    if date_from is not None:
        qs = qs.filter(at__date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(at__date__lte=date_to)
    return qs


def access_log_users(viewer: User) -> QuerySet[User]:
    """Everyone who appears in the viewer's part of the log (the per-user filter)."""
    in_log = access_log_visible_to(viewer).values("user_id").distinct()
    return User.objects.filter(pk__in=in_log).order_by("first_name", "last_name", "username")


def access_log_content_types() -> QuerySet[ContentType]:
    return ContentType.objects.filter(
        pk__in=AccessLog.objects.values("content_type_id").distinct()
    ).order_by("app_label", "model")


def advisor_trainings() -> dict[int, list[AdvisorTraining]]:
    """Every active staff member's training in the BHT role (§ 2-3), newest first,
    keyed by advisor id (hired-in staff included). One query."""
    out: dict[int, list[AdvisorTraining]] = {}
    for training in AdvisorTraining.objects.filter(advisor__is_active=True).order_by(
        "advisor_id", "-date", "-pk"
    ):
        out.setdefault(training.advisor_id, []).append(training)
    return out
