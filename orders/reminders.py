"""Weekly reminder: sent orders that have waited longer than the SLA for an answer.

Each Monday (bht/celery.py) the BHT's managers of every organisation with such
orders get one list: reference, area and working days waited. Confidential
orders appear by reference only (no title), as everywhere else.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from core.models import Organisation, Role
from core.notifications import absolute_url, notify
from core.selectors import bht_staff_serving
from orders.models import Order, OrderStatus
from orders.selectors import decorate_rows, order_list_queryset


def overdue_orders(*, now: datetime.datetime | None = None) -> list[Order]:
    """Sent, unanswered orders past their organisation's SLA, oldest first."""
    rows = decorate_rows(
        list(
            order_list_queryset(Order.objects.filter(status=OrderStatus.SUBMITTED)).order_by(
                "submitted_at", "pk"
            )
        ),
        now=now,
    )
    return [order for order in rows if order.overdue]  # type: ignore[attr-defined]


def overdue_order_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Sends the reminders; returns the number of overdue orders."""
    by_organisation: dict[Organisation, list[Order]] = defaultdict(list)
    for order in overdue_orders(now=now):
        by_organisation[order.organisation].append(order)
    url = absolute_url(reverse("orders:queue"))
    for organisation, orders in by_organisation.items():
        lines = [
            _("%(ref)s – %(title)s (%(area)s): %(days)s arbeidsdager")
            % {
                "ref": order.reference,
                "title": order.display_title,  # type: ignore[attr-defined]
                "area": order.area.name,
                "days": order.waited_days,  # type: ignore[attr-defined]
            }
            for order in orders
        ]
        notify(
            recipients=bht_staff_serving(organisation, Role.BHT_MANAGER),
            subject=_("%(org)s: %(count)s bestillinger venter på svar ut over fristen")
            % {"org": organisation.name, "count": len(orders)},
            body=_("Fristen er %(sla)s arbeidsdager.\n\n%(lines)s\n\nArbeidskøen: %(url)s\n")
            % {"sla": organisation.sla_working_days, "lines": "\n".join(lines), "url": url},
        )
    return sum(len(orders) for orders in by_organisation.values())
