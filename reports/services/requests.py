"""Requesting runs: validate, dedupe and queue a run (after commit); retry, the 15 January
drafts, stuck runs; opening a run's file."""

from __future__ import annotations

import datetime
import hashlib

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from actionplans.models import ActionPlan
from core.errors import ApplicationError
from core.models import Organisation, Role, ServiceArea, User
from core.services import access_log_record
from orders.models import Order
from reports import selectors
from reports.kinds import KINDS, KindSpec
from reports.models import (
    ACTIVE_STATUSES,
    ReportRun,
    RunStatus,
)

STUCK_MESSAGE = "Kjøringen stoppet uten å bli ferdig; prøv igjen"


def params_key_for(
    *,
    kind: str,
    organisation_id: int | None,
    area_id: int | None,
    year: int | None,
    plan_id: int | None,
    order_id: int | None,
    recommendations: str,
) -> str:
    """Equal requests give equal keys (recommendations by their hash)."""
    rec = (
        hashlib.sha256(recommendations.strip().encode()).hexdigest()[:12]
        if recommendations.strip()
        else ""
    )
    parts = [
        kind,
        f"org={organisation_id or ''}",
        f"area={area_id or ''}",
        f"year={year or ''}",
        f"plan={plan_id or ''}",
        f"order={order_id or ''}",
        f"rec={rec}",
    ]
    return "|".join(parts)


def _check_permission(
    *, user: User, kind: str, area: ServiceArea | None, organisation: Organisation | None
) -> None:
    if selectors.is_report_manager(user):
        from core.access import organisations_visible_to

        if (
            organisation is not None
            and not organisations_visible_to(user).filter(pk=organisation.pk).exists()
        ):
            raise PermissionDenied("Du har ikke tilgang til denne virksomheten.")
        return
    areas = selectors.director_area_ids(user)
    spec = KINDS.get(kind)
    if (
        spec is not None
        and spec.area_director_may_request
        and area is not None
        and area.pk in areas
    ):
        return
    raise PermissionDenied("Du har ikke tilgang til å bestille denne rapporten.")


def report_file_open(*, user: User, run: ReportRun, file_format: str) -> tuple[File, str] | None:
    """A run's file opened for `user` (who may see the run: reports.selectors), with
    the name to save it under; None if the run has no such file. Each download is
    recorded in the access log, whether from the page or the API."""
    report_file = next((f for f in run.files.all() if f.format == file_format), None)
    if report_file is None or not report_file.file.storage.exists(report_file.file.name):
        return None
    access_log_record(
        user=user, obj=run, action="download", label=f"Rapport {run.pk} ({file_format})"
    )
    name = f"{run.get_kind_display()} {run.year or run.pk}.{file_format}".replace("/", "-")
    return report_file.file.open("rb"), name


def _parameters(
    spec: KindSpec,
    *,
    organisation: Organisation | None,
    area: ServiceArea | None,
    year: int | None,
    plan: ActionPlan | None,
    order: Order | None,
) -> tuple[Organisation | None, ServiceArea | None, int | None, ActionPlan | None, Order | None]:
    """The parameters the kind uses, checked; the others are dropped, so equal
    requests compare equal."""
    if "plan" in spec.required:
        if plan is None:
            raise ApplicationError("Velg en handlingsplan.", field="plan")
        area, organisation, year, order = plan.area, plan.area.organisation, None, None
    elif "order" in spec.required:
        if order is None:
            raise ApplicationError("Velg en bestilling.", field="order")
        area, organisation, year, plan = order.area, order.organisation, None, None
    else:
        plan = order = None
        organisation, area = _organisation_and_area(spec, organisation, area)
        year = _year(year)
    return organisation, area, year, plan, order


def _organisation_and_area(
    spec: KindSpec, organisation: Organisation | None, area: ServiceArea | None
) -> tuple[Organisation, ServiceArea | None]:
    if organisation is None and area is not None:
        organisation = area.organisation
    if organisation is None:
        raise ApplicationError("Velg en virksomhet.", field="organisation")
    if area is not None and area.organisation_id != organisation.pk:
        raise ApplicationError("Tjenesteområdet hører ikke til virksomheten.", field="area")
    return organisation, area if spec.uses_area else None


def _year(year: int | None) -> int:
    this_year = timezone.localdate().year
    if year is None:
        raise ApplicationError("Oppgi år.", field="year")
    if not 2000 <= year <= this_year:
        raise ApplicationError(f"Året må være mellom 2000 og {this_year}.", field="year")
    return year


def report_request(
    *,
    kind: str,
    user: User,
    organisation: Organisation | None = None,
    area: ServiceArea | None = None,
    year: int | None = None,
    plan: ActionPlan | None = None,
    order: Order | None = None,
    recommendations: str = "",
) -> ReportRun:
    spec = KINDS.get(kind)
    if spec is None:
        raise ApplicationError("Ukjent rapporttype.", field="kind")
    organisation, area, year, plan, order = _parameters(
        spec, organisation=organisation, area=area, year=year, plan=plan, order=order
    )
    if kind != "amu_annual":
        recommendations = ""
    if not selectors.is_report_manager(user) and area is None:
        raise PermissionDenied("Velg ditt tjenesteområde.")
    _check_permission(user=user, kind=kind, area=area, organisation=organisation)

    key = params_key_for(
        kind=kind,
        organisation_id=organisation.pk if organisation else None,
        area_id=area.pk if area else None,
        year=year,
        plan_id=plan.pk if plan else None,
        order_id=order.pk if order else None,
        recommendations=recommendations,
    )
    with transaction.atomic():
        existing = (
            ReportRun.objects.select_for_update()
            .filter(params_key=key, status__in=ACTIVE_STATUSES)
            .order_by("created_at")
            .first()
        )
        if existing is not None:
            return existing
        run = ReportRun.objects.create(
            kind=kind,
            organisation=organisation,
            area=area,
            year=year,
            plan=plan,
            order=order,
            recommendations=recommendations.strip(),
            params_key=key,
            requested_by=user,
        )
        _enqueue(run)
    return run


def _enqueue(run: ReportRun) -> None:
    from reports.tasks import generate_report_task

    run_id = run.pk
    transaction.on_commit(lambda: generate_report_task.delay(run_id))


def report_retry(*, run: ReportRun, user: User) -> ReportRun:
    if selectors.run_for_user(user, run.pk) is None:
        raise PermissionDenied("Du har ikke tilgang til denne rapporten.")
    _check_permission(user=user, kind=run.kind, area=run.area, organisation=run.organisation)
    if run.status != RunStatus.FAILED:
        raise ApplicationError("Bare rapporter som feilet kan kjøres på nytt.")
    with transaction.atomic():
        ReportRun.objects.filter(pk=run.pk).update(
            status=RunStatus.QUEUED, progress=0, error="", updated_at=timezone.now()
        )
        run.refresh_from_db()
        _enqueue(run)
    return run


def reports_fail_stuck(*, older_than: datetime.timedelta) -> int:
    """Marks runs that have been running longer than `older_than` as failed."""
    cutoff = timezone.now() - older_than
    return ReportRun.objects.filter(status=RunStatus.RUNNING, started_at__lt=cutoff).update(
        status=RunStatus.FAILED,
        error=STUCK_MESSAGE,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def annual_drafts_create(*, year: int) -> list[ReportRun]:
    """Drafts of last year's AMU and Labour Inspection reports for every organisation,
    and the AMU report of every area that has its own AMU (the 15 January job).
    Requested by no one; they wait for the BHT manager's release. Dedupe makes a
    second call harmless."""
    from core.models import RoleAssignment

    # Areas with their own AMU (an area-scoped AMU member) get their area report too.
    area_committees = set(
        RoleAssignment.objects.filter(role=Role.AMU_MEMBER, area__isnull=False)
        .active()
        .values_list("area_id", flat=True)
    )
    wanted: list[tuple[str, Organisation, ServiceArea | None]] = []
    for organisation in Organisation.objects.order_by("pk"):
        for kind in ("amu_annual", "labour_inspection_annual"):
            wanted.append((kind, organisation, None))
        for committee_area in ServiceArea.objects.filter(
            organisation=organisation, pk__in=area_committees
        ).order_by("pk"):
            wanted.append(("amu_annual", organisation, committee_area))
    runs = []
    for kind, organisation, area in wanted:
        key = params_key_for(
            kind=kind,
            organisation_id=organisation.pk,
            area_id=area.pk if area else None,
            year=year,
            plan_id=None,
            order_id=None,
            recommendations="",
        )
        with transaction.atomic():
            if ReportRun.objects.filter(params_key=key).exists():
                continue
            run = ReportRun.objects.create(
                kind=kind, organisation=organisation, area=area, year=year, params_key=key
            )
            _enqueue(run)
        runs.append(run)
    return runs
