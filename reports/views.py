"""Report pages: request a report, the archive, a run with live progress, downloads."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actionplans.models import ActionPlan
from actionplans.selectors import plans_visible_to
from bht import access
from bht.errors import ApplicationError
from bht.models import Organisation, ServiceArea, User
from orders.models import Order
from orders.selectors import orders_visible_to
from reports import render as renderers
from reports import selectors, services
from reports.kinds import KINDS
from reports.models import ReportRun

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


def _pick(qs: QuerySet[Any], value: str, field: str, message: str) -> Any:
    if not value:
        return None
    obj = qs.filter(pk=int(value)).first() if value.isdigit() else None
    if obj is None:
        raise ApplicationError(message, field=field)
    return obj


@require_http_methods(["GET", "POST"])
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not selectors.may_see_reports(user):
        raise PermissionDenied("Rapporter er for BHT, kommunalsjefer og AMU.")
    choices = request_choices(user)
    errors: dict[str, str] = {}
    values: dict[str, str] = {"year": str(timezone.localdate().year - 1)}
    if request.method == "POST":
        if not selectors.may_request_reports(user):
            raise PermissionDenied("Du kan ikke bestille rapporter.")
        values = {k: request.POST.get(k, "").strip() for k in FORM_FIELDS}
        try:
            year = None
            if values["year"]:
                if not values["year"].isdigit():
                    raise ApplicationError("Oppgi år med fire sifre.", field="year")
                year = int(values["year"])
            run = services.report_request(
                kind=values["kind"],
                user=user,
                organisation=_pick(choices["organisations"], values["organisation"],
                                   "organisation", "Velg en virksomhet fra listen."),
                area=_pick(choices["areas"], values["area"], "area",
                           "Velg et tjenesteområde fra listen."),
                year=year,
                plan=_pick(choices["plans"], values["plan"], "plan",
                           "Velg en handlingsplan fra listen."),
                order=_pick(orders_for_pick(user), values["order"], "order",
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
            "runs": runs,
            "errors": errors,
            "values": values,
        },
        status=400 if errors else 200,
    )


def orders_for_pick(user: User) -> QuerySet[Order]:
    return orders_visible_to(user) if selectors.is_report_manager(user) else Order.objects.none()


@require_GET
@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run_or_404(_user(request), pk)
    return render(request, "reports/run.html", {"run": run})


@require_GET
@login_required
def run_status(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run_or_404(_user(request), pk)
    return render(request, "reports/_run_status.html", {"run": run})


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
    run = _run_or_404(_user(request), pk)
    file = next((f for f in run.files.all() if f.format == fmt), None)
    if file is None or not file.file.storage.exists(file.file.name):
        raise Http404
    name = f"{run.get_kind_display()} {run.year or run.pk}.{fmt}".replace("/", "-")
    return FileResponse(file.file.open("rb"), as_attachment=True, filename=name)


@require_GET
@login_required
def view_html(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as a web page, computed from today's data."""
    run = _run_or_404(_user(request), pk)
    try:
        report = KINDS[run.kind].compute(run)
    except Exception as exc:  # the same failure a run would show
        raise Http404(str(exc)) from exc
    return HttpResponse(renderers.to_html(report))
