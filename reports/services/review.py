"""The AMU's review of a report: comments and the recorded treatment."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.models import Role, User
from core.notifications import absolute_url, notify
from core.selectors import bht_staff_serving
from reports import selectors
from reports.models import (
    AmuComment,
    AmuReview,
    ReportRun,
)

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
