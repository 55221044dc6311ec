"""AMU meetings: the writes (create, agenda, decisions, minutes).

A decision on an agenda item records what exists already: a plan item calls
`actionplans.services.plan_approve`, a report item `reports.services.amu_review_record`,
each with the meeting's date and the item's case number, so their own rules
(membership, state, dates) apply unchanged. Approved minutes are rendered as a
tagged PDF and the meeting is locked.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import services as plan_services
from actionplans.models import ActionPlan
from core.errors import ApplicationError
from core.models import Organisation, ServiceArea, User
from core.notifications import absolute_url, notify
from core.parsing import is_valid_id
from reports import render, selectors, services
from reports.models import AgendaItem, AgendaKind, AmuMeeting, ReportRun

PLACE_MAX = 200
TITLE_MAX = 300


def _locked(meeting_id: int) -> AmuMeeting:
    meeting = AmuMeeting.objects.select_for_update().get(pk=meeting_id)
    if meeting.is_locked:
        raise ApplicationError(_("Protokollen er godkjent; møtet kan ikke endres."))
    return meeting


def _member(meeting: AmuMeeting, user: User | None, field: str) -> None:
    if user is not None and not selectors.committee_users(meeting).filter(pk=user.pk).exists():
        raise ApplicationError(_("Velg et medlem av utvalget."), field=field)


def meeting_create(
    *,
    user: User,
    organisation: Organisation,
    area: ServiceArea | None,
    date: datetime.date | None,
    place: str,
    chair: User | None,
    secretary: User | None,
) -> AmuMeeting:
    """The BHT manager sets up a committee meeting (hoved-AMU, or an area's AMU)."""
    if not selectors.may_create_meetings(user):
        raise PermissionDenied(_("Bare leder av BHT kan opprette AMU-møter."))
    if area is not None and area.organisation_id != organisation.pk:
        raise ApplicationError(_("Tjenesteområdet hører ikke til virksomheten."), field="area")
    if date is None:
        raise ApplicationError(_("Oppgi møtedatoen."), field="date")
    place = place.strip()
    if len(place) > PLACE_MAX:
        raise ApplicationError(_("Stedet kan være på høyst 200 tegn."), field="place")
    meeting = AmuMeeting(organisation=organisation, area=area, date=date, place=place)
    _member(meeting, chair, "chair")
    _member(meeting, secretary, "secretary")
    meeting.chair, meeting.secretary = chair, secretary
    meeting.save()
    return meeting


def agenda_item_add(
    *,
    meeting: AmuMeeting,
    user: User,
    kind: str,
    plan: ActionPlan | None = None,
    run: ReportRun | None = None,
    title: str = "",
) -> AgendaItem:
    """Puts a plan waiting for approval, a report waiting for treatment, or a free
    item on the agenda (BHT manager or the meeting's secretary)."""
    if not selectors.may_edit_meeting(user, meeting):
        raise PermissionDenied(_("Bare leder av BHT eller møtets sekretær kan endre sakslisten."))
    with transaction.atomic():
        meeting = _locked(meeting.pk)
        candidates = selectors.agenda_candidates(user, meeting)
        if kind == AgendaKind.PLAN:
            if plan is None or plan not in candidates["plans"]:
                raise ApplicationError(
                    _("Velg en signert plan som venter på godkjenning i hoved-AMU."), field="plan"
                )
            title = title.strip() or _("Handlingsplan %(area)s %(period)s") % {
                "area": plan.area.name,
                "period": plan.period_label,
            }
            run = None
        elif kind == AgendaKind.REPORT:
            if run is None or run not in candidates["runs"]:
                raise ApplicationError(
                    _("Velg en frigitt rapport til utvalget som ikke er behandlet."), field="run"
                )
            title = title.strip() or f"{run.get_kind_display()} {run.year or ''}".strip()
            plan = None
        elif kind == AgendaKind.FREE:
            title = title.strip()
            if not title:
                raise ApplicationError(_("Skriv saken."), field="title")
            plan = run = None
        else:
            raise ApplicationError(_("Velg type sak."), field="kind")
        if len(title) > TITLE_MAX:
            raise ApplicationError(_("Tittelen kan være på høyst 300 tegn."), field="title")
        number = (meeting.items.aggregate(n=Max("number"))["n"] or 0) + 1
        return AgendaItem.objects.create(
            meeting=meeting, number=number, kind=kind, title=title, plan=plan, run=run
        )


def agenda_item_decide(
    *, item: AgendaItem, user: User, decision: str, case_number: str
) -> AgendaItem:
    """Records the committee's decision and case number on an item, and through the
    existing services the plan's approval or the report's treatment."""
    if not selectors.may_decide(user, item.meeting):
        raise PermissionDenied(_("Bare møteleder eller sekretær registrerer vedtak."))
    decision, case_number = decision.strip(), case_number.strip()
    if not decision:
        raise ApplicationError(_("Skriv vedtaket."), field="decision")
    if not case_number:
        raise ApplicationError(_("Oppgi saksnummer."), field="case_number")
    if len(case_number) > 40:
        raise ApplicationError(_("Saksnummeret kan være på høyst 40 tegn."), field="case_number")
    with transaction.atomic():
        meeting = _locked(item.meeting_id)
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if item.decided_at is not None:
            raise ApplicationError(_("Saken har allerede et vedtak."))
        if meeting.date > timezone.localdate():
            raise ApplicationError(_("Vedtak registreres når møtet er holdt."), field="decision")
        if item.kind == AgendaKind.PLAN and item.plan is not None:
            plan_services.plan_approve(
                plan=item.plan,
                user=user,
                meeting_date=meeting.date,
                case_number=case_number,
                minutes=decision,
            )
        elif item.kind == AgendaKind.REPORT and item.run is not None:
            services.amu_review_record(
                run=item.run,
                user=user,
                meeting_date=meeting.date,
                case_number=case_number,
                decision=decision,
            )
        item.decision = decision
        item.case_number = case_number
        item.decided_at = timezone.now()
        item.decided_by = user
        item.save(
            update_fields=["decision", "case_number", "decided_at", "decided_by", "updated_at"]
        )
    return item


def attendance_set(*, meeting: AmuMeeting, user: User, member_ids: Iterable[Any]) -> AmuMeeting:
    """Who was present, by the ids the page's boxes or the API send: members of the
    committee only (an id that is none, or none at all, is refused, not dropped);
    the list replaces the one before."""
    if not selectors.may_edit_meeting(user, meeting):
        raise PermissionDenied(_("Bare leder av BHT eller møtets sekretær kan endre møtet."))
    raw = list(member_ids)
    if not all(is_valid_id(pk) for pk in raw):
        raise ApplicationError(_("Velg medlemmer av utvalget fra listen."), field="members_present")
    ids = {int(pk) for pk in raw}
    members = list(selectors.committee_users(meeting).filter(pk__in=ids))
    if len(members) != len(ids):
        raise ApplicationError(_("Velg medlemmer av utvalget."), field="members_present")
    with transaction.atomic():
        meeting = _locked(meeting.pk)
        meeting.members_present.set(members)
    return meeting


def minutes_html(meeting: AmuMeeting) -> str:
    return render_to_string(
        "reports/meeting_minutes_pdf.html",
        {
            "meeting": meeting,
            "items": list(meeting.items.select_related("plan__area", "run").order_by("number")),
            "present": list(meeting.members_present.order_by("first_name", "last_name")),
        },
    )


def minutes_approve(*, meeting: AmuMeeting, user: User) -> AmuMeeting:
    """The chair approves the minutes: every item must have its decision; the minutes
    are rendered as a tagged PDF and the meeting is locked."""
    if not selectors.may_approve_minutes(user, meeting):
        raise PermissionDenied(_("Bare møtelederen godkjenner protokollen."))
    with transaction.atomic():
        meeting = _locked(meeting.pk)
        if meeting.date > timezone.localdate():
            raise ApplicationError(_("Protokollen godkjennes etter møtet."))
        if not meeting.items.exists():
            raise ApplicationError(_("Sakslisten er tom."))
        if meeting.items.filter(decided_at__isnull=True).exists():
            raise ApplicationError(_("Alle saker må ha vedtak før protokollen godkjennes."))
        meeting.minutes_approved_at = timezone.now()
        meeting.minutes_approved_by = user
        pdf = render.html_to_pdf(minutes_html(meeting))
        meeting.minutes_file.save(f"protokoll-{meeting.pk}.pdf", ContentFile(pdf), save=False)
        meeting.save(
            update_fields=[
                "minutes_approved_at",
                "minutes_approved_by",
                "minutes_file",
                "updated_at",
            ]
        )
        notify(
            recipients=[*selectors.committee_users(meeting), meeting.secretary],
            subject=_("Protokoll godkjent: %(meeting)s") % {"meeting": str(meeting)},
            body=absolute_url(reverse("reports:meeting", args=[meeting.pk])) + "\n",
        )
    return meeting
