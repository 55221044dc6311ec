"""Report pages: request a report, the archive, a run with live progress, downloads."""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actionplans.models import ActionPlan
from actionplans.selectors import plans_visible_to
from core import access
from core.errors import ApplicationError
from core.models import Organisation, ServiceArea, User
from core.parsing import is_valid_id, small_number
from core.uploads import validate_upload
from orders.models import Order
from orders.selectors import orders_visible_to
from reports import render as renderers
from reports import selectors, services
from reports.document import report_from_data
from reports.kinds import KINDS
from reports.models import ReportRun
from reports.sick_leave import COLUMNS as SICK_LEAVE_COLUMNS
from reports.sick_leave import (
    MAX_UPLOAD_BYTES,
    SickLeaveImportError,
    sick_leave_import,
    sick_leave_percent,
    sick_leave_rows_from_csv,
)

ARCHIVE_SIZE = 50
FORM_FIELDS = ("kind", "organisation", "area", "year", "plan", "order", "recommendations")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _run_or_404(user: User, pk: int) -> ReportRun:
    run = selectors.run_for_user(user, pk)
    if run is None:
        raise Http404
    return run


def request_choices(user: User) -> dict[str, Any]:
    """What the "Lag rapport" form offers this user."""
    if selectors.is_report_manager(user):
        kinds = list(KINDS.items())
        organisations: QuerySet[Organisation] = access.organisations_visible_to(user)
        areas: QuerySet[ServiceArea] = access.areas_visible_to(user)
        plans: QuerySet[ActionPlan] = plans_visible_to(user)
        orders: QuerySet[Order] = orders_visible_to(user)
    else:
        area_ids = selectors.director_area_ids(user)
        kinds = (
            [(k, s) for k, s in KINDS.items() if s.area_director_may_request] if area_ids else []
        )
        areas = ServiceArea.objects.filter(pk__in=area_ids)
        organisations = Organisation.objects.filter(areas__in=areas).distinct()
        plans = plans_visible_to(user).filter(area_id__in=area_ids)
        orders = Order.objects.none()
    return {
        "kinds": kinds,
        "organisations": organisations.order_by("name"),
        "areas": areas.select_related("organisation").order_by("organisation__name", "name"),
        "plans": plans.select_related("area").order_by("area__name", "-start_year", "-version"),
        "orders": orders.order_by("-created_at")[:200],
    }


def pick(qs: QuerySet[Any], value: str, field: str, message: str) -> Any:
    """The chosen object of a form's <select>, or the field's message (a bad id too)."""
    if not value:
        return None
    obj = qs.filter(pk=int(value)).first() if is_valid_id(value) else None
    if obj is None:
        raise ApplicationError(message, field=field)
    return obj


@require_http_methods(["GET", "POST"])
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not selectors.may_see_reports(user):
        raise PermissionDenied("Rapporter er for BHT, ledelsen og AMU.")
    choices = request_choices(user)
    errors: dict[str, str] = {}
    values: dict[str, str] = {"year": str(timezone.localdate().year - 1)}
    if len(choices["organisations"]) == 1:
        values["organisation"] = str(choices["organisations"][0].pk)
    if request.method == "POST":
        if not selectors.may_request_reports(user):
            raise PermissionDenied("Du kan ikke bestille rapporter.")
        values = {k: request.POST.get(k, "").strip() for k in FORM_FIELDS}
        try:
            year = None
            if values["year"]:
                year = small_number(values["year"], digits=4)
                if year is None:
                    raise ApplicationError("Oppgi år med fire sifre.", field="year")
            run = services.report_request(
                kind=values["kind"],
                user=user,
                organisation=pick(choices["organisations"], values["organisation"],
                                   "organisation", "Velg en virksomhet fra listen."),
                area=pick(choices["areas"], values["area"], "area",
                           "Velg et tjenesteområde fra listen."),
                year=year,
                plan=pick(choices["plans"], values["plan"], "plan",
                           "Velg en handlingsplan fra listen."),
                order=pick(orders_for_pick(user), values["order"], "order",
                            "Velg en bestilling fra listen."),
                recommendations=values["recommendations"],
            )  # fmt: skip
        except ApplicationError as exc:
            errors[exc.field or "kind"] = exc.message
        else:
            return redirect("reports:run", pk=run.pk)
    runs = list(selectors.archive_queryset(user)[:ARCHIVE_SIZE])
    return render(
        request,
        "reports/index.html",
        {
            **choices,
            "may_request": selectors.may_request_reports(user),
            "is_amu": any(selectors.amu_committees(user)),
            "may_import_sick_leave": selectors.may_import_sick_leave(user),
            "is_manager": selectors.is_report_manager(user),
            "is_bht": user.is_superuser or access.is_bht_staff(user),
            "runs": runs,
            "errors": errors,
            "values": values,
        },
        status=400 if errors else 200,
    )


def orders_for_pick(user: User) -> QuerySet[Order]:
    return orders_visible_to(user) if selectors.is_report_manager(user) else Order.objects.none()


def _run_page(
    request: HttpRequest,
    run: ReportRun,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> HttpResponse:
    user = _user(request)
    amu_report = selectors.is_amu_report(run)
    return render(
        request,
        "reports/run.html",
        {
            "run": run,
            "amu_report": amu_report,
            "reviews": list(run.reviews.all()) if amu_report else [],
            "comments": list(selectors.comments_for(run)) if amu_report else [],
            "may_retry": selectors.may_request_reports(user),
            "may_comment": selectors.may_comment(user, run),
            "may_record_review": selectors.may_record_review(user, run),
            "may_release": selectors.may_release(user, run),
            "errors": errors or {},
            "values": values or {"meeting_date": timezone.localdate().isoformat()},
        },
        status=400 if errors else 200,
    )


@require_GET
@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _run_page(request, _run_or_404(_user(request), pk))


@require_POST
@login_required
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    run = _run_or_404(user, pk)
    if not selectors.may_comment(user, run):
        raise PermissionDenied(_("Du kan ikke kommentere denne rapporten."))
    text = request.POST.get("text", "")
    try:
        services.amu_comment_add(run=run, user=user, text=text)
    except ApplicationError as exc:
        return _run_page(request, run, errors={exc.field or "text": exc.message},
                         values={"text": text})  # fmt: skip
    messages.success(request, _("Kommentaren er lagret."))
    return redirect(reverse("reports:run", args=[run.pk]) + "#comments-heading")


@require_POST
@login_required
def review_record(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    run = _run_or_404(user, pk)
    # Before the input is read: a reader gets 403, not a message about a bad date.
    if not selectors.may_record_review(user, run):
        raise PermissionDenied(_("Bare utvalget rapporten gjelder kan registrere behandlingen."))
    values = {k: request.POST.get(k, "").strip() for k in ("meeting_date", "case_number",
                                                           "decision")}  # fmt: skip
    try:
        meeting_date = None
        if values["meeting_date"]:
            try:
                meeting_date = datetime.date.fromisoformat(values["meeting_date"])
            except ValueError:
                raise ApplicationError(
                    _("Oppgi datoen som dd.mm.åååå."), field="meeting_date"
                ) from None
        services.amu_review_record(
            run=run,
            user=user,
            meeting_date=meeting_date,
            case_number=values["case_number"],
            decision=values["decision"],
        )
    except ApplicationError as exc:
        return _run_page(request, run, errors={exc.field or "decision": exc.message}, values=values)
    messages.success(request, _("Behandlingen i AMU er registrert."))
    return redirect(reverse("reports:run", args=[run.pk]) + "#review-heading")


@require_GET
@login_required
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    run = _run_or_404(user, pk)
    return render(
        request,
        "reports/_run_status.html",
        {"run": run, "may_retry": selectors.may_request_reports(user)},
    )


@require_POST
@login_required
def run_retry(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    run = _run_or_404(user, pk)
    with contextlib.suppress(ApplicationError):
        services.report_retry(run=run, user=user)
    return redirect("reports:run", pk=run.pk)


@require_GET
@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    user = _user(request)
    opened = services.report_file_open(user=user, run=_run_or_404(user, pk), file_format=fmt)
    if opened is None:
        raise Http404
    return FileResponse(opened[0], as_attachment=True, filename=opened[1])


@require_GET
@login_required
def view_html(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as a web page, rendered from the document stored when the run was
    made (the same figures as its files), never recomputed from today's data."""
    run = _run_or_404(_user(request), pk)
    if run.document is None:
        raise Http404(_("Rapporten har ikke noe lagret dokument."))
    report = report_from_data(run.document)
    return render(
        request,
        "reports/view.html",
        {
            "run": run,
            "report": report,
            # Rendered by the report's own template (autoescaped there).
            "document": mark_safe(renderers.to_html(report, standalone=False)),  # noqa: S308
        },
    )


@require_POST
@login_required
def run_release(request: HttpRequest, pk: int) -> HttpResponse:
    """The BHT manager releases a committee report to its committee."""
    user = _user(request)
    run = _run_or_404(user, pk)
    if not selectors.is_releaser(user, run):
        raise PermissionDenied(_("Bare leder av BHT kan frigi rapporten til utvalget."))
    try:
        services.report_release(run=run, user=user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Rapporten er frigitt til utvalget."))
    return redirect("reports:run", pk=run.pk)


@require_http_methods(["GET", "POST"])
@login_required
def sick_leave_upload(request: HttpRequest) -> HttpResponse:
    """The BHT manager imports sick-leave figures from HR (all rows or none)."""
    user = _user(request)
    if not selectors.may_import_sick_leave(user):
        raise PermissionDenied(_("Bare leder av BHT kan importere sykefraværstall."))
    organisations = access.organisations_visible_to(user).order_by("name")
    errors: dict[str, str] = {}
    row_errors: list[str] = []
    values = {"organisation": str(organisations[0].pk) if len(organisations) == 1 else ""}
    if request.method == "POST":
        values = {"organisation": request.POST.get("organisation", "")}
        upload = request.FILES.get("file")
        try:
            organisation = pick(organisations, values["organisation"], "organisation",
                                 _("Velg en virksomhet fra listen."))  # fmt: skip
            if organisation is None:
                raise ApplicationError(_("Velg en virksomhet."), field="organisation")
            if upload is None:
                raise ApplicationError(_("Velg en CSV-fil å laste opp."), field="file")
            validate_upload(upload, extensions=("csv", "txt"), limit=MAX_UPLOAD_BYTES)
            result = sick_leave_import(
                organisation=organisation, rows=sick_leave_rows_from_csv(upload.read())
            )
        except SickLeaveImportError as exc:
            row_errors = exc.errors
            errors["file"] = _("Ingenting er lagret. Rett feilene i filen og prøv igjen.")
        except ApplicationError as exc:
            errors[exc.field or "file"] = exc.message
        else:
            messages.success(
                request,
                _("Importert %(rows)s rader for %(org)s: %(new)s nye, %(upd)s oppdatert.")
                % {
                    "rows": result.rows,
                    "org": organisation.name,
                    "new": result.created,
                    "upd": result.updated,
                },
            )
            return redirect("reports:sick-leave")
    periods = selectors.sick_leave_periods(user)
    for period in periods:
        lost = (period["lost_self"] or 0) + (period["lost_doctor"] or 0)
        period["percent"] = sick_leave_percent(lost, period["agreed"] or 0)
    return render(
        request,
        "reports/sick_leave_upload.html",
        {
            "organisations": organisations,
            "errors": errors,
            "row_errors": row_errors,
            "values": values,
            "periods": periods,
            "columns": SICK_LEAVE_COLUMNS,
        },
        status=400 if errors else 200,
    )
