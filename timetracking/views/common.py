"""What the time tracking pages share: the user, the advisor whose hours they are, targets
in scope (404) and the timesheet's address."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from actionplans.models import PlanItem
from core import access
from core.models import Advisor, User
from orders.selectors import orders_visible_to
from timetracking import selectors
from timetracking.models import InternalActivity

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


def _require_manager(user: User) -> None:
    if not selectors.is_manager(user):
        raise PermissionDenied(_("Bare leder av BHT godkjenner timer og låser måneder."))
