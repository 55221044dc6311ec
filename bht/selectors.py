"""Reads of the core domain: scoped querysets and what the pages need."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from bht import access
from bht.models import (
    Advisor,
    BhtProfile,
    CompetenceArea,
    Department,
    MainContact,
    Organisation,
    Role,
    RoleAssignment,
    Service,
    ServiceArea,
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
    areas = list(
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
