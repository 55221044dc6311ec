"""HTML pages of the core app: start page, catalogue, organisation, BHT profile.

Views stay thin: they read through `selectors`/`access`, write through `services`,
and render. Who may see what is decided there, never in a template.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bht import access, selectors, services
from bht.errors import ApplicationError
from bht.forms import MainContactForm
from bht.models import Role, ServiceArea, User

LEADER_ROLES = (Role.DEPARTMENT_LEADER, Role.UNIT_LEADER, Role.AREA_DIRECTOR)
OVERVIEW_ROLES = (Role.EXECUTIVE, Role.AMU_MEMBER)

# GET ?type= on the catalogue.
CATALOGUE_FILTERS = ("statutory", "extra")


def _user(request: HttpRequest) -> User:
    # @login_required has run: the user is a real User.
    return request.user  # type: ignore[return-value]


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    scope = access.scope_for(user)
    department = selectors.home_department_for(user)
    unit = department.unit if department is not None else selectors.home_unit_for(user)
    area = unit.area if unit is not None else selectors.home_area_for(user)
    is_bht = access.is_bht_staff(user)
    is_advisor = scope.has_role(Role.BHT_ADVISOR, Role.BHT_MANAGER)
    profile = selectors.bht_profile() if scope.has_role(Role.BHT_MANAGER) else None
    context = {
        "main_contact": selectors.main_contact_for(user),
        "home_department": department,
        "home_unit": unit,
        "home_area": area,
        "is_leader": scope.has_role(*LEADER_ROLES),
        "is_bht": is_bht,
        "sees_overview": scope.has_role(*OVERVIEW_ROLES),
        "is_advisor": is_advisor,
        "advisor_areas": list(selectors.areas_where_main_contact(user)) if is_advisor else [],
        "approval_profile": profile,
        "approval_status": profile.approval_status() if profile is not None else None,
        "roles": [Role(code).label for code in sorted(scope.roles)],
    }
    return render(request, "bht/home.html", context)


@require_GET
@login_required
def order_start(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "bht/order_start.html",
        {"main_contact": selectors.main_contact_for(user), "home_area": _home_area(user)},
    )


def _home_area(user: User) -> ServiceArea | None:
    department = selectors.home_department_for(user)
    return department.unit.area if department is not None else selectors.home_area_for(user)


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
