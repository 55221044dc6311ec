"""Which report runs a user may see, and who may request which kinds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from core import access
from core.models import Role, RoleAssignment, User
from reports.kinds import KINDS
from reports.models import (
    AgendaItem,
    AmuComment,
    AmuMeeting,
    AmuReview,
    ReportFile,
    ReportRun,
    RunStatus,
    SickLeaveStat,
)


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


def executive_organisation_ids(user: User) -> set[int]:
    """The organisations where the user is rådmann / HR director (organisation scope)."""
    if not access.has_role(user, Role.EXECUTIVE):
        return set()
    return set(
        RoleAssignment.objects.filter(user=user, role=Role.EXECUTIVE, organisation__isnull=False)
        .active()
        .values_list("organisation_id", flat=True)
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
    return (
        user.is_superuser
        or scope.is_bht
        or scope.has_role(Role.AREA_DIRECTOR, Role.AMU_MEMBER, Role.EXECUTIVE)
    )


def may_request_reports(user: User) -> bool:
    return is_report_manager(user) or bool(director_area_ids(user))


def runs_visible_to(user: User) -> QuerySet[ReportRun]:
    """BHT staff: runs of the organisations they serve; an executive: every run of
    their organisation (read only); an area director: runs of their area; AMU
    members: the annual reports of their committee; others nothing."""
    if not user.is_authenticated or not user.is_active:
        return ReportRun.objects.none()
    if access.is_bht_staff(user):
        return ReportRun.objects.filter(organisation__in=access.organisations_visible_to(user))
    q = Q(pk__in=[])
    executive_of = executive_organisation_ids(user)
    if executive_of:
        # No report shows confidential case content (a report is built for every
        # reader, core.confidentiality), so the executive reads the organisation's
        # whole archive (DESIGN.md §2).
        q |= Q(organisation_id__in=executive_of)
    areas = director_area_ids(user)
    if areas:
        q |= Q(area_id__in=areas)
    organisations, amu_areas = amu_committees(user)
    amu_kinds = [kind for kind, spec in KINDS.items() if spec.for_amu]
    # A committee sees a report only once the BHT manager has released it.
    released = Q(kind__in=amu_kinds, released_at__isnull=False)
    if organisations:
        q |= released & Q(organisation_id__in=organisations)
    if amu_areas:
        q |= released & Q(area_id__in=amu_areas)
    return ReportRun.objects.filter(q)


def archive_queryset(user: User) -> QuerySet[ReportRun]:
    return (
        runs_visible_to(user)
        .select_related("organisation", "area", "plan__area", "order", "requested_by")
        .prefetch_related(
            Prefetch("files", queryset=ReportFile.objects.order_by("format")),
            Prefetch(
                "reviews",
                queryset=AmuReview.objects.select_related("recorded_by").order_by(
                    "-meeting_date", "-pk"
                ),
            ),
        )
        .order_by("-created_at", "-id")
    )


def run_for_user(user: User, run_id: int) -> ReportRun | None:
    return archive_queryset(user).filter(pk=run_id).first()


# --- AMU review ------------------------------------------------------------------


def is_amu_report(run: ReportRun) -> bool:
    spec = KINDS.get(run.kind)
    return bool(spec and spec.for_amu)


def is_committee_member(user: User, run: ReportRun) -> bool:
    """Whether the user sits in the committee the report is for: hoved-AMU of the
    organisation for an organisation-wide report, the area's AMU for an area report."""
    if not is_amu_report(run):
        return False
    organisations, areas = amu_committees(user)
    if run.area_id:
        return run.area_id in areas
    return run.organisation_id in organisations


def may_comment(user: User, run: ReportRun) -> bool:
    """The committee's members (once released) and the BHT staff who see the report
    may discuss a finished annual report."""
    if run.status != RunStatus.DONE or not is_amu_report(run):
        return False
    if access.is_bht_staff(user):
        return True
    return run.released_at is not None and is_committee_member(user, run)


def may_record_review(user: User, run: ReportRun) -> bool:
    """Only the committee records its own treatment of a released report."""
    return (
        run.status == RunStatus.DONE
        and run.released_at is not None
        and (user.is_superuser or is_committee_member(user, run))
    )


def is_releaser(user: User, run: ReportRun) -> bool:
    """The BHT manager is the one who releases committee reports."""
    return is_amu_report(run) and (user.is_superuser or access.has_role(user, Role.BHT_MANAGER))


def may_release(user: User, run: ReportRun) -> bool:
    """The BHT manager releases a finished committee report, once."""
    return run.status == RunStatus.DONE and run.released_at is None and is_releaser(user, run)


def committee_members(run: ReportRun) -> QuerySet[User]:
    """The members of the committee a report is for: the area's AMU for an area
    report, hoved-AMU of the organisation otherwise."""
    rows = RoleAssignment.objects.filter(role=Role.AMU_MEMBER).active()
    if run.area_id:
        rows = rows.filter(area_id=run.area_id)
    elif run.organisation_id is not None:
        rows = rows.filter(organisation_id=run.organisation_id)
    else:
        return User.objects.none()
    return User.objects.filter(pk__in=rows.values("user_id"), is_active=True)


def comments_for(run: ReportRun) -> QuerySet[AmuComment]:
    return run.comments.select_related("author").order_by("created_at", "pk")


def amu_reports_to_review_count(user: User) -> int:
    """Finished annual reports for the user's committees that the committee has not
    recorded its treatment of yet ("Venter på deg", bht/waiting.py)."""
    organisations, areas = amu_committees(user)
    if not organisations and not areas:
        return 0
    amu_kinds = [kind for kind, spec in KINDS.items() if spec.for_amu]
    return (
        ReportRun.objects.filter(kind__in=amu_kinds, status=RunStatus.DONE)
        .filter(Q(area__isnull=True, organisation_id__in=organisations) | Q(area_id__in=areas))
        .filter(reviews__isnull=True)
        .count()
    )


# --- sick leave --------------------------------------------------------------------


def may_import_sick_leave(user: User) -> bool:
    """The BHT's manager imports the HR figures."""
    return user.is_superuser or access.has_role(user, Role.BHT_MANAGER)


def sick_leave_visible_to(user: User) -> QuerySet[SickLeaveStat]:
    """BHT staff: the figures of the organisations they serve; an area director:
    their area's; others nothing (the figures are per unit, not per person)."""
    if not user.is_authenticated or not user.is_active:
        return SickLeaveStat.objects.none()
    if user.is_superuser or access.is_bht_staff(user):
        qs = SickLeaveStat.objects.filter(organisation__in=access.organisations_visible_to(user))
    else:
        areas = director_area_ids(user)
        if not areas:
            return SickLeaveStat.objects.none()
        qs = SickLeaveStat.objects.filter(
            Q(unit__area_id__in=areas) | Q(department__unit__area_id__in=areas)
        )
    return qs.select_related("organisation", "unit__area", "department__unit__area").order_by(
        "-period_start", "organisation__name", "pk"
    )


def sick_leave_periods(user: User) -> list[dict[str, object]]:
    """The imported periods per organisation (for the upload page), newest first."""
    return list(
        sick_leave_visible_to(user)
        .order_by()
        .values("organisation__name", "period_start", "period_end")
        .annotate(
            rows=Count("pk"),
            agreed=Sum("agreed_workdays"),
            lost_self=Sum("lost_self_certified"),
            lost_doctor=Sum("lost_doctor_certified"),
            imported=Max("updated_at"),
        )
        .order_by("-period_start", "organisation__name")[:40]
    )


# --- "Venter på deg" ------------------------------------------------------------

# How far back a finished run still counts as news for its requester.
WAITING_RECENT_DAYS = 14


def waiting_for(user: User, only: tuple[str, ...] | None = None) -> list[dict[str, object]]:
    """What in reports waits for this user, for the start page's "Venter på deg".

    Returns a list of `{"key", "label", "count", "url"}` (only entries with a count
    above zero), scoped by `runs_visible_to`:
    - `runs_ready` / `runs_failed`: the user's own runs finished in the last
      WAITING_RECENT_DAYS days;
    - `runs_to_release`: finished committee reports the BHT manager has not released;
    - `plans_to_approve`: signed plans waiting for hoved-AMU's approval (its members);
    - `reports_to_treat`: released committee reports the user's committee has not
      treated yet (AMU members).
    `only` limits it to those keys (and their queries), e.g. for a start page that
    shows the committee's part elsewhere. Plain function, a few COUNT queries."""
    from django.urls import reverse

    if not user.is_authenticated or not user.is_active:
        return []
    runs = runs_visible_to(user)
    archive = reverse("reports:index")
    out: list[dict[str, object]] = []

    def add(key: str, label: str, count: int, url: str = archive) -> None:
        if count and (only is None or key in only):
            out.append({"key": key, "label": label, "count": count, "url": url})

    def wanted(*keys: str) -> bool:
        return only is None or any(key in only for key in keys)

    if wanted("runs_ready", "runs_failed"):
        _own_runs(user, runs, add)
    amu_kinds = [kind for kind, spec in KINDS.items() if spec.for_amu]
    if wanted("runs_to_release") and (user.is_superuser or access.has_role(user, Role.BHT_MANAGER)):
        add(
            "runs_to_release",
            _("Rapporter som venter på frigiving til AMU"),
            runs.filter(
                kind__in=amu_kinds, status=RunStatus.DONE, released_at__isnull=True
            ).count(),
        )
    if wanted("plans_to_approve", "reports_to_treat"):
        _committee_part(user, runs, amu_kinds, wanted, add)
    return out


def _own_runs(user: User, runs: QuerySet[ReportRun], add: Callable[..., None]) -> None:
    """The user's own runs done or failed in the last WAITING_RECENT_DAYS days."""
    import datetime

    from django.utils import timezone

    since = timezone.now() - datetime.timedelta(days=WAITING_RECENT_DAYS)
    mine = runs.filter(requested_by=user, finished_at__gte=since).aggregate(
        done=Count("pk", filter=Q(status=RunStatus.DONE)),
        failed=Count("pk", filter=Q(status=RunStatus.FAILED)),
    )
    add("runs_ready", _("Rapporter som er klare"), mine["done"])
    add("runs_failed", _("Rapporter som feilet"), mine["failed"])


def _committee_part(
    user: User,
    runs: QuerySet[ReportRun],
    amu_kinds: list[str],
    wanted: Callable[..., bool],
    add: Callable[..., None],
) -> None:
    """Plans for hoved-AMU to approve and released reports for the committee to treat."""
    from django.urls import reverse

    amu_organisations, amu_areas = amu_committees(user)
    if amu_organisations and wanted("plans_to_approve"):
        from actionplans.models import ActionPlan, PlanStatus

        add(
            "plans_to_approve",
            _("Handlingsplaner som venter på godkjenning i hoved-AMU"),
            ActionPlan.objects.filter(
                area__organisation_id__in=amu_organisations, status=PlanStatus.SIGNED
            ).count(),
            reverse("actionplans:board"),
        )
    if wanted("reports_to_treat") and (amu_organisations or amu_areas):
        add(
            "reports_to_treat",
            _("Rapporter som venter på behandling i AMU"),
            runs.filter(kind__in=amu_kinds, status=RunStatus.DONE, released_at__isnull=False)
            .filter(reviews__isnull=True)
            .count(),
        )


# --- AMU meetings ------------------------------------------------------------------


def meetings_visible_to(user: User) -> QuerySet[AmuMeeting]:
    """BHT staff: the meetings of the organisations they serve; an executive: their
    organisation's; hoved-AMU members: every meeting of their organisation; an area
    AMU member: their area's meetings; others nothing."""
    if not user.is_authenticated or not user.is_active:
        return AmuMeeting.objects.none()
    if user.is_superuser or access.is_bht_staff(user):
        qs = AmuMeeting.objects.filter(organisation__in=access.organisations_visible_to(user))
    else:
        organisations, areas = amu_committees(user)
        organisations |= executive_organisation_ids(user)
        qs = AmuMeeting.objects.filter(Q(organisation_id__in=organisations) | Q(area_id__in=areas))
    return qs.select_related("organisation", "area", "chair", "secretary").order_by("date", "pk")


def meeting_for_user(user: User, meeting_id: int) -> AmuMeeting | None:
    return meetings_visible_to(user).filter(pk=meeting_id).first()


def may_create_meetings(user: User) -> bool:
    return user.is_superuser or access.has_role(user, Role.BHT_MANAGER)


def may_edit_meeting(user: User, meeting: AmuMeeting) -> bool:
    """The BHT manager or the meeting's secretary keeps the agenda, until the
    minutes are approved."""
    if meeting.is_locked:
        return False
    return may_create_meetings(user) or (user.pk is not None and meeting.secretary_id == user.pk)


def may_decide(user: User, meeting: AmuMeeting) -> bool:
    """The committee records its decisions: the meeting's secretary or chair (the
    existing plan-approval and report-treatment rules check membership too)."""
    if meeting.is_locked or user.pk is None:
        return False
    return user.pk in (meeting.secretary_id, meeting.chair_id)


def may_approve_minutes(user: User, meeting: AmuMeeting) -> bool:
    return not meeting.is_locked and user.pk is not None and meeting.chair_id == user.pk


def committee_users(meeting: AmuMeeting) -> QuerySet[User]:
    """Members of the meeting's committee (for chair, secretary and attendance)."""
    rows = RoleAssignment.objects.filter(role=Role.AMU_MEMBER).active()
    if meeting.area_id:
        rows = rows.filter(area_id=meeting.area_id)
    else:
        rows = rows.filter(organisation_id=meeting.organisation_id)
    return User.objects.filter(pk__in=rows.values("user_id"), is_active=True).order_by(
        "first_name", "last_name"
    )


def agenda_candidates(user: User, meeting: AmuMeeting) -> dict[str, list[Any]]:
    """What may go on the meeting's agenda: plans waiting for hoved-AMU's approval
    (signed) and released committee reports not yet treated nor on an agenda."""
    from actionplans.models import PlanStatus
    from actionplans.selectors import plans_visible_to

    # Already on an agenda and not decided: not offered twice.
    open_items = AgendaItem.objects.filter(decided_at__isnull=True)
    plans: list[Any] = []
    if meeting.area_id is None:
        plans = list(
            plans_visible_to(user)
            .filter(area__organisation_id=meeting.organisation_id, status=PlanStatus.SIGNED)
            .exclude(pk__in=open_items.filter(plan__isnull=False).values("plan_id"))
            .select_related("area")
            .order_by("area__name")
        )
    runs = (
        runs_visible_to(user)
        .filter(
            kind__in=[k for k, s in KINDS.items() if s.for_amu],
            status=RunStatus.DONE,
            released_at__isnull=False,
            organisation_id=meeting.organisation_id,
            area_id=meeting.area_id,
            reviews__isnull=True,
        )
        .exclude(pk__in=open_items.filter(run__isnull=False).values("run_id"))
        .order_by("-year", "kind")
    )
    return {"plans": plans, "runs": list(runs)}
