"""What the action plan pages share: the user, the plan in scope (404), periods and form
errors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from actionplans import selectors
from actionplans.models import ActionPlan
from core.errors import ApplicationError
from core.forms import add_application_error
from core.models import User


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _plan_or_404(user: User, pk: int) -> ActionPlan:
    return get_object_or_404(
        selectors.plans_visible_to(user).select_related("area__director"), pk=pk
    )


def _periods() -> list[int]:
    current = selectors.period_start(timezone.localdate().year)
    return [current, current + 2]


def _form_error(form: Any, error: ApplicationError) -> None:
    add_application_error(form, error)
