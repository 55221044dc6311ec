"""Quick entry ("Før timer") on the start page and the order page, and an order's hours
panel."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import access, parsing
from core.errors import ApplicationError
from core.models import Advisor, User
from orders.selectors import orders_visible_to
from timetracking import selectors, services
from timetracking.models import Activity

from .common import _own_advisor, _require_bht, _target, _user
from .entries import _may_list

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
    if kind not in TARGET_FIELDS or not parsing.is_valid_id(pk):
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


def _quick_entry_input(
    user: User, values: dict[str, str], today: datetime.date
) -> tuple[tuple[str, Any] | None, datetime.date | None, dict[str, str]]:
    """The target, the day and every input error at once, not one per try (issue 15)."""
    errors: dict[str, str] = {}
    target = _quick_entry_target(user, values["mal"])
    if target is None:
        errors["mal"] = _("Velg hva du fører timer på.")
    day: datetime.date | None = None
    try:
        day = parsing.parse_date(values["dato"], field="dato") if values["dato"] else today
    except ValueError:
        errors["dato"] = _("Skriv en gyldig dato.")
    for field, message in services.time_entry_input_errors(
        date=day, hours=values["timer"], activity=values["aktivitet"]
    ).items():
        errors.setdefault(QUICK_FIELDS[field], message)
    return target, day, errors


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
    target, day, errors = _quick_entry_input(user, values, today)
    if errors or target is None or day is None:
        return _quick_entry_fragment(
            request, advisor=advisor, values=values, errors=errors, status=400
        )
    return _quick_entry_save(
        request, user=user, advisor=advisor, values=values, target=target, day=day
    )


def _quick_entry_save(
    request: HttpRequest,
    *,
    user: User,
    advisor: Advisor,
    values: dict[str, str],
    target: tuple[str, Any],
    day: datetime.date,
) -> HttpResponse:
    """Saves the checked entry; a refusal by the service is shown at its field."""
    field, obj = target
    errors: dict[str, str] = {}
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
    today = timezone.localdate()
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
