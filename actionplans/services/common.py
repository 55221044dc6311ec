"""What every plan write shares: locking, history records, notices and the checks of area,
service and target."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import rules
from actionplans.models import (
    ActionPlan,
    PlanApproval,
)
from core import access
from core.errors import ApplicationError
from core.models import (
    Department,
    MainContact,
    Service,
    ServiceArea,
    ServiceUnit,
    User,
)
from core.notifications import absolute_url, notify


def _hours(value: Decimal | None, *, field: str, required: bool = True) -> Decimal | None:
    if value is None:
        if required:
            raise ApplicationError(_("Oppgi antall timer."), field=field)
        return None
    return _whole_or_half(value, field=field)


def _whole_or_half(value: Decimal | None, *, field: str) -> Decimal:
    if value is None:
        raise ApplicationError(_("Oppgi antall timer."), field=field)
    value = Decimal(value)
    if value <= 0:
        raise ApplicationError(_("Timene må være flere enn null."), field=field)
    if (value * 2) % 1 != 0:
        raise ApplicationError(_("Oppgi hele eller halve timer."), field=field)
    return value


def _lock(plan: ActionPlan) -> ActionPlan:
    """Reload the plan under a row lock, so that two steps cannot race."""
    return (
        ActionPlan.objects.select_for_update().select_related("area__organisation").get(pk=plan.pk)
    )


def _record(plan: ActionPlan, stage: str, by: User, **values: Any) -> PlanApproval:
    return PlanApproval.objects.create(plan=plan, stage=stage, by=by, at=timezone.now(), **values)


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


def _diff(obj: Any, values: dict[str, Any]) -> dict[str, list[str]]:
    """{field: [old, new]} for the values that differ from `obj`'s."""
    return {
        name: [_text(getattr(obj, name)), _text(value)]
        for name, value in values.items()
        if getattr(obj, name) != value
    }


def _plan_url(plan: ActionPlan) -> str:
    return absolute_url(reverse("actionplans:plan", args=[plan.pk]))


def _main_contact_user(area_id: int) -> User | None:
    contact = (
        MainContact.objects.current()
        .filter(area_id=area_id)
        .select_related("advisor__user")
        .first()
    )
    return contact.advisor.user if contact else None


def _notify_plan(plan: ActionPlan, recipients: list[User | None], subject: str) -> None:
    notify(
        recipients=recipients,
        subject=subject,
        body=_("%(subject)s\n\nHandlingsplan: %(plan)s\n%(url)s\n")
        % {"subject": subject, "plan": plan, "url": _plan_url(plan)},
    )


def _check_area_director(user: User, area: ServiceArea) -> None:
    if not rules.is_director_of(user, area.pk):
        raise PermissionDenied(_("Bare kommunalsjefen for området kan gjøre dette."))


def _active_service(service: Service) -> Service:
    if not service.is_active:
        raise ApplicationError(_("Tjenesten er ikke lenger i tilbudet."), field="service")
    return service


def _check_target(area_id: int, unit: ServiceUnit | None, department: Department | None) -> None:
    if unit is not None and unit.area_id != area_id:
        raise ApplicationError(_("Tjenesteområdet hører ikke til planens område."), field="unit")
    if department is not None:
        if unit is None:
            raise ApplicationError(_("Velg tjenesteområdet til avdelingen."), field="unit")
        if department.unit_id != unit.pk:
            raise ApplicationError(
                _("Avdelingen hører ikke til tjenesteområdet."), field="department"
            )


def scoped_area_or_none(user: User, area_id: int) -> ServiceArea | None:
    return access.areas_visible_to(user).filter(pk=area_id).first()
