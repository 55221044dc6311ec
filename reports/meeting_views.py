"""Pages of the AMU's year: meetings with agenda, decisions and minutes, and the
årshjul (annual cycle)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.errors import ApplicationError
from core.models import Role, RoleAssignment, User
from core.parsing import small_number
from reports import meetings, selectors
from reports.annual_cycle import cycle_for
from reports.models import AgendaItem, AgendaKind, AmuMeeting
from reports.views import pick


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _meeting_or_404(user: User, pk: int) -> AmuMeeting:
    meeting = selectors.meeting_for_user(user, pk)
    if meeting is None:
        raise Http404
    return meeting


def _date(value: str, field: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ApplicationError(_("Oppgi datoen som dd.mm.åååå."), field=field) from None


def _may_see_meetings(user: User) -> bool:
    return selectors.may_see_reports(user)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _may_see_meetings(user):
        raise PermissionDenied(_("AMU-møter er for BHT, ledelsen og AMU."))
    may_create = selectors.may_create_meetings(user)
    organisations = access.organisations_visible_to(user).order_by("name")
    areas = access.areas_visible_to(user).select_related("organisation").order_by("name")
    committee = User.objects.filter(
        is_active=True,
        pk__in=RoleAssignment.objects.filter(role=Role.AMU_MEMBER).active().values("user_id"),
    ).order_by("first_name", "last_name")
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    if len(organisations) == 1:
        values["organisation"] = str(organisations[0].pk)
    if request.method == "POST":
        if not may_create:
            raise PermissionDenied(_("Bare leder av BHT kan opprette AMU-møter."))
        fields = ("organisation", "area", "date", "place", "chair", "secretary")
        values = {k: request.POST.get(k, "").strip() for k in fields}
        try:
            organisation = pick(organisations, values["organisation"], "organisation",
                                 _("Velg en virksomhet fra listen."))  # fmt: skip
            if organisation is None:
                raise ApplicationError(_("Velg en virksomhet."), field="organisation")
            meeting = meetings.meeting_create(
                user=user,
                organisation=organisation,
                area=pick(areas, values["area"], "area", _("Velg et tjenesteområde fra listen.")),
                date=_date(values["date"], "date"),
                place=values["place"],
                chair=pick(committee, values["chair"], "chair", _("Velg et medlem av utvalget.")),
                secretary=pick(
                    committee, values["secretary"], "secretary", _("Velg et medlem av utvalget.")
                ),  # fmt: skip
            )
        except ApplicationError as exc:
            errors[exc.field or "date"] = exc.message
        else:
            messages.success(request, _("Møtet er opprettet."))
            return redirect("reports:meeting", pk=meeting.pk)
    year = timezone.localdate().year
    return render(
        request,
        "reports/meetings.html",
        {
            "meetings": list(selectors.meetings_visible_to(user).filter(date__year__gte=year - 1)),
            "may_create": may_create,
            "organisations": organisations,
            "areas": areas,
            "committee": committee,
            "errors": errors,
            "values": values,
        },
        status=400 if errors else 200,
    )


def _meeting_page(
    request: HttpRequest,
    meeting: AmuMeeting,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    error_item: int | None = None,
) -> HttpResponse:
    user = _user(request)
    may_edit = selectors.may_edit_meeting(user, meeting)
    return render(
        request,
        "reports/meeting.html",
        {
            "meeting": meeting,
            "items": list(meeting.items.select_related("plan__area", "run").order_by("number")),
            "present": list(meeting.members_present.order_by("first_name", "last_name")),
            "committee": list(selectors.committee_users(meeting)) if may_edit else [],
            "candidates": selectors.agenda_candidates(user, meeting) if may_edit else {},
            "kinds": AgendaKind.choices,
            "may_edit": may_edit,
            "may_decide": selectors.may_decide(user, meeting),
            "may_approve": selectors.may_approve_minutes(user, meeting),
            "held": meeting.date <= timezone.localdate(),
            "errors": errors or {},
            "values": values or {},
            "error_item": error_item,
        },
        status=400 if errors else 200,
    )


@require_GET
@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, _meeting_or_404(_user(request), pk))


@require_POST
@login_required
def meeting_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = _meeting_or_404(user, pk)
    if not selectors.may_edit_meeting(user, meeting):
        raise PermissionDenied(_("Bare leder av BHT eller møtets sekretær kan endre sakslisten."))
    values = {k: request.POST.get(k, "").strip() for k in ("kind", "plan", "run", "title")}
    candidates = selectors.agenda_candidates(user, meeting)
    try:
        plan = next((p for p in candidates["plans"] if str(p.pk) == values["plan"]), None)
        run = next((r for r in candidates["runs"] if str(r.pk) == values["run"]), None)
        if values["kind"] == AgendaKind.PLAN and plan is None:
            raise ApplicationError(_("Velg en plan fra listen."), field="plan")
        if values["kind"] == AgendaKind.REPORT and run is None:
            raise ApplicationError(_("Velg en rapport fra listen."), field="run")
        meetings.agenda_item_add(
            meeting=meeting, user=user, kind=values["kind"], plan=plan, run=run,
            title=values["title"],
        )  # fmt: skip
    except ApplicationError as exc:
        return _meeting_page(request, meeting, errors={exc.field or "kind": exc.message},
                             values=values)  # fmt: skip
    messages.success(request, _("Saken er satt på sakslisten."))
    return redirect(reverse("reports:meeting", args=[meeting.pk]) + "#agenda-heading")


@require_POST
@login_required
def meeting_item_decide(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    user = _user(request)
    meeting = _meeting_or_404(user, pk)
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_pk).first()
    if item is None:
        raise Http404
    if not selectors.may_decide(user, meeting):
        raise PermissionDenied(_("Bare møteleder eller sekretær registrerer vedtak."))
    values = {k: request.POST.get(k, "").strip() for k in ("decision", "case_number")}
    try:
        meetings.agenda_item_decide(
            item=item, user=user, decision=values["decision"], case_number=values["case_number"]
        )
    except PermissionDenied as exc:
        return _meeting_page(request, meeting, errors={"decision": str(exc)}, values=values,
                             error_item=item.pk)  # fmt: skip
    except ApplicationError as exc:
        return _meeting_page(request, meeting, errors={exc.field or "decision": exc.message},
                             values=values, error_item=item.pk)  # fmt: skip
    messages.success(request, _("Vedtaket er registrert."))
    return redirect(reverse("reports:meeting", args=[meeting.pk]) + f"#item-{item.pk}")


@require_POST
@login_required
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = _meeting_or_404(user, pk)
    if not selectors.may_edit_meeting(user, meeting):
        raise PermissionDenied(_("Bare leder av BHT eller møtets sekretær kan endre møtet."))
    try:
        meetings.attendance_set(
            meeting=meeting, user=user, member_ids=request.POST.getlist("members_present")
        )
    except ApplicationError as exc:
        return _meeting_page(request, meeting, errors={"members_present": exc.message})
    messages.success(request, _("Oppmøtet er lagret."))
    return redirect(reverse("reports:meeting", args=[meeting.pk]) + "#present-heading")


@require_POST
@login_required
def meeting_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    meeting = _meeting_or_404(user, pk)
    if not selectors.may_approve_minutes(user, meeting):
        raise PermissionDenied(_("Bare møtelederen godkjenner protokollen."))
    try:
        meetings.minutes_approve(meeting=meeting, user=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Protokollen er godkjent og låst."))
    return redirect("reports:meeting", pk=meeting.pk)


@require_GET
@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> FileResponse:
    meeting = _meeting_or_404(_user(request), pk)
    if not meeting.minutes_file or not meeting.minutes_file.storage.exists(
        meeting.minutes_file.name
    ):
        raise Http404
    return FileResponse(
        meeting.minutes_file.open("rb"),
        as_attachment=True,
        filename=f"Protokoll {meeting.committee_name} {meeting.date:%Y-%m-%d}.pdf",
    )


@require_GET
@login_required
def annual_cycle(request: HttpRequest) -> HttpResponse:
    """Årshjul: the committee year month by month."""
    user = _user(request)
    if not _may_see_meetings(user):
        raise PermissionDenied(_("Årshjulet er for BHT, ledelsen og AMU."))
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    year = small_number(raw, digits=4) or today.year
    if not 2000 <= year <= today.year + 5:
        year = today.year
    return render(
        request,
        "reports/annual_cycle.html",
        {"year": year, "months": cycle_for(user, year), "today": today},
    )


@require_http_methods(["GET", "POST"])
@login_required
def training_register(request: HttpRequest) -> HttpResponse:
    """The BHT's register of its staff's training in the BHT role (§ 2-3), hired-in
    staff included: BHT staff read it, the BHT manager adds to it."""
    from core.models import Advisor
    from core.selectors import advisor_trainings, bht_staffing
    from core.services import advisor_training_add

    user = _user(request)
    if not (user.is_superuser or access.is_bht_staff(user)):
        raise PermissionDenied(_("Opplæringsregisteret er for BHT."))
    may_add = user.is_superuser or access.has_role(user, Role.BHT_MANAGER)
    advisors = Advisor.objects.filter(is_active=True).select_related("user")
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    if request.method == "POST":
        if not may_add:
            raise PermissionDenied(_("Bare leder av BHT fører opplæringsregisteret."))
        values = {k: request.POST.get(k, "").strip() for k in ("advisor", "date", "course",
                                                               "provider")}  # fmt: skip
        try:
            advisor = pick(advisors, values["advisor"], "advisor", _("Velg en person fra listen."))
            if advisor is None:
                raise ApplicationError(_("Velg en person."), field="advisor")
            advisor_training_add(
                user=user,
                advisor=advisor,
                date=_date(values["date"], "date"),
                course=values["course"],
                provider=values["provider"],
            )
        except ApplicationError as exc:
            errors[exc.field or "course"] = exc.message
        else:
            messages.success(request, _("Opplæringen er registrert."))
            return redirect("reports:training")
    trainings = advisor_trainings()
    staff = [(a, trainings.get(a.pk, [])) for a in bht_staffing().advisors]
    return render(
        request,
        "reports/training.html",
        {
            "staff": staff,
            "advisors": advisors.order_by("user__first_name", "user__last_name"),
            "may_add": may_add,
            "errors": errors,
            "values": values,
        },
        status=400 if errors else 200,
    )
