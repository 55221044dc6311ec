"""Who may order or ask for what, for which departments, and the search for people."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from core import access
from core.models import Department, MainContact, Role, User
from core.selectors import CatalogueAction
from orders import rules


def departments_for_ordering(user: User) -> QuerySet[Department]:
    """Departments a person may order for: those they lead (or all, for BHT staff)."""
    qs = Department.objects.select_related("unit__area")
    if access.is_bht_staff(user):
        return qs.filter(
            unit__area__organisation__in=access.organisations_visible_to(user)
        ).order_by("unit__area__name", "unit__name", "name")
    scope = access.scope_for(user)
    if not scope.has_role(*rules.LEADER_ROLES):
        return qs.none()
    nodes = scope.oversight
    return qs.filter(
        Q(unit__area_id__in=nodes.areas) | Q(unit_id__in=nodes.units) | Q(id__in=nodes.departments)
    ).order_by("unit__area__name", "unit__name", "name")


def users_matching(user: User, text: str, limit: int = 10) -> list[User]:
    """Type-ahead for the triage form's caller: people in the organisations the
    BHT user serves whose name or username contains `text`."""
    text = text.strip()
    if len(text) < 2:
        return []
    words = text.split()
    q = Q()
    for word in words:
        q &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
        )
    return list(
        access.people_visible_to(user)
        .filter(q, is_active=True)
        .select_related("department__unit__area")
        .order_by("first_name", "last_name")[:limit]
    )


def departments_matching(user: User, text: str, limit: int = 15) -> list[Department]:
    text = text.strip()
    qs = departments_for_ordering(user)
    if text:
        qs = qs.filter(
            Q(name__icontains=text)
            | Q(unit__name__icontains=text)
            | Q(unit__area__name__icontains=text)
        )
    return list(qs[:limit])


def main_contact_user_for_area(area_id: int) -> User | None:
    contact = (
        MainContact.objects.current()
        .filter(area_id=area_id)
        .select_related("advisor__user")
        .first()
    )
    return contact.advisor.user if contact is not None else None


def leader_for_department(department: Department) -> User | None:
    return department.leader or department.unit.leader or department.unit.area.director


def is_leader(user: User) -> bool:
    return access.has_role(user, *rules.LEADER_ROLES)


def may_request_advice(user: User) -> bool:
    return user.department_id is not None or access.has_role(
        user, Role.EMPLOYEE, Role.SAFETY_REP, Role.UNION_REP
    )


def may_record_inquiry(user: User) -> bool:
    return access.is_bht_staff(user)


def catalogue_action(user: User) -> CatalogueAction | None:
    """The button on each card of the catalogue (core's "Hva kan BHT hjelpe med?",
    registered in orders.apps): a leader orders the service, an employee or
    representative asks for advice; BHT staff get none."""
    if access.is_bht_staff(user):
        return None
    if is_leader(user):
        return CatalogueAction(_("Bestill"), reverse("orders:create") + "?tjeneste=")
    if may_request_advice(user):
        return CatalogueAction(_("Be om råd"), reverse("orders:advice"), with_service=False)
    return None
