"""HTML pages of the core domain: the service catalogue, the organisation tree and its
main contacts, the BHT's profile and the access log. The start pages are the
project's (bht/views.py).

Views stay thin: they read through `selectors`/`access`, write through `services`,
and render. Who may see what is decided there, never in a template.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import access, exports, selectors, services
from core.errors import ApplicationError
from core.forms import AccessLogFilterForm, MainContactForm
from core.models import ServiceArea, User

# GET ?type= on the catalogue.
CATALOGUE_FILTERS = ("statutory", "extra")


def _user(request: HttpRequest) -> User:
    # @login_required has run: the user is a real User.
    return request.user  # type: ignore[return-value]


@require_GET
@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    kind = request.GET.get("type", "")
    if kind not in CATALOGUE_FILTERS:
        kind = ""
    groups = selectors.service_catalogue()
    if kind:
        wanted = kind == "statutory"
        groups = [
            selectors.CatalogueGroup(
                g.competence_area, [s for s in g.services if s.is_statutory == wanted]
            )
            for g in groups
        ]
        groups = [g for g in groups if g.services]
    return render(
        request,
        "bht/catalogue.html",
        {
            "groups": groups,
            "kind": kind,
            "service_count": sum(len(g.services) for g in groups),
            "main_contact": selectors.main_contact_for(user),
            "action": selectors.catalogue_action_for(user),
        },
    )


@require_GET
@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = list(
        access.organisations_visible_to(_user(request))
        .annotate(area_count=Count("areas"))
        .order_by("name")
    )
    if len(organisations) == 1:
        return redirect("organisation-detail", slug=organisations[0].slug)
    return render(request, "bht/organisation_list.html", {"organisations": organisations})


@require_GET
@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    user = _user(request)
    organisation = get_object_or_404(access.organisations_visible_to(user), slug=slug)
    areas = selectors.organisation_tree(user=user, organisation=organisation)
    return render(
        request,
        "bht/organisation_detail.html",
        {
            "organisation": organisation,
            "areas": areas,
            "several_organisations": access.organisations_visible_to(user)
            .exclude(pk=organisation.pk)
            .exists(),
        },
    )


def _area_or_404(user: User, slug: str, pk: int) -> ServiceArea:
    """The area, if the user may see it; 404 otherwise (never reveal that it exists)."""
    return get_object_or_404(
        access.areas_visible_to(user).select_related("organisation", "director"),
        organisation__slug=slug,
        pk=pk,
    )


def _render_area(
    request: HttpRequest, area: ServiceArea, form: MainContactForm | None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    may_assign = access.may_assign_main_contact(user)
    if form is None and may_assign:
        form = MainContactForm()
    history = list(selectors.main_contact_history(area=area))
    current = next((c for c in history if c.valid_to is None), None)
    return render(
        request,
        "bht/area_detail.html",
        {
            "organisation": area.organisation,
            "area": area,
            "units": selectors.area_units(user=user, area=area),
            "main_contact": current,
            "history": history,
            "form": form if may_assign else None,
        },
        status=status,
    )


@require_GET
@login_required
def area_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    area = _area_or_404(_user(request), slug, pk)
    return _render_area(request, area, form=None)


@require_POST
@login_required
def area_main_contact(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = _user(request)
    area = _area_or_404(user, slug, pk)
    if not access.may_assign_main_contact(user):
        raise PermissionDenied(_("Bare leder av BHT kan bytte hovedkontakt."))
    form = MainContactForm(request.POST)
    if form.is_valid():
        advisor = form.cleaned_data["advisor"]
        try:
            services.main_contact_assign(
                advisor=advisor,
                area=area,
                valid_from=form.cleaned_data["valid_from"],
                by=user,
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("%(advisor)s er hovedkontakt for %(area)s fra %(date)s.")
                % {
                    "advisor": advisor.user,
                    "area": area.name,
                    "date": form.cleaned_data["valid_from"].strftime("%d.%m.%Y"),
                },
            )
            return redirect("area-detail", slug=slug, pk=area.pk)
    return _render_area(request, area, form=form, status=400)


@require_GET
@login_required
def bht_profile(request: HttpRequest) -> HttpResponse:
    if not access.is_bht_staff(_user(request)):
        raise PermissionDenied(_("Siden er bare for ansatte i BHT."))
    profile = selectors.bht_profile()
    return render(
        request,
        "bht/bht_profile.html",
        {
            "profile": profile,
            "approval_status": profile.approval_status() if profile is not None else None,
            "staffing": selectors.bht_staffing(),
            "min_fte_total": selectors.APPROVAL_MIN_FTE_TOTAL,
            "min_fte_area": selectors.APPROVAL_MIN_FTE_PER_AREA,
        },
    )


ACCESS_LOG_PAGE_SIZE = 50
ACCESS_LOG_HEADER = ["Tidspunkt", "Bruker", "Brukernavn", "Handling", "Type", "Objekt-id", "Objekt"]


def _type_label(row: Any) -> str:
    model = row.content_type.model_class()
    return str(model._meta.verbose_name).capitalize() if model else row.content_type.model


def _access_log_export_rows(rows: Any) -> Any:
    for row in rows.iterator(chunk_size=2000):
        yield [
            timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M:%S"),
            row.user.get_full_name() or row.user.username,
            row.user.username,
            row.get_action_display(),
            _type_label(row),
            row.object_id,
            row.object_label,
        ]


@require_GET
@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """Tilgangslogg: who read which confidential order or inquiry, when; per object
    and per user, with CSV and Excel export. For the BHT manager only."""
    user = _user(request)
    if not selectors.may_view_access_log(user):
        raise PermissionDenied(_("Tilgangsloggen er bare for leder av BHT."))
    form = AccessLogFilterForm(request.GET or None, viewer=user)
    rows = selectors.access_log_rows(viewer=user, **(form.filters() if form.is_bound else {}))
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        stamp = timezone.localdate().isoformat()
        if fmt == "csv":
            body = exports.csv_bytes(ACCESS_LOG_HEADER, _access_log_export_rows(rows))
            content_type = "text/csv; charset=utf-8"
        else:
            body = exports.xlsx_bytes(
                "Tilgangslogg", ACCESS_LOG_HEADER, _access_log_export_rows(rows)
            )
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="tilgangslogg-{stamp}.{fmt}"'
        return response
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    page = Paginator(rows, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row.type_label = _type_label(row)
    # Reached from an object's page: say which case the list is about.
    one_object = form.is_bound and form.is_valid() and bool(form.cleaned_data["id"])
    return render(
        request,
        "bht/access_log.html",
        {
            "form": form,
            "page": page,
            "query": params.urlencode(),
            "object_label": rows.first().object_label if one_object and rows.exists() else "",
        },
    )
