"""The timesheet: the week grid (one day at a time on a phone), a cell (htmx), the targets
to add, and sending the week."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import parsing
from core.confirm import confirm_page, confirmed
from core.errors import ApplicationError
from core.models import Advisor, User
from core.numbers import format_hours
from timetracking import selectors, services
from timetracking.models import Activity

from .common import _advisor_for, _phone_day, _target, _timesheet_url, _user


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
