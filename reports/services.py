"""Report runs: request, generate, retry, and clean up stuck runs.

Lifecycle: `report_request` validates, dedupes and queues a `ReportRun`, and
enqueues `reports.tasks.generate_report_task` after commit. The task calls
`report_generate`, which computes the `Report` (progress 10 → 60), renders the
files, and only then — in one transaction — creates the `ReportFile` rows and
marks the run done. Until that commit no file is reachable from the run.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan
from core import events
from core.errors import ApplicationError
from core.models import Organisation, Role, ServiceArea, User
from core.notifications import absolute_url, notify
from core.selectors import bht_staff_serving
from core.services import access_log_record
from orders.models import Order
from reports import render, selectors
from reports.document import report_from_data, report_to_data
from reports.kinds import KINDS
from reports.models import (
    ACTIVE_STATUSES,
    AmuComment,
    AmuReview,
    FileFormat,
    ReportFile,
    ReportRun,
    RunStatus,
)

if TYPE_CHECKING:
    from reports.document import Report

logger = logging.getLogger(__name__)

STUCK_MESSAGE = "Kjøringen stoppet uten å bli ferdig; prøv igjen"
RENDERERS = {
    FileFormat.PDF: render.to_pdf,
    FileFormat.XLSX: render.to_xlsx,
    FileFormat.CSV: render.to_csv,
}


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
    # Parameters the kind does not use are dropped, so equal requests compare equal.
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
        if organisation is None and area is not None:
            organisation = area.organisation
        if organisation is None:
            raise ApplicationError("Velg en virksomhet.", field="organisation")
        if area is not None and area.organisation_id != organisation.pk:
            raise ApplicationError("Tjenesteområdet hører ikke til virksomheten.", field="area")
        if not spec.uses_area:
            area = None
        this_year = timezone.localdate().year
        if year is None:
            raise ApplicationError("Oppgi år.", field="year")
        if not 2000 <= year <= this_year:
            raise ApplicationError(f"Året må være mellom 2000 og {this_year}.", field="year")
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


def _set_progress(run: ReportRun, progress: int) -> None:
    run.progress = progress
    ReportRun.objects.filter(pk=run.pk).update(progress=progress, updated_at=timezone.now())


def fingerprint(report: Report) -> str:
    return hashlib.sha256(render.canonical_json(report).encode()).hexdigest()


def report_generate(*, run_id: int, announce: bool = True) -> ReportRun:
    """Computes and renders one run. Safe to call again: a done run is left alone.
    `announce=False` (the demo) sends no done/failed notice."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().get(pk=run_id)
        if run.status == RunStatus.DONE:
            return run
        run.status = RunStatus.RUNNING
        run.attempts += 1
        run.started_at = timezone.now()
        run.finished_at = None
        run.progress = 10
        run.error = ""
        run.save(
            update_fields=[
                "status", "attempts", "started_at", "finished_at", "progress", "error", "updated_at"
            ]
        )  # fmt: skip
    written: list[str] = []
    try:
        taken_at = timezone.now()
        computed = KINDS[run.kind].compute(run)
        _set_progress(run, 60)
        document = report_to_data(computed)
        # Every output is rendered from the stored document, so the files and the
        # browser view show the same figures, now and in ten years.
        report = report_from_data(document)
        fp = fingerprint(report)
        previous = (
            ReportRun.objects.filter(
                params_key=run.params_key, status=RunStatus.DONE, data_fingerprint=fp
            )
            .exclude(pk=run.pk)
            .order_by("-finished_at")
            .prefetch_related("files")
            .first()
        )
        files: dict[str, tuple[str, int]] = {}
        if previous is not None and previous.files.exists():
            # Same request, same data: the same report. Point at the existing files.
            files = {f.format: (f.file.name, f.size) for f in previous.files.all()}
        else:
            year = timezone.localdate().year
            for step, (fmt, renderer) in enumerate(RENDERERS.items(), start=1):
                content = renderer(report)
                name = default_storage.save(
                    f"reports/{year}/rapport-{run.pk}-{fp[:12]}.{fmt}", ContentFile(content)
                )
                written.append(name)
                files[fmt] = (name, len(content))
                _set_progress(run, 60 + step * 12)
        with transaction.atomic():
            for file_format, (name, size) in files.items():
                ReportFile.objects.update_or_create(
                    run=run, format=file_format, defaults={"file": name, "size": size}
                )
            run.status = RunStatus.DONE
            run.progress = 100
            run.data_fingerprint = fp
            run.document = document
            run.data_taken_at = taken_at
            run.code_version = settings.APP_VERSION[:64]
            run.finished_at = timezone.now()
            run.save(
                update_fields=[
                    "status",
                    "progress",
                    "data_fingerprint",
                    "document",
                    "data_taken_at",
                    "code_version",
                    "finished_at",
                    "updated_at",
                ]
            )
            api_path = reverse("report-detail", kwargs={"pk": run.pk})
            events.publish("report.done", "report", run.pk, absolute_url(api_path))
            if announce:
                _notify_finished(run)
        return run
    except Exception as exc:
        for name in written:
            try:
                default_storage.delete(name)
            except Exception:  # pragma: no cover - best effort cleanup
                logger.warning("could not delete %s", name)
        logger.exception("report run %s failed", run.pk)
        message = str(exc) or exc.__class__.__name__
        try:
            ReportRun.objects.filter(pk=run.pk).update(
                status=RunStatus.FAILED,
                error=f"Rapporten kunne ikke lages: {message}",
                finished_at=timezone.now(),
                updated_at=timezone.now(),
            )
        except OperationalError:  # pragma: no cover - the database is gone too
            logger.exception("could not mark run %s failed", run.pk)
        if isinstance(exc, OperationalError):
            raise
        run.refresh_from_db()
        if announce:
            with transaction.atomic():
                _notify_finished(run)
        return run


def _notify_finished(run: ReportRun) -> None:
    """The requester hears that their run is done or failed (through the outbox).
    A draft nobody requested (the 15 January job) goes to the BHT's managers, who
    read and release it."""
    recipients: list[User | None]
    if run.requested_by_id:
        recipients = [run.requested_by]
    elif run.organisation_id:
        recipients = list(bht_staff_serving(run.organisation, Role.BHT_MANAGER))
    else:
        return
    name = run.get_kind_display()
    if run.status == RunStatus.DONE:
        subject = _("Rapporten er klar: %(report)s") % {"report": name}
        body = _("%(report)s %(year)s er ferdig.\n\n%(url)s\n")
    else:
        subject = _("Rapporten feilet: %(report)s") % {"report": name}
        body = _("%(report)s %(year)s kunne ikke lages. Du kan prøve igjen.\n\n%(url)s\n")
    notify(
        recipients=recipients,
        subject=subject,
        body=body
        % {
            "report": name,
            "year": run.year or "",
            "url": absolute_url(reverse("reports:run", args=[run.pk])),
        },
    )


def report_release(*, run: ReportRun, user: User) -> ReportRun:
    """The BHT manager releases a finished committee report to its committee
    (hoved-AMU or the area's AMU), whose members are told. Until then they see nothing."""
    if selectors.run_for_user(user, run.pk) is None or not selectors.is_releaser(user, run):
        raise PermissionDenied(_("Bare leder av BHT kan frigi rapporten til utvalget."))
    with transaction.atomic():
        locked = ReportRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.DONE:
            raise ApplicationError(_("Bare ferdige rapporter kan frigis."))
        if locked.released_at is not None:
            raise ApplicationError(_("Rapporten er allerede frigitt."))
        locked.released_at = timezone.now()
        locked.released_by = user
        locked.save(update_fields=["released_at", "released_by", "updated_at"])
        notify(
            recipients=selectors.committee_members(locked),
            subject=_("Ny rapport til AMU: %(report)s") % {"report": locked.get_kind_display()},
            body=_("%(report)s %(year)s er klar for utvalget.\n\n%(url)s\n")
            % {
                "report": locked.get_kind_display(),
                "year": locked.year or "",
                "url": absolute_url(reverse("reports:run", args=[locked.pk])),
            },
        )
    run.refresh_from_db()
    return run


def report_files_purge(*, now: datetime.datetime | None = None) -> int:
    """Deletes the files and stored document of runs that finished more than
    settings.REPORT_FILE_RETENTION_YEARS ago; the run row and its fingerprint stay.
    A file shared with a newer run (same data, reused) is kept until that run goes
    too. Returns the number of runs purged."""
    years = settings.REPORT_FILE_RETENTION_YEARS
    if years <= 0:
        return 0
    now = now or timezone.now()
    try:
        cutoff = now.replace(year=now.year - years)
    except ValueError:  # 29 February
        cutoff = now.replace(year=now.year - years, day=28)
    old = list(
        ReportRun.objects.filter(
            status=RunStatus.DONE, finished_at__lt=cutoff, files_deleted_at__isnull=True
        ).values_list("pk", flat=True)
    )
    for run_id in old:
        with transaction.atomic():
            files = list(ReportFile.objects.select_for_update().filter(run_id=run_id))
            names = {f.file.name for f in files}
            ReportFile.objects.filter(run_id=run_id).delete()
            still_used = set(
                ReportFile.objects.filter(file__in=names).values_list("file", flat=True)
            )
            ReportRun.objects.filter(pk=run_id).update(
                document=None, files_deleted_at=now, updated_at=now
            )
            for name in names - still_used:
                transaction.on_commit(functools.partial(_delete_file, name))
    return len(old)


def _delete_file(name: str) -> None:
    try:
        default_storage.delete(name)
    except Exception:  # pragma: no cover - the next sweep cannot find it again; log it
        logger.warning("could not delete report file %s", name)


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


# --- AMU review --------------------------------------------------------------------

COMMENT_MAX = 4000


def amu_comment_add(*, run: ReportRun, user: User, text: str) -> AmuComment:
    """A committee member's (or the BHT's) comment on a finished annual report."""
    if selectors.run_for_user(user, run.pk) is None or not selectors.may_comment(user, run):
        raise PermissionDenied(_("Du kan ikke kommentere denne rapporten."))
    text = text.strip()
    if not text:
        raise ApplicationError(_("Skriv en kommentar."), field="text")
    if len(text) > COMMENT_MAX:
        raise ApplicationError(
            _("Kommentaren kan være på høyst %(max)s tegn.") % {"max": COMMENT_MAX}, field="text"
        )
    return AmuComment.objects.create(run=run, author=user, text=text)


def amu_review_record(
    *,
    run: ReportRun,
    user: User,
    meeting_date: datetime.date | None,
    case_number: str,
    decision: str,
) -> AmuReview:
    """Records the committee's treatment of a report (meeting, case number, decision)
    and tells the BHT's manager that the report has been treated."""
    if selectors.run_for_user(user, run.pk) is None or not selectors.may_record_review(user, run):
        raise PermissionDenied(_("Bare utvalget rapporten gjelder kan registrere behandlingen."))
    if meeting_date is None:
        raise ApplicationError(_("Oppgi møtedatoen."), field="meeting_date")
    if meeting_date > timezone.localdate():
        raise ApplicationError(_("Møtedatoen kan ikke være fram i tid."), field="meeting_date")
    if run.finished_at and meeting_date < timezone.localdate(run.finished_at):
        raise ApplicationError(
            _("Møtet kan ikke ha vært før rapporten ble laget."), field="meeting_date"
        )
    case_number, decision = case_number.strip(), decision.strip()
    if len(case_number) > 40:
        raise ApplicationError(_("Saksnummeret kan være på høyst 40 tegn."), field="case_number")
    if not decision:
        raise ApplicationError(_("Skriv vedtaket."), field="decision")
    with transaction.atomic():
        review = AmuReview.objects.create(
            run=run,
            organisation=None if run.area_id else run.organisation,
            area=run.area,
            meeting_date=meeting_date,
            case_number=case_number,
            decision=decision,
            recorded_by=user,
        )
        notify(
            recipients=bht_staff_serving(run.organisation, Role.BHT_MANAGER),
            subject=_("AMU har behandlet %(report)s") % {"report": run.get_kind_display()},
            body=_(
                "%(report)s %(year)s ble behandlet %(date)s (sak %(case)s).\n\n"
                "%(decision)s\n\n%(url)s\n"
            )
            % {
                "report": run.get_kind_display(),
                "year": run.year or "",
                "date": meeting_date.strftime("%d.%m.%Y"),
                "case": case_number or "–",
                "decision": decision,
                "url": absolute_url(reverse("reports:run", args=[run.pk])),
            },
        )
    return review
