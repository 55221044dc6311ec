"""Who may see what: the one place that turns role assignments into querysets.

Two kinds of visibility, kept apart on purpose:

* **Structure** (`organisations_visible_to`, `areas_visible_to`, `units_visible_to`,
  `departments_visible_to`): the part of the organisation tree a user may look at
  — names, leaders, headcounts, main contacts. It is the subtree under every node
  where the user holds a role, plus the path of ancestors above it (a department
  leader sees their unit and area by name, never the sibling units).
* **Oversight** (`oversight_q`): the matters (orders, hours, plans...) a user may
  follow. Only leadership roles give it, for the subtree they lead; BHT staff see
  the organisations they serve. Employees, representatives and AMU get none here:
  they see their own requests and aggregates, which the owning apps decide.

Every list, page, API view and report reads through these functions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from core.models import (
    BHT_ROLES,
    Department,
    Organisation,
    Role,
    RoleAssignment,
    ServiceArea,
    ServiceUnit,
    User,
)

LEADERSHIP_ROLES = frozenset(
    {Role.DEPARTMENT_LEADER, Role.UNIT_LEADER, Role.AREA_DIRECTOR, Role.EXECUTIVE}
)


@dataclass(frozen=True)
class NodeSet:
    """Roots of subtrees, by level."""

    organisations: frozenset[int] = field(default_factory=frozenset)
    areas: frozenset[int] = field(default_factory=frozenset)
    units: frozenset[int] = field(default_factory=frozenset)
    departments: frozenset[int] = field(default_factory=frozenset)

    def is_empty(self) -> bool:
        return not (self.organisations or self.areas or self.units or self.departments)


@dataclass(frozen=True)
class Scope:
    roles: frozenset[str]
    # Superusers and BHT staff without an organisation restriction see every organisation.
    everything: bool
    structure: NodeSet
    oversight: NodeSet

    @property
    def is_bht(self) -> bool:
        return bool(self.roles & BHT_ROLES)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


def _nodes(assignments: list[RoleAssignment]) -> NodeSet:
    levels: dict[str, set[int]] = {"organisation": set(), "area": set(), "unit": set()}
    levels["department"] = set()
    for assignment in assignments:
        level = assignment.scope_level
        if level != "none":
            levels[level].add(getattr(assignment, f"{level}_id"))
    return NodeSet(
        organisations=frozenset(levels["organisation"]),
        areas=frozenset(levels["area"]),
        units=frozenset(levels["unit"]),
        departments=frozenset(levels["department"]),
    )


def scope_for(user: User, on: datetime.date | None = None) -> Scope:
    """The user's scope today (cached on the user object for the request)."""
    cached: Scope | None = getattr(user, "_bht_scope", None)
    if cached is not None and on is None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = Scope(frozenset(), False, NodeSet(), NodeSet())
    else:
        assignments = list(RoleAssignment.objects.filter(user=user).active(on))
        roles = frozenset(a.role for a in assignments)
        bht = [a for a in assignments if a.role in BHT_ROLES]
        everything = user.is_superuser or any(a.scope_level == "none" for a in bht)
        structure = _nodes(assignments)
        if user.department_id is not None:
            # Every person sees where they work, even without an explicit employee role.
            structure = NodeSet(
                structure.organisations,
                structure.areas,
                structure.units,
                structure.departments | {user.department_id},
            )
        oversight_roles = LEADERSHIP_ROLES | BHT_ROLES
        oversight = _nodes([a for a in assignments if a.role in oversight_roles])
        scope = Scope(roles, everything, structure, oversight)
    if on is None:
        user._bht_scope = scope  # type: ignore[attr-defined]
    return scope


def has_role(user: User, *roles: str) -> bool:
    return scope_for(user).has_role(*roles)


def is_bht_staff(user: User) -> bool:
    return user.is_superuser or scope_for(user).is_bht


def may_assign_main_contact(user: User) -> bool:
    """Only the BHT's manager names main contacts (within the areas they may see)."""
    return user.is_superuser or has_role(user, Role.BHT_MANAGER)


# --- structure -------------------------------------------------------------


def organisations_visible_to(user: User) -> QuerySet[Organisation]:
    scope = scope_for(user)
    if scope.everything:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        Q(id__in=scope.structure.organisations)
        | Q(id__in=areas_visible_to(user).values("organisation_id"))
    )


def serves_several_organisations(user: User) -> bool:
    """BHT staff of a provider serving many organisations: lists and the plan
    board ask for the organisation before its areas (a BHT serving 200
    organisations has 2 000 areas)."""
    return is_bht_staff(user) and organisations_visible_to(user).count() > 1


def areas_visible_to(user: User) -> QuerySet[ServiceArea]:
    scope = scope_for(user)
    if scope.everything:
        return ServiceArea.objects.all()
    nodes = scope.structure
    return ServiceArea.objects.filter(
        Q(organisation_id__in=nodes.organisations)
        | Q(id__in=nodes.areas)
        | Q(id__in=ServiceUnit.objects.filter(id__in=nodes.units).values("area_id"))
        | Q(id__in=Department.objects.filter(id__in=nodes.departments).values("unit__area_id"))
    )


def units_visible_to(user: User) -> QuerySet[ServiceUnit]:
    scope = scope_for(user)
    if scope.everything:
        return ServiceUnit.objects.all()
    nodes = scope.structure
    return ServiceUnit.objects.filter(
        Q(area__organisation_id__in=nodes.organisations)
        | Q(area_id__in=nodes.areas)
        | Q(id__in=nodes.units)
        | Q(id__in=Department.objects.filter(id__in=nodes.departments).values("unit_id"))
    )


def departments_visible_to(user: User) -> QuerySet[Department]:
    scope = scope_for(user)
    if scope.everything:
        return Department.objects.all()
    nodes = scope.structure
    return Department.objects.filter(
        Q(unit__area__organisation_id__in=nodes.organisations)
        | Q(unit__area_id__in=nodes.areas)
        | Q(unit_id__in=nodes.units)
        | Q(id__in=nodes.departments)
    )


# --- oversight -------------------------------------------------------------


def oversight_q(
    user: User,
    *,
    organisation: str = "organisation",
    area: str = "area",
    unit: str = "unit",
    department: str = "department",
) -> Q:
    """A filter for objects that carry organisation/area/unit/department foreign keys.

    Pass the field paths of the model being filtered (e.g. `area="service_area"`).
    Matches nothing for users without oversight; use `Q()`-combination to add
    "own objects" rules in the owning app.
    """
    scope = scope_for(user)
    if scope.everything:
        return Q()
    nodes = scope.oversight
    if nodes.is_empty():
        return Q(pk__in=[])
    return (
        Q(**{f"{organisation}_id__in": nodes.organisations})
        | Q(**{f"{area}_id__in": nodes.areas})
        | Q(**{f"{unit}_id__in": nodes.units})
        | Q(**{f"{department}_id__in": nodes.departments})
    )


# --- several client organisations ---------------------------------------------
#
# A BHT serves many client organisations; its staff may be limited to some of them
# (a RoleAssignment with an organisation scope). Searches, pickers, week views,
# locks and the access log ask these functions which organisations the user may
# act in, instead of filtering by hand (docs/security.md, "Several clients").


def serves_every_organisation(user: User) -> bool:
    """Superusers and BHT staff without an organisation restriction."""
    return scope_for(user).everything


def served_organisation_ids(user: User) -> frozenset[int] | None:
    """The organisations the user may act in through oversight (a BHT role or a
    leadership role); None means every organisation."""
    scope = scope_for(user)
    if scope.everything:
        return None
    cached: frozenset[int] | None = getattr(user, "_bht_served_orgs", None)
    if cached is not None:
        return cached
    nodes = scope.oversight
    ids = (
        set(nodes.organisations)
        | set(
            ServiceArea.objects.filter(id__in=nodes.areas).values_list("organisation_id", flat=True)
        )
        | set(
            ServiceUnit.objects.filter(id__in=nodes.units).values_list(
                "area__organisation_id", flat=True
            )
        )
        | set(
            Department.objects.filter(id__in=nodes.departments).values_list(
                "unit__area__organisation_id", flat=True
            )
        )
    )
    result = frozenset(ids)
    user._bht_served_orgs = result  # type: ignore[attr-defined]
    return result


def organisation_q(user: User, path: str = "organisation") -> Q:
    """`Q(<path>__in=served organisations)`, or `Q()` for those who serve every one.

    `path` is the field path to the organisation (e.g. "plan__area__organisation").
    """
    ids = served_organisation_ids(user)
    if ids is None:
        return Q()
    return Q(**{f"{path}_id__in": ids})


def may_act_in_organisation(user: User, organisation_id: int | None) -> bool:
    """May the user act in this organisation? `None` (the whole BHT, every client at
    once) only for those who serve every organisation."""
    ids = served_organisation_ids(user)
    if ids is None:
        return True
    return organisation_id is not None and organisation_id in ids


def people_visible_to(user: User) -> QuerySet[User]:
    """People a user may find by name in searches and pickers: those who work in, or
    hold a role in, the organisations the user serves, and the BHT's own staff."""
    ids = served_organisation_ids(user)
    if ids is None:
        return User.objects.all()
    in_org = (
        Q(department__unit__area__organisation_id__in=ids)
        | Q(role_assignments__organisation_id__in=ids)
        | Q(role_assignments__area__organisation_id__in=ids)
        | Q(role_assignments__unit__area__organisation_id__in=ids)
        | Q(role_assignments__department__unit__area__organisation_id__in=ids)
    )
    bht_unscoped = Q(
        role_assignments__role__in=BHT_ROLES,
        role_assignments__organisation__isnull=True,
        role_assignments__area__isnull=True,
        role_assignments__unit__isnull=True,
        role_assignments__department__isnull=True,
    )
    return User.objects.filter(pk__in=User.objects.filter(in_org | bht_unscoped).values("pk"))
