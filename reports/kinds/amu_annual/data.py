"""The year's data for the annual report, queried once and shared by its sections."""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from actionplans.models import ActionPlan, PlanStatus
from core.models import (
    Headcount,
    Organisation,
    ServiceArea,
    StatutoryCode,
)
from orders.models import (
    NOT_SURE,
    Billing,
    Inquiry,
    Order,
    OrderFeedback,
)
from orders.working_days import working_days_between
from reports.kinds._figures import (
    SUPPRESSED,
    is_small,
    nearest_rank,
    percent,
    suppress,
)
from timetracking.models import TimeEntry

KIND = "amu_annual"


ZERO = Decimal(0)


STATUTORY_LETTERS = [c for c in StatutoryCode if c != StatutoryCode.EXTRA]


NO_SERVICE = "Tjeneste ikke angitt"


NO_CATEGORY = "Uten kategori"


ANSWERS = (1, 2, 3, 4, 5, NOT_SURE)


class _Data:
    """The querysets of the year and the few lookups every section shares."""

    def __init__(
        self, organisation: Organisation, year: int, area: ServiceArea | None = None
    ) -> None:
        self.organisation = organisation
        self.year = year
        self.area = area
        self.year_end = datetime.date(year, 12, 31)
        areas = ServiceArea.objects.filter(organisation=organisation)
        if area is not None:
            areas = areas.filter(pk=area.pk)
        self.areas: list[ServiceArea] = list(areas.order_by("name"))
        self.orders: QuerySet[Order] = Order.objects.filter(
            organisation=organisation, submitted_at__year=year
        )
        self.inquiries: QuerySet[Inquiry] = Inquiry.objects.filter(
            organisation=organisation, received_at__year=year
        ).annotate(area_ref=Coalesce("area_id", "unit__area_id", "department__unit__area_id"))
        self.entries: QuerySet[TimeEntry] = (
            TimeEntry.objects.filter(area__organisation=organisation, date__year=year)
            .exclude(billing=Billing.INTERNAL)
            .annotate(
                code=Coalesce(
                    "order__service__statutory_code", "plan_item__service__statutory_code"
                )
            )
        )
        self.feedback: QuerySet[OrderFeedback] = OrderFeedback.objects.filter(
            order__organisation=organisation, created_at__year=year
        )
        if area is not None:
            self.orders = self.orders.filter(area=area)
            self.inquiries = self.inquiries.filter(area_ref=area.pk)
            self.entries = self.entries.filter(area=area)
            self.feedback = self.feedback.filter(order__area=area)
        counts = Headcount.objects.filter(year=year).filter(
            Q(organisation=organisation) | Q(area__organisation=organisation)
        )
        self.org_employees = organisation.employees
        self.area_employees = {a.pk: a.employees for a in self.areas}
        for row in counts.values("organisation_id", "area_id", "employees"):
            if row["organisation_id"]:
                self.org_employees = row["employees"]
            elif row["area_id"] in self.area_employees:
                self.area_employees[row["area_id"]] = row["employees"]
        if area is not None:
            # The report's whole is the area.
            self.org_employees = self.area_employees.get(area.pk, 0)
        self.plans = self._plans()

    def count(self, n: int) -> int | str:
        """A case count as shown: in an area report every count is a breakdown below
        organisation level, so 1–4 show as "<5"."""
        return suppress(n) if self.area is not None else n

    def _plans(self) -> dict[int, ActionPlan]:
        """The approved plan covering the year in each area (the newest version)."""
        plans = ActionPlan.objects.filter(
            area__in=self.areas,
            status__in=[PlanStatus.APPROVED, PlanStatus.CLOSED],
            superseded_at__isnull=True,
            start_year__lte=self.year,
            end_year__gte=self.year,
        ).order_by("area_id", "-version")
        by_area: dict[int, ActionPlan] = {}
        for plan in plans:
            by_area.setdefault(plan.area_id, plan)
        return by_area

    @cached_property
    def response_days(self) -> tuple[list[int], list[int]]:
        return _response_days(self)

    @cached_property
    def hours_by_code(self) -> dict[str | None, Decimal]:
        """Hours delivered per § 13-2 letter ("extra" for additional services, None
        where the service has no letter): the prevention section and the trends."""
        return {
            row["code"]: row["total"]
            for row in self.entries.order_by().values("code").annotate(total=Sum("hours"))
        }

    @cached_property
    def area_hours(self) -> dict[int, dict[str, Any]]:
        """Hours per area by billing and by kind of service, and the extra sale's
        amount: one scan of the year's entries for the key figures, the hours
        and the costs (three scans had cost 1.6 × the hand-written SQL)."""
        amount = ExpressionWrapper(
            F("hours") * F("order__hourly_rate"),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        )
        extra = Q(billing=Billing.EXTRA_SALE)
        return {
            row["area_id"]: row
            for row in self.entries.order_by()
            .values("area_id")
            .annotate(
                fixed=Sum("hours", filter=Q(billing=Billing.FIXED_PRICE)),
                extra=Sum("hours", filter=extra),
                statutory=Sum("hours", filter=Q(code__in=[c.value for c in STATUTORY_LETTERS])),
                additional=Sum("hours", filter=Q(code=StatutoryCode.EXTRA)),
                unknown=Sum("hours", filter=Q(code__isnull=True)),
                total=Sum("hours"),
                extra_amount=Sum(amount, filter=extra),
            )
        }


def _response_days(data: _Data) -> tuple[list[int], list[int]]:
    """Working days to first answer, for the answered orders and inquiries of the year."""
    orders = data.orders.filter(Q(accepted_at__isnull=False) | Q(declined_at__isnull=False))
    order_days = [
        working_days_between(submitted, accepted or declined)
        for submitted, accepted, declined in orders.values_list(
            "submitted_at", "accepted_at", "declined_at"
        )
    ]
    inquiry_days = [
        working_days_between(received, responded)
        for received, responded in data.inquiries.filter(responded_at__isnull=False).values_list(
            "received_at", "responded_at"
        )
    ]
    return order_days, inquiry_days


def _response_row(label: str, days: list[int], sla: int, data: _Data | None = None) -> list[Any]:
    within = sum(1 for d in days if d <= sla)
    share = percent(within, len(days))
    if data is not None and data.area is not None and is_small(len(days)):
        # Too few cases in an area report: neither the count nor figures from them.
        return [label, SUPPRESSED, None, None, None]
    return [
        label,
        len(days),
        nearest_rank(days, 50),
        nearest_rank(days, 90),
        share,
    ]
