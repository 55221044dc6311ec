"""The start pages: "/" for every role and "Bestill bistand" (/bestill/). They gather
what each person's day needs from the apps; they belong to the project, not to the
core domain, because they link into orders and time tracking.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bht import navigation, waiting
from core import access, selectors
from core.models import Role, ServiceArea, User
from orders import rules as order_rules
from orders import selectors as order_selectors

LEADER_ROLES = (Role.DEPARTMENT_LEADER, Role.UNIT_LEADER, Role.AREA_DIRECTOR)
OVERVIEW_ROLES = (Role.EXECUTIVE, Role.AMU_MEMBER)


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
        "waiting": waiting.waiting_for(user),
        "may_order": order_rules.may_create_orders(user),
        "may_ask": not is_bht and order_selectors.may_request_advice(user),
    }
    return render(request, "bht/home.html", context)


@require_GET
@login_required
def order_start(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "bht/order_start.html",
        {
            "main_contact": selectors.main_contact_for(user),
            "home_area": _home_area(user),
            # Only the doors this person may open: no button that answers 403.
            "may_order": order_rules.may_create_orders(user),
            "may_ask": not access.is_bht_staff(user) and order_selectors.may_request_advice(user),
            "follows_orders": access.has_role(user, *navigation.ORDER_LIST_ROLES),
        },
    )


def _home_area(user: User) -> ServiceArea | None:
    department = selectors.home_department_for(user)
    return department.unit.area if department is not None else selectors.home_area_for(user)
