"""Pages: trends over years per area, and the import of reference figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import access
from core.errors import ApplicationError
from core.models import Organisation, ServiceArea, User
from core.parsing import is_valid_id
from core.uploads import validate_upload
from reports import selectors
from reports.models import ReferenceFigure
from reports.reference import (
    MAX_UPLOAD_BYTES,
    ReferenceImportError,
    reference_import,
    reference_rows_from_csv,
)
from reports.trends import trend_years, trends


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@require_GET
@login_required
def trends_page(request: HttpRequest) -> HttpResponse:
    """Directors (their areas), AMU, executives and the BHT: five years per area."""
    user = _user(request)
    if not selectors.may_see_reports(user):
        raise PermissionDenied(_("Trender er for BHT, ledelsen og AMU."))
    director_areas = selectors.director_area_ids(user)
    areas = access.areas_visible_to(user).select_related("organisation")
    organisations = access.organisations_visible_to(user)
    if director_areas and not selectors.is_report_manager(user):
        areas = ServiceArea.objects.filter(pk__in=director_areas).select_related("organisation")
        organisations = Organisation.objects.filter(areas__in=areas).distinct()
    areas = areas.order_by("organisation__name", "name")
    raw = request.GET.get("area", "")
    area = areas.filter(pk=int(raw)).first() if is_valid_id(raw) else None
    organisation = area.organisation if area else organisations.order_by("name").first()
    if area is None and director_areas and not selectors.is_report_manager(user):
        area = areas.first()  # a director sees their area, not the whole organisation
    years = trend_years(timezone.localdate().year)
    series = trends(organisation=organisation, area=area, years=years) if organisation else []
    return render(
        request,
        "reports/trends.html",
        {
            "areas": areas,
            "area": area,
            "organisation": organisation,
            "years": years,
            "series": series,
            "whole_allowed": not (director_areas and not selectors.is_report_manager(user)),
            "may_import": selectors.may_import_sick_leave(user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def reference_upload(request: HttpRequest) -> HttpResponse:
    """The BHT manager imports published reference figures (all rows or none)."""
    user = _user(request)
    if not selectors.may_import_sick_leave(user):
        raise PermissionDenied(_("Bare leder av BHT kan importere referansetall."))
    errors: dict[str, str] = {}
    row_errors: list[str] = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ApplicationError(_("Velg en CSV-fil å laste opp."), field="file")
            validate_upload(upload, extensions=("csv", "txt"), limit=MAX_UPLOAD_BYTES)
            result = reference_import(rows=reference_rows_from_csv(upload.read()))
        except ReferenceImportError as exc:
            row_errors = exc.errors
            errors["file"] = _("Ingenting er lagret. Rett feilene i filen og prøv igjen.")
        except ApplicationError as exc:
            errors[exc.field or "file"] = exc.message
        else:
            messages.success(
                request,
                _("Importert %(rows)s rader: %(new)s nye, %(upd)s oppdatert.")
                % {"rows": result.rows, "new": result.created, "upd": result.updated},
            )
            return redirect("reports:reference")
    return render(
        request,
        "reports/reference_upload.html",
        {
            "figures": ReferenceFigure.objects.order_by("source", "sector", "-year")[:200],
            "errors": errors,
            "row_errors": row_errors,
        },
        status=400 if errors else 200,
    )
