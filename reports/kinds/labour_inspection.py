"""`labour_inspection_annual`: the documentation Arbeidstilsynet asks of an approved
BHT (DESIGN.md §7), for all organisations served (or one) in a year.

Staffing comes from core.selectors.bht_staffing (the same figures as the BHT's
own pages); everything else is aggregated in the database.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from actionplans.models import ActionPlan, PlanStatus
from core.models import Headcount, Organisation, ServiceArea, StatutoryCode
from core.numbers import format_number
from core.selectors import (
    APPROVAL_MIN_FTE_PER_AREA,
    APPROVAL_MIN_FTE_TOTAL,
    BhtStaffing,
    advisor_trainings,
    bht_profile,
    bht_staffing,
)
from orders.models import Billing
from reports.document import Cell, Report, Section, Table
from reports.kinds._figures import half_up, hours
from reports.models import ReportKind, ReportRun, RunStatus
from timetracking.models import TimeEntry

KIND = "labour_inspection_annual"
PASS = "Oppfylt"
FAIL = "Ikke oppfylt"
APPROVAL_LABELS = {"valid": "Gyldig", "expiring": "Utløper innen 180 dager", "expired": "Utløpt"}


def compute(run: Any) -> Report:
    return build(year=run.year, organisation=run.organisation)


def build(
    *, year: int, organisation: Organisation | None = None, today: datetime.date | None = None
) -> Report:
    organisations = (
        [organisation]
        if organisation
        else list(Organisation.objects.filter(is_active=True).order_by("name"))
    )
    sections = [
        _staffing(),
        _approval(today or timezone.localdate()),
        _covered(organisations, year),
        _hours(organisations, year),
        *_plans_and_reports(organisations, year),
    ]
    return Report(
        kind=KIND,
        title=f"Dokumentasjon til Arbeidstilsynet {year}",
        subtitle="Godkjent bedriftshelsetjeneste: bemanning, kompetanse og leveranser",
        organisation_name=organisation.name if organisation else "Alle virksomheter",
        sections=sections,
        period_label=f"1.1.{year}–31.12.{year}",
    )


def _fte(value: Decimal) -> Decimal:
    return half_up(value, 2)


def _staffing() -> Section:
    staffing = bht_staffing()
    tables = [
        _approval_table(staffing),
        _per_area_table(staffing),
        _staff_table(staffing),
        _training_table(staffing),
    ]
    return Section(title="Bemanning og kompetanse", tables=tables)


def _staff_table(staffing: BhtStaffing) -> Table:
    return Table(
        title="Ansatte i BHT",
        headers=["Navn", "Yrke", "Årsverk", "Kompetanseområder", "Innleid"],
        rows=[
            [
                str(advisor),
                advisor.profession,
                _fte(advisor.fte),
                ", ".join(area.name for area in advisor.competence_areas.all()) or "–",
                "Ja" if advisor.is_external else "Nei",
            ]
            for advisor in staffing.advisors
        ],
        totals=["Sum", "", _fte(staffing.fte_total), "", ""],
        sheet_name="Ansatte",
    )


def _training_table(staffing: BhtStaffing) -> Table:
    trainings = advisor_trainings()
    training_rows: list[list[Cell]] = []
    for advisor in staffing.advisors:
        taken = trainings.get(advisor.pk, [])
        latest = taken[0] if taken else None
        training_rows.append(
            [
                str(advisor),
                "Ja" if advisor.is_external else "Nei",
                "Gjennomført" if latest else "Ikke registrert",
                latest.course if latest else "–",
                latest.date.strftime("%d.%m.%Y") if latest else "–",
                len(taken),
            ]
        )
    return Table(
        title="Opplæring i BHT-rollen",
        headers=["Navn", "Innleid", "Status", "Siste kurs", "Dato", "Kurs i alt"],
        rows=training_rows,
        note="Forskrift om administrative ordninger § 2-3: alle som arbeider i BHT, også "
        "innleide, skal ha opplæring i rollen. Fra BHTs opplæringsregister.",
        sheet_name="Opplæring",
        column_formats=["", "", "", "", "", "count"],
    )


def _approval_table(staffing: BhtStaffing) -> Table:
    checks: list[list[Cell]] = [
        [
            f"Fagpersonell i alt (minst {format_number(APPROVAL_MIN_FTE_TOTAL, 1)} årsverk)",
            _fte(staffing.fte_professional),
            PASS if staffing.meets_total_minimum else FAIL,
        ]
    ]
    for row in staffing.by_competence_area:
        if row.competence_area.required_for_approval:
            checks.append(
                [
                    f"{row.competence_area.name} "
                    f"(minst {format_number(APPROVAL_MIN_FTE_PER_AREA, 1)} årsverk)",
                    _fte(row.fte),
                    PASS if row.meets_minimum else FAIL,
                ]
            )
    return Table(
        title="Krav til godkjenning",
        headers=["Krav", "Årsverk", "Status"],
        rows=checks,
        note="Forskrift om administrative ordninger § 13-5. En rådgiver teller med hele sitt "
        "årsverk i hvert kompetanseområde hen dekker.",
        sheet_name="Godkjenningskrav",
    )


def _per_area_table(staffing: BhtStaffing) -> Table:
    return Table(
        title="Årsverk per kompetanseområde",
        headers=["Kompetanseområde", "Rådgivere", "Årsverk", "Kreves for godkjenning"],
        rows=[
            [
                row.competence_area.name,
                row.advisors,
                _fte(row.fte),
                "Ja" if row.competence_area.required_for_approval else "Nei",
            ]
            for row in staffing.by_competence_area
        ],
        sheet_name="Kompetanseområder",
    )


def _approval(today: datetime.date) -> Section:
    profile = bht_profile()
    if profile is None:
        return Section(title="Godkjenning", paragraphs=["BHT-profilen er ikke registrert."])
    until = profile.approval_valid_until
    return Section(
        title="Godkjenning",
        facts=[
            ("Bedriftshelsetjeneste", profile.name),
            ("Godkjenningsnummer", profile.approval_number or "–"),
            ("Godkjent til", until.strftime("%d.%m.%Y") if until else "–"),
            (
                f"Status per {today:%d.%m.%Y}",
                APPROVAL_LABELS[profile.approval_status(today)],
            ),
        ],
    )


def _covered(organisations: list[Organisation], year: int) -> Section:
    employees = {org.pk: org.employees for org in organisations}
    employees.update(
        Headcount.objects.filter(year=year, organisation__in=organisations).values_list(
            "organisation_id", "employees"
        )
    )
    rows = [[org.name, org.org_number or "–", employees[org.pk]] for org in organisations]
    table = Table(
        title="Virksomheter og ansatte som omfattes",
        headers=["Virksomhet", "Organisasjonsnummer", "Ansatte"],
        rows=rows,
        totals=["Sum", "", sum(employees.values())],
        note="Ansatte etter registrert antall for året, ellers dagens tall.",
        sheet_name="Virksomheter",
    )
    return Section(title="Virksomheter som omfattes", tables=[table])


def _hours(organisations: list[Organisation], year: int) -> Section:
    by_code = {
        row["code"]: row["total"]
        for row in TimeEntry.objects.filter(date__year=year, area__organisation__in=organisations)
        .exclude(billing=Billing.INTERNAL)
        .annotate(
            code=Coalesce("order__service__statutory_code", "plan_item__service__statutory_code")
        )
        .order_by()
        .values("code")
        .annotate(total=Sum("hours"))
    }
    letters = [c for c in StatutoryCode if c != StatutoryCode.EXTRA]
    statutory = sum((by_code.get(c.value) or Decimal(0) for c in letters), Decimal(0))
    rows = [[str(c.label), hours(by_code.get(c.value))] for c in letters]
    rows.append(["Sum lovpålagte oppgaver (a–h)", hours(statutory)])
    rows.append([str(StatutoryCode.EXTRA.label), hours(by_code.get(StatutoryCode.EXTRA.value))])
    rows.append(["Tjeneste ikke angitt", hours(by_code.get(None))])
    table = Table(
        title="Timer per lovpålagt oppgave (§ 13-2) og tilleggstjenester",
        headers=["Oppgave", "Timer"],
        rows=rows,
        totals=["Sum", hours(sum(by_code.values(), Decimal(0)))],
        note="Forskrift om organisering, ledelse og medvirkning § 13-2 bokstav a–h, "
        "holdt atskilt fra tilleggstjenester. Interne aktiviteter er ikke med.",
        sheet_name="Timer per § 13-2",
    )
    return Section(title="Lovpålagte oppgaver og tilleggstjenester", tables=[table])


def _areas_with_plan(organisations: list[Organisation], year: int) -> set[int]:
    """Areas with an approved (or closed) plan covering the year."""
    return set(
        ActionPlan.objects.filter(
            area__organisation__in=organisations,
            status__in=[PlanStatus.APPROVED, PlanStatus.CLOSED],
            superseded_at__isnull=True,
            start_year__lte=year,
            end_year__gte=year,
        ).values_list("area_id", flat=True)
    )


def _annual_reports(organisations: list[Organisation], year: int) -> dict[int, int]:
    """Finished annual reports to AMU for the year, per organisation."""
    return dict(
        ReportRun.objects.filter(
            kind=ReportKind.AMU_ANNUAL,
            status=RunStatus.DONE,
            year=year,
            organisation__in=organisations,
        )
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )


def _plans_and_reports(organisations: list[Organisation], year: int) -> list[Section]:
    areas = list(
        ServiceArea.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    with_plan = _areas_with_plan(organisations, year)
    reports = _annual_reports(organisations, year)
    rows: list[list[Cell]] = []
    for org in organisations:
        org_areas = [a for a in areas if a.organisation_id == org.pk]
        planned = sum(1 for a in org_areas if a.pk in with_plan)
        rows.append(
            [
                org.name,
                len(org_areas),
                planned,
                "Levert" if reports.get(org.pk) else "Ikke levert",
            ]
        )
    delivered = Table(
        title="Handlingsplaner og årsrapporter per virksomhet",
        headers=[
            "Virksomhet",
            "Områder",
            f"Områder med godkjent plan for {year}",
            f"Årsrapport til AMU for {year}",
        ],
        rows=rows,
        note="Forskrift om administrative ordninger § 13-3. Årsrapporten regnes som levert "
        "når en årsrapport til AMU for året er ferdig produsert i systemet.",
        sheet_name="Planer og årsrapporter",
    )
    missing = Table(
        title=f"Områder uten godkjent handlingsplan for {year}",
        headers=["Virksomhet", "Område"],
        rows=[[a.organisation.name, a.name] for a in areas if a.pk not in with_plan],
        sheet_name="Uten plan",
    )
    return [
        Section(title="Handlingsplaner og årsrapporter", tables=[delivered]),
        Section(title="Områder uten godkjent plan", tables=[missing]),
    ]
