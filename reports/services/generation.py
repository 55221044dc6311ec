"""Generating a run: compute the report, store its document, render the files from it, and
only then, in one transaction, mark the run done; a failed run leaves no file."""

from __future__ import annotations

import datetime
import hashlib
import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import events
from core.models import Role, User
from core.notifications import absolute_url, notify
from core.selectors import bht_staff_serving
from reports import render
from reports.document import report_from_data, report_to_data
from reports.kinds import KINDS
from reports.models import (
    FileFormat,
    ReportFile,
    ReportRun,
    RunStatus,
)

if TYPE_CHECKING:
    from reports.document import Report


logger = logging.getLogger(__name__)


RENDERERS = {
    FileFormat.PDF: render.to_pdf,
    FileFormat.XLSX: render.to_xlsx,
    FileFormat.CSV: render.to_csv,
}


def _set_progress(run: ReportRun, progress: int) -> None:
    run.progress = progress
    ReportRun.objects.filter(pk=run.pk).update(progress=progress, updated_at=timezone.now())


def fingerprint(report: Report) -> str:
    return hashlib.sha256(render.canonical_json(report).encode()).hexdigest()


def report_generate(*, run_id: int, announce: bool = True) -> ReportRun:
    """Computes and renders one run. Safe to call again: a done run is left alone.
    `announce=False` (the demo) sends no done/failed notice."""
    run = _start(run_id)
    if run.status == RunStatus.DONE:
        return run
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
        files = _files(run, report, fp, written)
        with transaction.atomic():
            _finish(run, files, fp=fp, document=document, taken_at=taken_at)
            if announce:
                _notify_finished(run)
        return run
    except Exception as exc:
        _fail(run, exc, written)
        if isinstance(exc, OperationalError):
            raise
        run.refresh_from_db()
        if announce:
            with transaction.atomic():
                _notify_finished(run)
        return run


def _start(run_id: int) -> ReportRun:
    """Marks the run as running (a done run is returned as it is)."""
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
    return run


def _files(
    run: ReportRun, report: Report, fp: str, written: list[str]
) -> dict[str, tuple[str, int]]:
    """The run's files as {format: (storage name, size)}. Same request, same data:
    the same report, so an earlier run's files are pointed at; else each renderer
    writes one (its name added to `written`, for the cleanup on failure)."""
    previous = (
        ReportRun.objects.filter(
            params_key=run.params_key, status=RunStatus.DONE, data_fingerprint=fp
        )
        .exclude(pk=run.pk)
        .order_by("-finished_at")
        .prefetch_related("files")
        .first()
    )
    if previous is not None and previous.files.exists():
        return {f.format: (f.file.name, f.size) for f in previous.files.all()}
    files: dict[str, tuple[str, int]] = {}
    year = timezone.localdate().year
    for step, (fmt, renderer) in enumerate(RENDERERS.items(), start=1):
        content = renderer(report)
        name = default_storage.save(
            f"reports/{year}/rapport-{run.pk}-{fp[:12]}.{fmt}", ContentFile(content)
        )
        written.append(name)
        files[fmt] = (name, len(content))
        _set_progress(run, 60 + step * 12)
    return files


def _finish(
    run: ReportRun,
    files: dict[str, tuple[str, int]],
    *,
    fp: str,
    document: dict[str, Any],
    taken_at: datetime.datetime,
) -> None:
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


def _fail(run: ReportRun, exc: Exception, written: list[str]) -> None:
    """Deletes the files written so far and marks the run failed (with the reason)."""
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
