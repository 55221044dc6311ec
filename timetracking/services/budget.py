"""Budget alerts: the main contact hears once when a plan item or an order crosses 80 and
100 per cent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from actionplans.models import PlanItem
from core.models import MainContact, User
from core.notifications import absolute_url, notify
from orders.models import Billing, Order
from timetracking import selectors
from timetracking.models import (
    BudgetAlert,
    BudgetThreshold,
    TimeEntry,
)

from .checks import _fmt


def budget_check(entry: TimeEntry) -> None:
    """Send each 80 % / 100 % alert once: for the plan item the entry counts
    against, and for an extra-sale order's accepted estimate."""
    item_id = entry.plan_item_id
    if item_id is None and entry.order is not None:
        item_id = entry.order.plan_item_id
    if item_id is not None:
        _plan_item_alerts(item_id, entry.plan_item if entry.plan_item_id == item_id else None)
    if entry.order_id is not None and entry.billing == Billing.EXTRA_SALE:
        _order_alerts(entry.order)  # type: ignore[arg-type]


def _crossed(used: Decimal, budget: Decimal | None) -> list[int]:
    if not budget or budget <= 0:
        return []
    return [t for t in BudgetThreshold.values if used * 100 >= budget * t]


def _unsent(thresholds: list[int], **target: Any) -> list[int]:
    """The crossed thresholds whose alert is not sent yet: one query, not a
    get_or_create per threshold on every write once a budget is used up."""
    if not thresholds:
        return []
    sent = set(BudgetAlert.objects.filter(**target).values_list("threshold", flat=True))
    return [t for t in thresholds if t not in sent]


def _send_alert_once(**target: Any) -> bool:
    """True if this call created the alert (and so must send it)."""
    try:
        with transaction.atomic():
            _alert, created = BudgetAlert.objects.get_or_create(**target)
    except IntegrityError:  # a concurrent entry sent it first
        return False
    return created


def _area_main_contact(area_id: int) -> User | None:
    contact = (
        MainContact.objects.current()
        .filter(area_id=area_id)
        .select_related("advisor__user")
        .first()
    )
    return contact.advisor.user if contact is not None else None


def _plan_item_alerts(item_id: int, item: PlanItem | None = None) -> None:
    budget = (
        item.budget_hours
        if item is not None
        else (PlanItem.objects.values_list("budget_hours", flat=True).get(pk=item_id))
    )
    used = selectors.plan_item_hours_used([item_id])[item_id]
    unsent = _unsent(_crossed(used, budget), plan_item_id=item_id)
    if unsent:  # the names and recipients only when an alert goes out
        item = PlanItem.objects.select_related("plan__area", "advisor__user").get(pk=item_id)
    for threshold in unsent:
        assert item is not None
        if not _send_alert_once(plan_item=item, threshold=threshold):
            continue
        recipients = [
            item.advisor.user if item.advisor else None,
            _area_main_contact(item.plan.area_id),
        ]
        notify(
            recipients=recipients,
            subject=_("Tiltaket «%(item)s» har brukt %(pct)s %% av timebudsjettet")
            % {"item": item.title, "pct": threshold},
            body=_(
                "Tiltaket «%(item)s» i handlingsplanen for %(area)s har brukt %(used)s av "
                "%(budget)s timer. Timer over budsjettet er fortsatt fastpris, men rapporteres "
                "som overforbruk.\n\n%(url)s"
            )
            % {
                "item": item.title,
                "area": item.plan.area.name,
                "used": _fmt(used),
                "budget": _fmt(item.budget_hours),
                "url": absolute_url(f"/handlingsplaner/{item.plan_id}/"),
            },
        )


def _order_alerts(order: Order) -> None:
    if not order.estimated_hours:
        return
    used = selectors.totals_by_order([order.pk])[order.pk]
    for threshold in _unsent(_crossed(used, order.estimated_hours), order_id=order.pk):
        if not _send_alert_once(order=order, threshold=threshold):
            continue
        lead = order.lead_advisor.user if order.lead_advisor_id else None  # type: ignore[union-attr]
        if threshold < 100:
            subject = _("%(ref)s nærmer seg estimatet (%(pct)s %%)")
        else:
            subject = _("%(ref)s har nådd estimatet (%(pct)s %%)")
        notify(
            recipients=[lead],
            subject=subject % {"ref": order.reference, "pct": threshold},
            body=_(
                "Det er ført %(used)s av %(estimate)s estimerte timer på mersalgsbestillingen "
                "%(ref)s. Avtal et nytt estimat med bestilleren før det passeres.\n\n%(url)s"
            )
            % {
                "used": _fmt(used),
                "estimate": _fmt(order.estimated_hours),
                "ref": order.reference,
                "url": absolute_url(f"/bestillinger/{order.pk}/"),
            },
        )
