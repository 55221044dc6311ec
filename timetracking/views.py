"""HTML pages of time tracking (under /timer/): the weekly timesheet ("Timeliste")
with htmx cells, quick entry, the manager's approval and locks, the hours list
with CSV/XLSX export, and hourly rates.

Views stay thin: input is parsed here, rules live in services, reads in selectors.
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actionplans.models import PlanItem
from core import access, confidentiality, numbers, parsing
from core.access import LEADERSHIP_ROLES
from core.confirm import confirm_page, confirmed
from core.errors import ApplicationError
from core.exports import safe_cell
from core.models import Advisor, Organisation, User
from core.numbers import format_hours
from orders.selectors import orders_visible_to
from timetracking import selectors, services
from timetracking.filters import TimeEntryFilter
from timetracking.models import (
    Activity,
    HourlyRate,
    InternalActivity,
    WeekStatus,
    WeekSubmission,
)

LIST_PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require_bht(user: User) -> None:
    if not access.is_bht_staff(user):
        raise PermissionDenied(_("Timelisten er for BHT-ansatte."))


def _own_advisor(user: User) -> Advisor:
    advisor = Advisor.objects.filter(user=user).select_related("user").first()
    if advisor is None:
        raise PermissionDenied(_("Du er ikke registrert som rådgiver i BHT."))
    return advisor


def _advisor_for(request: HttpRequest, value: str | None) -> Advisor:
    """The advisor whose timesheet is shown: yourself, or anyone for the BHT manager."""
    user = _user(request)
    _require_bht(user)
    if value and selectors.is_manager(user):
        try:
            return get_object_or_404(selectors.advisors_visible_to(user), pk=int(value))
        except ValueError:
            raise Http404 from None
    return _own_advisor(user)


def _target(user: User, kind: str, pk: int) -> Any:
    """A target the user may log on; 404 outside their scope."""
    if kind == "order":
        return get_object_or_404(orders_visible_to(user), pk=pk)
    if kind == "plan_item":
        return get_object_or_404(
            PlanItem.objects.filter(plan__area__in=access.areas_visible_to(user)), pk=pk
        )
    if kind == "internal":
        return get_object_or_404(InternalActivity.objects.all(), pk=pk)
    raise Http404


def _timesheet_url(
    advisor: Advisor, user: User, start: datetime.date, rows: list[str], day: int | None = None
) -> str:
    params: list[tuple[str, str]] = [("uke", start.isoformat())]
    if advisor.user_id != user.pk:
        params.append(("radgiver", str(advisor.pk)))
    params += [("rad", key) for key in rows]
    if day is not None:
        params.append(("dag", str(day)))
    return reverse("timetracking:timesheet") + "?" + urlencode(params)


def _phone_day(value: str | None) -> int | None:
    """The day (0 = Monday) the phone layout shows, from ?dag=; None if absent or wrong."""
    return int(value) if value in {"0", "1", "2", "3", "4", "5", "6"} else None


# --- the timesheet ------------------------------------------------------------------


@require_GET
@login_required
def timesheet(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    advisor = _advisor_for(request, request.GET.get("radgiver"))
    today = timezone.localdate()
    try:
        start = selectors.parse_week(request.GET.get("uke"), today=today)
    except parsing.InvalidInput as exc:
        return HttpResponse(exc.message, status=400)
    rows = [k for k in request.GET.getlist("rad") if selectors.parse_row_key(k)]
    day = _phone_day(request.GET.get("dag"))
    # "Legg til rad" and "Kopier forrige uke" add rows and come back to a clean URL.
    add_target = request.GET.get("mal", "")
    add_activity = request.GET.get("aktivitet", "")
    if add_target and add_activity:
        key = f"{add_target}-{add_activity}"
        if selectors.parse_row_key(key) and key not in rows:
            rows.append(key)
        return redirect(_timesheet_url(advisor, user, start, rows, day))
    if request.GET.get("kopier"):
        for kind, pk, activity in selectors.previous_week_row_keys(advisor=advisor, start=start):
            key = f"{kind}-{pk}-{activity}"
            if key not in rows:
                rows.append(key)
        return redirect(_timesheet_url(advisor, user, start, rows, day))
    parsed = [p for p in (selectors.parse_row_key(k) for k in rows) if p is not None]
    grid = selectors.week_grid(
        advisor=advisor, start=start, today=today, viewer=user, extra_rows=parsed
    )
    search = request.GET.get("sok", "").strip()
    return render(
        request,
        "timetracking/timesheet.html",
        {
            "grid": grid,
            "advisor": advisor,
            "is_self": advisor.user_id == user.pk,
            "is_manager": selectors.is_manager(user),
            "advisors": selectors.advisors_visible_to(user) if selectors.is_manager(user) else [],
            "targets": selectors.loggable_targets(advisor=advisor, viewer=user, text=search),
            "search": search,
            "activities": Activity.choices,
            "row_keys": [r.key for r in grid.rows],
            "readonly": grid.is_sent and not selectors.is_manager(user),
            "today": today,
            "this_week": selectors.week_start(today),
            # The day a phone shows first: the one picked before a row was added or the
            # week copied (?dag=), else today in this week, else Monday.
            "phone_day": day
            if day is not None
            else ((today - grid.start).days if grid.start <= today <= grid.days[6] else 0),
        },
    )


@require_GET
@login_required
def targets(request: HttpRequest) -> HttpResponse:
    """The options of "Legg til rad" for a search text (htmx)."""
    advisor = _advisor_for(request, request.GET.get("radgiver"))
    return render(
        request,
        "timetracking/_target_options.html",
        {
            "targets": selectors.loggable_targets(
                advisor=advisor, viewer=_user(request), text=request.GET.get("sok", "")
            ),
        },
    )


def _cell_context(
    *,
    viewer: User,
    advisor: Advisor,
    day: datetime.date,
    key: str,
    index: int,
    today: datetime.date,
) -> dict[str, Any]:
    parsed = selectors.parse_row_key(key)
    assert parsed is not None
    grid = selectors.week_grid(
        advisor=advisor,
        start=selectors.week_start(day),
        today=today,
        viewer=viewer,
        extra_rows=[parsed],
    )
    row = next(r for r in grid.rows if r.key == key)
    return {"grid": grid, "row": row, "cell": row.cells[index], "index": index}


@require_POST
@login_required
def cell(request: HttpRequest) -> HttpResponse:
    """Saves one cell of the timesheet and answers with the cell and the new totals."""
    user = _user(request)
    advisor = _advisor_for(request, request.POST.get("radgiver"))
    key = request.POST.get("rad", "")
    parsed = selectors.parse_row_key(key)
    try:
        day = parsing.parse_date(request.POST.get("dato", ""), field="dato")
    except ValueError:
        return HttpResponse(_("Ugyldig dato."), status=400)
    if parsed is None:
        return HttpResponse(_("Ugyldig rad."), status=400)
    kind, pk, activity = parsed
    target = _target(user, kind, pk)
    hours = request.POST.get("timer", "")
    note = request.POST.get("notat", "")
    error = ""
    status = 200
    try:
        services.time_entry_save_cell(
            user=user,
            advisor=advisor,
            date=day,
            kind=kind,
            target=target,
            activity=activity,
            hours=hours,
            note=note,
        )
    except ApplicationError as exc:
        error, status = exc.message, 400
    except PermissionDenied as exc:
        error, status = str(exc) or _("Du har ikke tilgang."), 403
    today = timezone.localdate()
    index = (day - selectors.week_start(day)).days
    context = _cell_context(
        viewer=user, advisor=advisor, day=day, key=key, index=index, today=today
    )
    context.update({"error": error, "typed_hours": hours, "typed_note": note, "oob": True})
    context.update(
        {
            "advisor": advisor,
            "is_self": advisor.user_id == user.pk,
            "readonly": context["grid"].is_sent and not selectors.is_manager(user),
            "day_total": context["grid"].day_totals[index],
        }
    )
    return render(request, "timetracking/_cell.html", context, status=status)


@require_POST
@login_required
def week_send(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    advisor = _advisor_for(request, request.POST.get("radgiver"))
    try:
        start = selectors.parse_week(request.POST.get("uke"), today=timezone.localdate())
    except parsing.InvalidInput as exc:
        return HttpResponse(exc.message, status=400)
    if not confirmed(request):
        end = start + datetime.timedelta(days=6)
        total = selectors.week_total(advisor=advisor, start=start)
        return confirm_page(
            request,
            title=_("Sende uke %(week)s til godkjenning?") % {"week": f"{start:%V}"},
            consequence=_(
                "Timene for uken (%(start)s–%(end)s) sendes til leder av BHT for godkjenning. "
                "Etterpå kan du ikke endre dem, med mindre uken blir returnert til deg."
            )
            % {"start": f"{start:%d.%m.}", "end": f"{end:%d.%m.%Y}"},
            button=_("Ja, send uken"),
            cancel_url=_timesheet_url(advisor, user, start, []),
            details=[
                (_("Rådgiver"), str(advisor)),
                (_("Timer i uken"), format_hours(total)),
            ],
        )
    try:
        services.week_submit(user=user, advisor=advisor, start=start)
        messages.success(request, _("Uken er sendt til godkjenning."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect(_timesheet_url(advisor, user, start, []))


# --- quick entry ----------------------------------------------------------------------


# Service error fields → the quick entry's inputs.
QUICK_FIELDS = {
    "hours": "timer",
    "date": "dato",
    "activity": "aktivitet",
    "note": "notat",
    "target": "mal",
    "order": "mal",
    "plan_item": "mal",
    "internal_activity": "mal",
}
TARGET_FIELDS = {"order": "order", "plan_item": "plan_item", "internal": "internal_activity"}


def _quick_entry_target(user: User, value: str) -> tuple[str, Any] | None:
    """A "kind-pk" key → (service field, target); None when it is not a key at all."""
    kind, _sep, pk = value.rpartition("-")
    if kind not in TARGET_FIELDS or not pk.isdigit():
        return None
    return TARGET_FIELDS[kind], _target(user, kind, int(pk))


def _target_name(entry: Any) -> str:
    if entry.order is not None:
        return str(entry.order.reference)
    if entry.plan_item is not None:
        return str(entry.plan_item.title)
    return str(entry.internal_activity.name)


def _day_phrase(day: datetime.date, today: datetime.date) -> str:
    if day == today:
        return _("i dag")
    if day == today - datetime.timedelta(days=1):
        return _("i går")
    return day.strftime("%d.%m.%Y")


def _quick_entry_fragment(
    request: HttpRequest,
    *,
    advisor: Advisor,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    error: str = "",
    success: str = "",
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    targets = selectors.loggable_targets(advisor=advisor, viewer=_user(request))
    groups: dict[str, list[selectors.Target]] = {}
    for target in targets:
        groups.setdefault(target.group, []).append(target)
    return render(
        request,
        "timetracking/_quick_entry.html",
        {
            "groups": groups,
            "activities": Activity.choices,
            "values": values,
            "errors": errors or {},
            "error": error,
            "success": success,
            "today": today,
            "posted": request.method == "POST",
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def quick_entry(request: HttpRequest) -> HttpResponse:
    """ "Før timer": one entry from a small form. GET and POST answer with the form as
    an htmx fragment (the start page); a POST with `neste` (the order page's panel,
    a plain form) goes back there with a message instead."""
    user = _user(request)
    _require_bht(user)
    advisor = _own_advisor(user)
    today = timezone.localdate()
    if request.method == "GET":
        return _quick_entry_fragment(
            request,
            advisor=advisor,
            values={"mal": request.GET.get("mal", ""), "dato": today.isoformat()},
        )
    if "neste" in request.POST:
        return _quick_entry_redirect(request, user=user, advisor=advisor)
    values = {
        name: request.POST.get(name, "").strip()
        for name in ("mal", "aktivitet", "timer", "dato", "notat")
    }
    errors: dict[str, str] = {}
    target = _quick_entry_target(user, values["mal"])
    if target is None:
        errors["mal"] = _("Velg hva du fører timer på.")
    day: datetime.date | None = None
    try:
        day = parsing.parse_date(values["dato"], field="dato") if values["dato"] else today
    except ValueError:
        errors["dato"] = _("Skriv en gyldig dato.")
    # All input errors at once, not one per try (issue 15).
    for field, message in services.time_entry_input_errors(
        date=day, hours=values["timer"], activity=values["aktivitet"]
    ).items():
        errors.setdefault(QUICK_FIELDS[field], message)
    if errors or target is None or day is None:
        return _quick_entry_fragment(
            request, advisor=advisor, values=values, errors=errors, status=400
        )
    field, obj = target
    try:
        entry = services.time_entry_create(
            user=user,
            advisor=advisor,
            date=day,
            hours=values["timer"],
            activity=values["aktivitet"],
            note=values["notat"],
            **{field: obj},
        )
    except ApplicationError as exc:
        if exc.field in QUICK_FIELDS:
            errors[QUICK_FIELDS[exc.field]] = exc.message
            return _quick_entry_fragment(
                request, advisor=advisor, values=values, errors=errors, status=400
            )
        return _quick_entry_fragment(
            request, advisor=advisor, values=values, error=exc.message, status=400
        )
    except PermissionDenied as exc:
        # A locked month or a sent week: the service refuses; say why, keep the input.
        return _quick_entry_fragment(
            request,
            advisor=advisor,
            values=values,
            error=str(exc) or _("Du har ikke tilgang."),
            status=403,
        )
    success = _("Ført %(hours)s t på %(target)s %(day)s.") % {
        "hours": services._fmt(entry.hours),
        "target": _target_name(entry),
        "day": _day_phrase(entry.date, today),
    }
    return _quick_entry_fragment(
        request,
        advisor=advisor,
        values={"mal": values["mal"], "dato": today.isoformat()},
        success=success,
    )


def _quick_entry_redirect(request: HttpRequest, *, user: User, advisor: Advisor) -> HttpResponse:
    next_url = request.POST.get("neste", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("timetracking:timesheet")
    target = _quick_entry_target(user, request.POST.get("mal", ""))
    if target is None:
        return HttpResponse(_("Ugyldig mål."), status=400)
    field, obj = target
    try:
        day = parsing.parse_date(
            request.POST.get("dato") or timezone.localdate().isoformat(), field="dato"
        )
    except ValueError:
        messages.error(request, _("Ugyldig dato."))
        return redirect(next_url)
    try:
        entry = services.time_entry_create(
            user=user,
            advisor=advisor,
            date=day,
            hours=request.POST.get("timer", ""),
            activity=request.POST.get("aktivitet", ""),
            note=request.POST.get("notat", ""),
            **{field: obj},
        )
        messages.success(
            request,
            _("%(hours)s timer ført %(date)s.")
            % {"hours": services._fmt(entry.hours), "date": entry.date.strftime("%d.%m.%Y")},
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect(next_url)


@require_GET
@login_required
def order_hours(request: HttpRequest, pk: int) -> HttpResponse:
    """The hours panel of an order page: total, estimate, per advisor, and quick entry."""
    user = _user(request)
    order = get_object_or_404(orders_visible_to(user), pk=pk)
    entries = selectors.entries_visible_to(user).filter(order=order)
    per_advisor = selectors.totals_per_advisor(entries)
    used = selectors.total_hours(entries)
    return render(
        request,
        "timetracking/_order_hours.html",
        {
            "order": order,
            "used": used,
            "per_advisor": per_advisor,
            "percent": int(used * 100 / order.estimated_hours) if order.estimated_hours else None,
            "may_list": _may_list(user),
            "may_log": access.is_bht_staff(user) and Advisor.objects.filter(user=user).exists(),
            "activities": Activity.choices,
            "today": timezone.localdate(),
        },
    )


# --- approval and locks --------------------------------------------------------------


def _require_manager(user: User) -> None:
    if not selectors.is_manager(user):
        raise PermissionDenied(_("Bare leder av BHT godkjenner timer og låser måneder."))


@require_GET
@login_required
def approval(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require_manager(user)
    return _render_approval(request, unlock_pk=request.GET.get("las_opp"))


def _render_approval(
    request: HttpRequest,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    unlock_pk: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The approval page; `errors` maps an input's id to its message (shown at the
    input and in the summary), `values` keeps what was typed."""
    user = _user(request)
    weeks = list(selectors.submitted_weeks())
    totals = selectors.week_totals(weeks)
    errors = errors or {}
    values = values or {}
    for week in weeks:
        week.total = totals.get(week.pk)  # type: ignore[attr-defined]
        week.return_error = errors.get(f"ret-{week.pk}", "")  # type: ignore[attr-defined]
        week.return_value = values.get(f"ret-{week.pk}", "")  # type: ignore[attr-defined]
    today = timezone.localdate()
    this_month = today.replace(day=1)
    locks = list(selectors.active_locks(user).order_by("-month", "organisation__name"))
    unlock = next((lock for lock in locks if str(lock.pk) == (unlock_pk or "")), None)
    return render(
        request,
        "timetracking/approval.html",
        {
            "weeks": weeks,
            "locks": locks,
            "unlock": unlock,
            "this_month": this_month,
            "unapproved": selectors.unapproved_count(this_month),
            "organisations": access.organisations_visible_to(user).order_by("name"),
            "lock_history": selectors.period_lock_history(user),
            "error_list": [
                (f"#{key}", _("Kommentar") if key.startswith("ret-") else _("Begrunnelse"), text)
                for key, text in errors.items()
            ],
            "unlock_error": errors.get("unlock-reason", ""),
            "unlock_value": values.get("unlock-reason", ""),
        },
        status=status,
    )


@require_POST
@login_required
def week_approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _require_manager(user)
    week = get_object_or_404(WeekSubmission.objects.select_related("advisor__user"), pk=pk)
    # Ask only for a week that can be approved now: any other state falls through to
    # the service, whose message says why.
    if not confirmed(request) and week.status == WeekStatus.SUBMITTED:
        return _confirm_week_approve(request, week)
    try:
        services.week_approve(user=user, week=week)
        messages.success(
            request,
            _("Uke %(week)s for %(advisor)s er godkjent.")
            % {"week": f"{week.week_start:%V}", "advisor": week.advisor},
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("timetracking:approval")


def _confirm_week_approve(request: HttpRequest, week: WeekSubmission) -> HttpResponse:
    start, end = week.week_start, week.week_end
    return confirm_page(
        request,
        title=_("Godkjenne uke %(week)s for %(advisor)s?")
        % {"week": f"{start:%V}", "advisor": week.advisor},
        consequence=_(
            "Timene for uken (%(start)s–%(end)s) blir godkjent og regnes som klare når "
            "måneden skal låses. Rådgiveren kan ikke endre dem. Må noe rettes etterpå, "
            "må du returnere uken med en kommentar."
        )
        % {"start": f"{start:%d.%m.}", "end": f"{end:%d.%m.%Y}"},
        button=_("Ja, godkjenn uken"),
        cancel_url=reverse("timetracking:approval"),
        details=[
            (_("Rådgiver"), str(week.advisor)),
            (
                _("Timer i uken"),
                format_hours(selectors.week_total(advisor=week.advisor, start=start)),
            ),
        ],
    )


@require_POST
@login_required
def week_return(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _require_manager(user)
    week = get_object_or_404(WeekSubmission.objects.select_related("advisor__user"), pk=pk)
    comment = request.POST.get("kommentar", "")
    try:
        services.week_return(user=user, week=week, comment=comment)
    except ApplicationError as exc:
        if exc.field == "comment":
            # A field error at the week's comment, not a banner (issue 15).
            return _render_approval(
                request,
                errors={f"ret-{week.pk}": exc.message},
                values={f"ret-{week.pk}": comment},
                status=400,
            )
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Uken er returnert til rådgiveren."))
    return redirect("timetracking:approval")


@require_POST
@login_required
def lock_month(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require_manager(user)
    try:
        month = parsing.parse_month(request.POST.get("maaned") or "", field="maaned")
    except ValueError:
        messages.error(request, _("Velg en måned."))
        return redirect("timetracking:approval")
    organisation = None
    if request.POST.get("virksomhet"):
        organisation = get_object_or_404(Organisation, pk=request.POST["virksomhet"])
    if not confirmed(request):
        unapproved = selectors.unapproved_count(month)
        return confirm_page(
            request,
            title=_("Låse %(month)s?") % {"month": date_format(month, "F Y")},
            consequence=_(
                "Ingen kan føre, endre eller slette timer i %(month)s for %(whom)s etter "
                "låsingen. Måneden kan bare låses opp igjen av leder av BHT, med en "
                "begrunnelse som lagres i historikken."
            )
            % {
                "month": date_format(month, "F Y"),
                "whom": organisation.name if organisation else _("hele BHT"),
            },
            button=_("Ja, lås måneden"),
            cancel_url=reverse("timetracking:approval"),
            details=[
                (_("Timeføringer som ikke er godkjent"), str(unapproved)),
            ],
            danger=unapproved > 0,
        )
    try:
        services.month_lock(user=user, month=month, organisation=organisation)
        messages.success(request, _("Måneden %(month)s er låst.") % {"month": f"{month:%m.%Y}"})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("timetracking:approval")


@require_POST
@login_required
def unlock_month(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _require_manager(user)
    lock = get_object_or_404(selectors.period_locks_visible_to(user), pk=pk)
    reason = request.POST.get("begrunnelse", "")
    try:
        services.month_unlock(user=user, lock=lock, reason=reason)
    except ApplicationError as exc:
        if exc.field == "reason":
            return _render_approval(
                request,
                errors={"unlock-reason": exc.message},
                values={"unlock-reason": reason},
                unlock_pk=str(lock.pk),
                status=400,
            )
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Måneden er låst opp."))
    return redirect("timetracking:approval")


# --- the hours list and exports ------------------------------------------------------


def _may_list(user: User) -> bool:
    return access.is_bht_staff(user) or access.scope_for(user).has_role(*LEADERSHIP_ROLES)


def _filtered(request: HttpRequest) -> tuple[TimeEntryFilter, Any]:
    user = _user(request)
    qs = selectors.entries_visible_to(user)
    entry_filter = TimeEntryFilter(request.GET or None, queryset=qs, request=request)
    return entry_filter, entry_filter.qs if entry_filter.is_bound else qs


@require_GET
@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not _may_list(user):
        raise PermissionDenied(_("Du har ikke tilgang til timelistene."))
    entry_filter, qs = _filtered(request)
    page = Paginator(selectors.entry_list_queryset(qs), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for entry in page.object_list:
        entry.shown_note = confidentiality.entry_note(user, entry)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "timetracking/entry_list.html",
        {
            "filter": entry_filter,
            "page": page,
            "total": selectors.total_hours(qs),
            "by_billing": selectors.totals_by_billing(qs),
            "by_area_month": selectors.totals_by_area_month(qs)[:120],
            "query": query.urlencode(),
        },
    )


EXPORT_HEADER = [
    "Dato",
    "Rådgiver",
    "Timer",
    "Aktivitet",
    "Fakturering",
    "Virksomhetsområde",
    "Bestilling",
    "Tiltak",
    "Intern aktivitet",
    "Status",
    "Notat",
]


def _export_rows(qs: Any, *, user: User) -> Any:
    # safe_cell: a note like "=HYPERLINK(...)" stays text in Excel (core/exports.py).
    for entry in selectors.entry_list_queryset(qs).iterator(chunk_size=2000):
        yield [
            safe_cell(value)
            for value in [
                entry.date,
                str(entry.advisor),
                entry.hours,
                entry.get_activity_display(),
                entry.get_billing_display(),
                entry.area.name if entry.area else "",
                entry.order.reference if entry.order else "",
                entry.plan_item.title if entry.plan_item else "",
                entry.internal_activity.name if entry.internal_activity else "",
                entry.get_status_display(),
                confidentiality.entry_note(user, entry),
            ]
        ]


@require_GET
@login_required
def entry_export(request: HttpRequest, fmt: str) -> HttpResponse:
    user = _user(request)
    if not _may_list(user):
        raise PermissionDenied(_("Du har ikke tilgang til timelistene."))
    _entry_filter, qs = _filtered(request)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(EXPORT_HEADER)
        for row in _export_rows(qs, user=user):
            row[0] = row[0].isoformat()
            row[2] = f"{row[2]:f}".replace(".", ",")
            writer.writerow(row)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="timer-{stamp}.csv"'
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Timer"))
        sheet.append(EXPORT_HEADER)
        for row in _export_rows(qs, user=user):
            row[2] = float(row[2])
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="timer-{stamp}.xlsx"'
        return response
    raise Http404


# --- audit history --------------------------------------------------------------------


@require_GET
@login_required
def entry_history(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry's audit history: for its advisor and for those who may list its hours."""
    user = _user(request)
    entry = get_object_or_404(
        selectors.entry_list_queryset(selectors.entries_visible_to(user)), pk=pk
    )
    if entry.advisor.user_id != user.pk and not _may_list(user):
        raise Http404
    return render(
        request,
        "timetracking/entry_history.html",
        {"entry": entry, "history": selectors.entry_history(user=user, entry=entry)},
    )


# --- rates --------------------------------------------------------------------------


@login_required
def rates(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require_manager(user)
    errors: dict[str, str] = {}
    values = {"year": str(timezone.localdate().year + 1), "amount": ""}
    if request.method == "POST":
        values = {"year": request.POST.get("aar", ""), "amount": request.POST.get("belop", "")}
        try:
            year = int(values["year"])
        except ValueError:
            errors["year"] = _("Skriv et årstall.")
        else:
            try:
                rate = services.hourly_rate_set(user=user, year=year, amount=values["amount"])
                messages.success(
                    request,
                    _("Timeprisen for %(year)s er %(amount)s kr.")
                    % {"year": rate.year, "amount": numbers.format_number(rate.amount, -2)},
                )
                return redirect("timetracking:rates")
            except ApplicationError as exc:
                errors[exc.field or "amount"] = exc.message
    elif request.method != "GET":
        return HttpResponse(status=405)
    return render(
        request,
        "timetracking/rates.html",
        {
            "rates": HourlyRate.objects.select_related("set_by"),
            "errors": errors,
            "values": values,
            "history": selectors.hourly_rate_history(),
        },
        status=400 if errors else 200,
    )
