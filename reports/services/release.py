"""Releasing a run to its committee, and deleting the files of old runs (the run row and
its fingerprint stay)."""

from __future__ import annotations

import datetime
import functools
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.models import User
from core.notifications import absolute_url, notify
from reports import selectors
from reports.models import (
    ReportFile,
    ReportRun,
    RunStatus,
)

logger = logging.getLogger(__name__)


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
