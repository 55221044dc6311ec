"""The list of time entries with its filter and export, an entry's history, and the hourly
rates."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import access, confidentiality, numbers
from core.access import LEADERSHIP_ROLES
from core.errors import ApplicationError
from core.exports import safe_cell
from core.models import User
from timetracking import selectors, services
from timetracking.filters import TimeEntryFilter
from timetracking.models import HourlyRate

from .common import LIST_PAGE_SIZE, _require_manager, _user


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
