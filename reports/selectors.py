"""Which report runs a user may see, and who may request which kinds."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from bht import access
from bht.models import Role, RoleAssignment, User
from reports.kinds import KINDS
from reports.models import ReportFile, ReportRun


def is_report_manager(user: User) -> bool:
    """The BHT's manager and office request every kind of report."""
    return user.is_superuser or access.has_role(user, Role.BHT_MANAGER, Role.BHT_OFFICE)


def director_area_ids(user: User) -> set[int]:
    if not access.has_role(user, Role.AREA_DIRECTOR):
        return set()
    return set(
        RoleAssignment.objects.filter(user=user, role=Role.AREA_DIRECTOR)
        .active()
        .values_list("area_id", flat=True)
    )


def amu_committees(user: User) -> tuple[set[int], set[int]]:
    """Organisation ids and area ids where the user sits in the AMU."""
    if not access.has_role(user, Role.AMU_MEMBER):
        return set(), set()
    rows = RoleAssignment.objects.filter(user=user, role=Role.AMU_MEMBER).active()
    organisations = {r.organisation_id for r in rows if r.organisation_id}
    areas = {r.area_id for r in rows if r.area_id}
    return organisations, areas


def may_see_reports(user: User) -> bool:
    if not user.is_authenticated:
        return False
    scope = access.scope_for(user)
    return user.is_superuser or scope.is_bht or scope.has_role(Role.AREA_DIRECTOR, Role.AMU_MEMBER)


def may_request_reports(user: User) -> bool:
    return is_report_manager(user) or bool(director_area_ids(user))


def runs_visible_to(user: User) -> QuerySet[ReportRun]:
    """BHT staff: runs of the organisations they serve; an area director: runs of
    their area; AMU members: the annual reports of their committee; others nothing."""
    if not user.is_authenticated or not user.is_active:
        return ReportRun.objects.none()
    if access.is_bht_staff(user):
        return ReportRun.objects.filter(organisation__in=access.organisations_visible_to(user))
    q = Q(pk__in=[])
    areas = director_area_ids(user)
    if areas:
        q |= Q(area_id__in=areas)
    organisations, amu_areas = amu_committees(user)
    amu_kinds = [kind for kind, spec in KINDS.items() if spec.for_amu]
    if organisations:
        q |= Q(kind__in=amu_kinds, organisation_id__in=organisations)
    if amu_areas:
        q |= Q(kind__in=amu_kinds, area_id__in=amu_areas)
    return ReportRun.objects.filter(q)


def archive_queryset(user: User) -> QuerySet[ReportRun]:
    return (
        runs_visible_to(user)
        .select_related("organisation", "area", "plan__area", "order", "requested_by")
        .prefetch_related(Prefetch("files", queryset=ReportFile.objects.order_by("format")))
        .order_by("-created_at", "-id")
    )


def run_for_user(user: User, run_id: int) -> ReportRun | None:
    return archive_queryset(user).filter(pk=run_id).first()
