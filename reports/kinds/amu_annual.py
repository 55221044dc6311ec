"""`amu_annual`: the BHT's annual report to hoved-AMU for one organisation and year.

The sections follow DESIGN.md §7. Every figure is aggregated in the database
(a fixed number of queries, whatever the data size); response times are the
one exception computed in Python, because working days skip Norwegian public
holidays (orders.working_days), from one query per kind of request.

Conventions used throughout (stated in the report too):
- the year's orders are those *submitted* in the year, inquiries those
  *received* in the year, hours those *dated* in the year (internal time left out);
- response-time percentiles use the nearest-rank method (reports.kinds._figures);
- case counts below organisation level with 1–4 cases show "<5" (DESIGN.md §6).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from actionplans.models import ActionPlan, ItemStatus, PlanItem, PlanStatus
from core.models import (
    Headcount,
    MainContact,
    Organisation,
    ServiceArea,
    ServiceUnit,
    StatutoryCode,
)
from core.numbers import format_hours, format_number, format_percent
from orders.models import (
    FEEDBACK_SCALES,
    NOT_SURE,
    Billing,
    DeclineReason,
    Inquiry,
    Order,
    OrderFeedback,
    OrderStatus,
)
from orders.working_days import working_days_between
from reports.document import Cell, Chart, Report, Section, Table
from reports.kinds._figures import (
    SUPPRESSED,
    SUPPRESSION_NOTE,
    bar_chart_svg,
    half_up,
    hours,
    is_small,
    nearest_rank,
    percent,
    suppress,
)
from reports.sick_leave import sick_leave_percent, sick_leave_totals
from timetracking.models import TimeEntry
from timetracking.selectors import plan_hours_used

KIND = "amu_annual"
ZERO = Decimal(0)
STATUTORY_LETTERS = [c for c in StatutoryCode if c != StatutoryCode.EXTRA]
NO_SERVICE = "Tjeneste ikke angitt"
NO_CATEGORY = "Uten kategori"
ANSWERS = (1, 2, 3, 4, 5, NOT_SURE)


def compute(run: Any) -> Report:
    return build(
        organisation=run.organisation,
        year=run.year,
        recommendations=run.recommendations or "",
        area=getattr(run, "area", None),
    )


def build(
    *,
    organisation: Organisation,
    year: int,
    recommendations: str = "",
    area: ServiceArea | None = None,
) -> Report:
    """The report to hoved-AMU, or with `area` the report to that area's AMU: the
    same sections limited to the area, where every case count is a breakdown below
    organisation level and so follows the small-cell rule (DESIGN.md §6)."""
    data = _Data(organisation, year, area)
    sections = [
        _key_figures(data),
        _hours(data),
        _prevention(data),
        _plans(data),
        _categories(data),
        _declined(data),
        _response_times(data),
        _satisfaction(data),
        _use(data),
        _sick_leave(data),
        _costs(data),
        _recommendations(recommendations),
    ]
    if area is not None:
        sections.insert(
            1,
            Section(
                title="Om rapporten",
                paragraphs=[
                    f"Rapporten gjelder tjenesteområdet {area.name} og behandles i "
                    f"områdets arbeidsmiljøutvalg. {SUPPRESSION_NOTE}"
                ],
            ),
        )
    return Report(
        kind=KIND,
        title=f"Årsrapport fra bedriftshelsetjenesten {year}",
        subtitle=f"Til AMU i {area.name}, {organisation.name}"
        if area is not None
        else f"Til hoved-AMU i {organisation.name}",
        organisation_name=organisation.name,
        sections=sections,
        period_label=f"1.1.{year}–31.12.{year}",
    )


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


def _key_figures(data: _Data) -> Section:
    order_days, inquiry_days = data.response_days
    both = order_days + inquiry_days
    sla = data.organisation.sla_working_days
    share = percent(sum(1 for d in both if d <= sla), len(both))
    per_area = data.area_hours
    total_hours = sum((r["total"] for r in per_area.values()), ZERO) if per_area else None
    median = nearest_rank(both, 50)
    p90 = nearest_rank(both, 90)
    return Section(
        title="Nøkkeltall",
        facts=[
            ("Ansatte", format_number(data.org_employees)),
            ("Bestillinger", format_number(data.count(data.orders.count()))),
            ("Henvendelser", format_number(data.count(data.inquiries.count()))),
            ("Timer levert", format_hours(hours(total_hours))),
            ("Svartid, median (virkedager)", "–" if median is None else str(median)),
            ("Svartid, 90-persentil (virkedager)", "–" if p90 is None else str(p90)),
            (
                f"Andel besvart innen {sla} virkedager",
                "–" if share is None else format_percent(share),
            ),
        ],
    )


def _hours(data: _Data) -> Section:
    per_area = data.area_hours
    columns = ("fixed", "extra", "statutory", "additional", "unknown", "total")
    rows: list[list[Cell]] = [
        [area.name, *(hours(per_area.get(area.pk, {}).get(c)) for c in columns)]
        for area in data.areas
    ]
    totals = [
        "Sum",
        *(hours(sum((r.get(c) or ZERO for r in per_area.values()), ZERO)) for c in columns),
    ]
    area_table = Table(
        title="Timer per område",
        headers=[
            "Område",
            "Fastpris",
            "Mersalg",
            "Lovpålagt (§ 13-2)",
            "Tilleggstjenester",
            NO_SERVICE,
            "Sum",
        ],
        rows=rows,
        totals=totals,
        note="Timer på bestillinger og tiltak i året; interne aktiviteter er ikke med.",
        sheet_name="Timer per område",
    )

    by_code = {
        row["code"]: row["total"]
        for row in data.entries.order_by().values("code").annotate(total=Sum("hours"))
    }
    letter_rows: list[list[Cell]] = [
        [str(c.label), hours(by_code.get(c.value))] for c in StatutoryCode
    ]
    letter_rows.append([NO_SERVICE, hours(by_code.get(None))])
    letter_table = Table(
        title="Timer per lovpålagt oppgave (§ 13-2) og tilleggstjenester",
        headers=["Oppgave", "Timer"],
        rows=letter_rows,
        totals=["Sum", hours(sum(by_code.values(), ZERO))],
        note="Forskrift om organisering, ledelse og medvirkning § 13-2 bokstav a–h. "
        "Tilleggstjenester holdes atskilt fra lovpålagt arbeid.",
        sheet_name="Timer per § 13-2",
    )

    competence = (
        data.entries.order_by()
        .annotate(
            competence=Coalesce(
                "order__service__competence_areas__name",
                "plan_item__service__competence_areas__name",
            )
        )
        .values("competence")
        .annotate(total=Sum("hours"))
        .order_by("competence")
    )
    competence_table = Table(
        title="Timer per kompetanseområde",
        headers=["Kompetanseområde", "Timer"],
        rows=[[row["competence"] or "Ikke angitt", hours(row["total"])] for row in competence],
        note="En tjeneste med flere kompetanseområder teller med sine timer i hvert av dem, "
        "så summen kan bli større enn timene levert.",
        sheet_name="Timer per kompetanseområde",
    )
    return Section(title="Timer", tables=[area_table, letter_table, competence_table])


# § 13-2 letters a–d: the preventive work (mapping, measures, changes, guidelines).
PREVENTIVE = ("a", "b", "c", "d")


def _prevention(data: _Data) -> Section:
    """How the BHT prioritised preventive work (forskrift om administrative ordninger
    § 2-4): hours delivered per § 13-2 letter against what the approved plans set
    out for the risks they address (their items and budgets per letter)."""
    planned = {
        row["service__statutory_code"]: row
        for row in PlanItem.objects.filter(plan_id__in=[p.pk for p in data.plans.values()])
        .exclude(status=ItemStatus.CANCELLED)
        .order_by()
        .values("service__statutory_code")
        .annotate(items=Count("pk"), budget=Sum("budget_hours"))
    }
    delivered = {
        row["code"]: row["total"]
        for row in data.entries.order_by().values("code").annotate(total=Sum("hours"))
    }
    rows: list[list[Cell]] = []
    for code in StatutoryCode:
        plan = planned.get(code.value, {})
        rows.append(
            [
                str(code.label),
                "Ja" if code.value in PREVENTIVE else "Nei",
                plan.get("items", 0),
                hours(plan.get("budget")),
                hours(delivered.get(code.value)),
            ]
        )
    statutory = sum(
        (delivered.get(c.value) or ZERO for c in StatutoryCode if c != StatutoryCode.EXTRA), ZERO
    )
    preventive = sum((delivered.get(c) or ZERO for c in PREVENTIVE), ZERO)
    share = percent(preventive, statutory)
    text = (
        "Forebyggende arbeid (§ 13-2 bokstav a–d) utgjorde "
        f"{format_percent(share)} av timene på lovpålagte oppgaver i {data.year}."
        if share is not None
        else f"Det er ikke ført timer på lovpålagte oppgaver i {data.year}."
    )
    table = Table(
        title="Prioritering av forebyggende arbeid",
        headers=[
            "Oppgave (§ 13-2)",
            "Forebyggende",
            "Tiltak i handlingsplanene",
            "Planlagte timer (planperioden)",
            f"Timer levert {data.year}",
        ],
        rows=rows,
        note="Tiltakene i de godkjente handlingsplanene svarer på risikoene virksomheten har "
        "kartlagt; timene er fordelt på oppgaven tjenesten hører til. Planlagte timer gjelder "
        "hele planperioden (to år). Forskrift om administrative ordninger § 2-4.",
        sheet_name="Forebygging",
        column_formats=["", "", "count", "decimal", "decimal"],
    )
    return Section(title="Prioritering av forebyggende arbeid", paragraphs=[text], tables=[table])


def _plans(data: _Data) -> Section:
    plan_ids = [plan.pk for plan in data.plans.values()]
    items = {
        row["plan_id"]: row
        for row in PlanItem.objects.filter(plan_id__in=plan_ids)
        .order_by()
        .values("plan_id")
        .annotate(
            planned=Count("pk", filter=~Q(status=ItemStatus.CANCELLED)),
            done=Count("pk", filter=Q(status=ItemStatus.DONE)),
        )
    }
    used = plan_hours_used(plan_ids, until=data.year_end)
    contacts = {
        contact.area_id: contact
        for contact in MainContact.objects.current(on=data.year_end)
        .filter(area__organisation=data.organisation)
        .select_related("advisor__user")
    }
    rows: list[list[Cell]] = []
    for area in data.areas:
        plan = data.plans.get(area.pk)
        contact = contacts.get(area.pk)
        contact_name = str(contact.advisor) if contact else "Ingen"
        if plan is None:
            rows.append([area.name, "Ingen godkjent plan", None, None, None, None, contact_name])
            continue
        counts = items.get(plan.pk, {})
        rows.append(
            [
                area.name,
                plan.period_label,
                counts.get("planned", 0),
                counts.get("done", 0),
                hours(plan.budget_hours),
                hours(used.get(plan.pk)),
                contact_name,
            ]
        )
    table = Table(
        title="Handlingsplaner per område",
        headers=[
            "Område",
            "Planperiode",
            "Tiltak planlagt",
            "Tiltak utført",
            "Budsjett (timer)",
            f"Brukt t.o.m. 31.12.{data.year}",
            f"Hovedkontakt per 31.12.{data.year}",
        ],
        rows=rows,
        note="Godkjent plan som dekker året. Budsjettet gjelder hele planperioden (to år); "
        "avlyste tiltak regnes ikke som planlagt.",
        sheet_name="Handlingsplaner",
    )
    return Section(title="Handlingsplaner, budsjett og hovedkontakt", tables=[table])


def _categories(data: _Data) -> Section:
    counts: dict[tuple[int, str], dict[str, int]] = {}
    for kind, qs in (("inquiries", data.inquiries), ("orders", data.orders)):
        for row in (
            qs.order_by().values("category__sort_order", "category__name").annotate(n=Count("pk"))
        ):
            key = (
                row["category__sort_order"] if row["category__name"] else 10_000,
                row["category__name"] or NO_CATEGORY,
            )
            counts.setdefault(key, {"inquiries": 0, "orders": 0})[kind] = row["n"]
    keys = sorted(counts)
    raw = [[name, counts[k]["inquiries"], counts[k]["orders"]] for k in keys for name in [k[1]]]
    rows: list[list[Cell]] = [[r[0], data.count(r[1]), data.count(r[2])] for r in raw]
    table = Table(
        title="Henvendelser og bestillinger per kategori",
        headers=["Kategori", "Henvendelser", "Bestillinger"],
        rows=rows,
        totals=[
            "Sum",
            data.count(sum(r[1] for r in raw)),
            data.count(sum(r[2] for r in raw)),
        ],
        note=SUPPRESSION_NOTE if data.area is not None else "",
        sheet_name="Per kategori",
        column_formats=["", "count", "count"],
    )
    # The chart shows only what the table shows: no bar for a hidden cell.
    items = [(str(r[0]), r[1] + r[2]) for r in raw if not is_small(r[1] + r[2]) or not data.area]
    chart = Chart(
        title="Henvendelser og bestillinger per kategori",
        svg=bar_chart_svg("Henvendelser og bestillinger per kategori", items),
        alt="; ".join(f"{label}: {value}" for label, value in items) or "Ingen saker i året.",
    )
    tables = [table] if data.area is not None else [table, _categories_per_area(data)]
    return Section(title="Henvendelser og bestillinger", tables=tables, charts=[chart])


def _categories_per_area(data: _Data) -> Table:
    """The same counts per area: a breakdown below organisation level, so small
    cells are hidden."""
    counts: dict[tuple[int | None, str], dict[str, int]] = {}
    for kind, qs, area_key in (
        ("inquiries", data.inquiries, "area_ref"),
        ("orders", data.orders, "area_id"),
    ):
        for row in qs.order_by().values(area_key, "category__name").annotate(n=Count("pk")):
            key = (row[area_key], row["category__name"] or NO_CATEGORY)
            counts.setdefault(key, {"inquiries": 0, "orders": 0})[kind] = row["n"]
    rows: list[list[Cell]] = [
        [area.name, category, suppress(n["inquiries"]), suppress(n["orders"])]
        for area in data.areas
        for (area_id, category), n in sorted(counts.items(), key=lambda item: item[0][1])
        if area_id == area.pk
    ]
    return Table(
        title="Henvendelser og bestillinger per område og kategori",
        headers=["Område", "Kategori", "Henvendelser", "Bestillinger"],
        rows=rows,
        note=SUPPRESSION_NOTE,
        sheet_name="Per område og kategori",
    )


def _declined(data: _Data) -> Section:
    counts = {
        row["decline_reason_code"]: row["n"]
        for row in data.orders.filter(status=OrderStatus.DECLINED)
        .order_by()
        .values("decline_reason_code")
        .annotate(n=Count("pk"))
    }
    rows: list[list[Cell]] = [
        [str(reason.label), data.count(counts.get(reason.value, 0))] for reason in DeclineReason
    ]
    table = Table(
        title="Avslåtte bestillinger etter årsak",
        headers=["Årsak", "Antall"],
        rows=rows,
        totals=["Sum", data.count(sum(counts.values()))],
        note=SUPPRESSION_NOTE if data.area is not None else "",
        sheet_name="Avslag",
        column_formats=["", "count"],
    )
    return Section(title="Avslåtte bestillinger", tables=[table])


def _response_times(data: _Data) -> Section:
    order_days, inquiry_days = data.response_days
    sla = data.organisation.sla_working_days
    table = Table(
        title="Svartid mot svarfrist",
        headers=[
            "Gjelder",
            "Besvart",
            "Median (virkedager)",
            "90-persentil (virkedager)",
            f"Andel innen {sla} virkedager (%)",
        ],
        rows=[
            _response_row("Henvendelser", inquiry_days, sla, data),
            _response_row("Bestillinger", order_days, sla, data),
            _response_row("Samlet", order_days + inquiry_days, sla, data),
        ],
        column_formats=["", "count", "count", "count", "percent"],
        note="Svartid i virkedager fra mottatt (henvendelse) eller sendt (bestilling) til første "
        "svar, uten helger og helligdager. Persentiler etter nærmeste-rang-metoden: verdien på "
        "plass ⌈p/100 × n⌉ i sortert rekkefølge. Ubesvarte saker er ikke med.",
        sheet_name="Svartid",
    )
    return Section(title="Svartid", tables=[table])


def _satisfaction(data: _Data) -> Section:
    counts = data.feedback.aggregate(
        **{
            f"{scale}_{answer}": Count("pk", filter=Q(**{scale: answer}))
            for scale, _label in FEEDBACK_SCALES
            for answer in ANSWERS
        }
    )
    rows: list[list[Cell]] = []
    hidden = False
    for scale, label in FEEDBACK_SCALES:
        answers = [counts[f"{scale}_{answer}"] for answer in ANSWERS]
        total = sum(answers)
        if data.area is not None and is_small(total):
            # Fewer than five answers in an area: no split that could identify anyone.
            hidden = True
            rows.append([str(label), *([None, None] * len(ANSWERS)), SUPPRESSED])
            continue
        cells: list[Cell] = []
        for n in answers:
            cells += [percent(n, total), n] if total else [None, 0]
        rows.append([str(label), *cells, total])
    headers = ["Spørsmål"]
    for answer in ANSWERS:
        name = "Vet ikke" if answer == NOT_SURE else str(answer)
        headers += [f"{name} (%)", f"{name} (antall)"]
    headers.append("Antall svar")
    note = (
        "Prosent av alle svar (også «vet ikke»), avrundet half opp til hele prosent, med "
        "antall svar i egen kolonne. Skala 1 (svært misfornøyd) til 5 (svært fornøyd)."
    )
    if hidden:
        note += " Spørsmål med 1–4 svar i området vises ikke fordelt («<5»)."
    table = Table(
        title="Fornøydhet",
        headers=headers,
        rows=rows,
        note=note,
        sheet_name="Fornøydhet",
        column_formats=["", *(["percent", "count"] * len(ANSWERS)), "count"],
    )
    return Section(title="Tilbakemeldinger", tables=[table])


def _use(data: _Data) -> Section:
    orders = {
        row["area_id"]: row["n"]
        for row in data.orders.order_by().values("area_id").annotate(n=Count("pk"))
    }
    inquiries = {
        row["area_ref"]: row["n"]
        for row in data.inquiries.order_by().values("area_ref").annotate(n=Count("pk"))
    }
    rows: list[list[Cell]] = []
    for area in data.areas:
        employees = data.area_employees.get(area.pk, 0)
        n_orders = orders.get(area.pk, 0)
        n_inquiries = inquiries.get(area.pk, 0)

        def rate(n: int, employees: int = employees) -> Decimal | str | None:
            if is_small(n):
                return suppress(n)
            return percent(n, employees, 1)

        rows.append(
            [
                area.name,
                employees,
                suppress(n_orders),
                rate(n_orders),
                suppress(n_inquiries),
                rate(n_inquiries),
            ]
        )
    total_orders = sum(orders.values())
    total_inquiries = sum(inquiries.values())
    use_table = Table(
        title="Bruk per 100 ansatte",
        headers=[
            "Område",
            "Ansatte",
            "Bestillinger",
            "Bestillinger per 100 ansatte",
            "Henvendelser",
            "Henvendelser per 100 ansatte",
        ],
        rows=rows,
        totals=[
            "Hele virksomheten",
            data.org_employees,
            total_orders,
            percent(total_orders, data.org_employees, 1),
            total_inquiries,
            percent(total_inquiries, data.org_employees, 1),
        ]
        if data.area is None
        else None,
        column_formats=["", "count", "count", "decimal", "count", "decimal"],
        note="Ansatte etter registrert antall for året, ellers dagens tall. " + SUPPRESSION_NOTE,
        sheet_name="Bruk per 100 ansatte",
    )
    ordering_units = (
        data.orders.annotate(unit_ref=Coalesce("unit_id", "department__unit_id"))
        .filter(unit_ref__isnull=False)
        .values("unit_ref")
    )
    never = (
        ServiceUnit.objects.filter(area__in=data.areas)
        .exclude(pk__in=ordering_units)
        .select_related("area")
        .order_by("area__name", "name")
    )
    never_table = Table(
        title=f"Tjenesteområder uten bestillinger i {data.year}",
        headers=["Område", "Tjenesteområde", "Ansatte"],
        rows=[[unit.area.name, unit.name, unit.employees] for unit in never],
        sheet_name="Uten bestillinger",
    )
    return Section(title="Bruk av BHT", tables=[use_table, never_table])


def _sick_leave(data: _Data) -> Section:
    rows: list[list[Cell]] = []
    names = {a.name for a in data.areas}
    for row in sick_leave_totals(organisation=data.organisation, year=data.year, by="area"):
        if row["area_name"] not in names:
            continue
        rows.append(
            [
                row["area_name"],
                sick_leave_percent(row["lost_self"], row["agreed"]),
                sick_leave_percent(row["lost_doctor"], row["agreed"]),
                sick_leave_percent(row["lost_self"] + row["lost_doctor"], row["agreed"]),
            ]
        )
    if not rows:
        return Section(
            title="Sykefravær",
            paragraphs=[f"Det er ikke importert sykefraværstall for {data.year}."],
        )
    table = Table(
        title="Sykefravær per område",
        headers=["Område", "Egenmeldt (%)", "Legemeldt (%)", "Samlet (%)"],
        rows=rows,
        note="Sykefraværsprosent = tapte dagsverk × 100 / avtalte dagsverk (NAV/SSB), "
        "for perioder innenfor året.",
        sheet_name="Sykefravær",
    )
    return Section(title="Sykefravær", tables=[table])


def _costs(data: _Data) -> Section:
    per_area = data.area_hours
    rows: list[list[Cell]] = []
    for area in data.areas:
        plan = data.plans.get(area.pk)
        row = per_area.get(area.pk, {})
        rows.append(
            [
                area.name,
                half_up(plan.fixed_price_amount, 2) if plan and plan.fixed_price_amount else None,
                hours(plan.budget_hours) if plan else None,
                hours(row.get("fixed")),
                hours(row.get("extra")),
                half_up(row.get("extra_amount") or ZERO, 2),
            ]
        )

    def column(index: int) -> Decimal:
        return sum((r[index] or ZERO for r in rows), ZERO)

    table = Table(
        title="Kostnader mot budsjett",
        headers=[
            "Område",
            "Fastpris for planperioden (kr)",
            "Timebudsjett for planperioden",
            f"Fastpristimer {data.year}",
            f"Mersalgstimer {data.year}",
            f"Mersalg {data.year} (kr)",
        ],
        rows=rows,
        totals=["Sum", *(half_up(column(i), 2) for i in range(1, 6))],
        note="Mersalg = timer × timeprisen låst på bestillingen. Fastpris og timebudsjett "
        "er fra den godkjente handlingsplanen og gjelder hele planperioden.",
        sheet_name="Kostnader",
    )
    return Section(title="Kostnader mot budsjett", tables=[table])


def _recommendations(text: str) -> Section:
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Section(
        title="BHTs anbefalinger for neste år",
        paragraphs=paragraphs or ["Ingen anbefalinger er skrevet inn."],
    )
