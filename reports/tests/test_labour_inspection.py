"""labour_inspection_annual: the approval checks on a staff we control (the demo
advisors are made inactive inside the test's transaction) and the figures of a
hand-built organisation."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from actionplans.models import ActionPlan, PlanItem, PlanStatus
from core.models import Advisor, BhtProfile, CompetenceArea, Headcount, StatutoryCode
from core.tests.factories import (
    AdvisorFactory,
    OrganisationFactory,
    ServiceAreaFactory,
    ServiceFactory,
)
from orders.models import Billing
from reports.kinds import labour_inspection
from reports.models import ReportKind, ReportRun, RunStatus
from timetracking.models import Activity, TimeEntry

pytestmark = pytest.mark.django_db
YEAR = 2025
FIELDS = ("arbeidsmedisin", "yrkeshygiene", "ergonomi", "psykososialt")


def _staff(*specs: tuple[str, tuple[str, ...]]) -> None:
    Advisor.objects.update(is_active=False)
    for percent, codes in specs:
        advisor = AdvisorFactory(fte_percent=Decimal(percent))
        advisor.competence_areas.set(CompetenceArea.objects.filter(code__in=codes))


def _checks(report) -> dict[str, list]:
    table = next(t for s in report.sections for t in s.tables if t.title == "Krav til godkjenning")
    return {row[0].split(" (")[0]: row[1:] for row in table.rows}


def _table(report, title):
    return next(t for s in report.sections for t in s.tables if t.title == title)


def test_it_marks_the_approval_checks_met():
    _staff(*((100, (code,)) for code in FIELDS))
    checks = _checks(labour_inspection.build(year=YEAR))
    assert checks["Fagpersonell i alt"] == [Decimal("4.00"), "Oppfylt"]
    assert checks["Ergonomi"] == [Decimal("1.00"), "Oppfylt"]
    assert {status for _fte, status in checks.values()} == {"Oppfylt"}
    assert len(checks) == 5  # the total and the four required fields


def test_it_marks_the_approval_checks_not_met():
    _staff(
        ("100", ("arbeidsmedisin", "yrkeshygiene")),
        ("100", ("ergonomi",)),
        ("20", ("psykososialt",)),
        ("50", ()),  # office staff: not professional FTE
    )
    checks = _checks(labour_inspection.build(year=YEAR))
    assert checks["Fagpersonell i alt"] == [Decimal("2.20"), "Ikke oppfylt"]
    assert checks["Organisatorisk og psykososialt arbeidsmiljø"] == [
        Decimal("0.20"),
        "Ikke oppfylt",
    ]
    assert checks["Yrkeshygiene"] == [Decimal("1.00"), "Oppfylt"]


def test_it_shows_approval_validity():
    BhtProfile.objects.all().delete()
    BhtProfile.objects.create(
        name="Test-BHT", approval_number="AT-1", approval_valid_until=datetime.date(2026, 3, 1)
    )
    report = labour_inspection.build(year=YEAR, today=datetime.date(2025, 12, 1))
    facts = dict(next(s for s in report.sections if s.title == "Godkjenning").facts)
    assert facts["Godkjent til"] == "01.03.2026"
    assert facts["Status per 01.12.2025"] == "Utløper innen 180 dager"


@pytest.fixture
def org():
    org = OrganisationFactory(name="Inspeksjon AS", employees=80)
    Headcount.objects.create(year=YEAR, organisation=org, employees=90)
    with_plan = ServiceAreaFactory(organisation=org, name="Med plan")
    ServiceAreaFactory(organisation=org, name="Uten plan")
    plan = ActionPlan.objects.create(
        area=with_plan,
        start_year=2024,
        end_year=2025,
        status=PlanStatus.APPROVED,
        budget_hours=Decimal(50),
    )
    service = {
        code: ServiceFactory(name=f"Insp {code}", statutory_code=code)
        for code in (StatutoryCode.A, StatutoryCode.E, StatutoryCode.EXTRA)
    }
    advisor = AdvisorFactory()
    for code, hours in (
        (StatutoryCode.A, "3"),
        (StatutoryCode.E, "2.5"),
        (StatutoryCode.EXTRA, "4"),
    ):
        item = PlanItem.objects.create(plan=plan, service=service[code], title=code, budget_hours=5)
        TimeEntry.objects.create(
            advisor=advisor,
            date=datetime.date(2025, 5, 5),
            hours=Decimal(hours),
            activity=Activity.MEETING,
            billing=Billing.FIXED_PRICE,
            area=with_plan,
            plan_item=item,
        )
    ReportRun.objects.create(
        kind=ReportKind.AMU_ANNUAL,
        organisation=org,
        year=YEAR,
        status=RunStatus.DONE,
        params_key=f"amu_annual|organisation={org.pk}|year={YEAR}",
    )
    return org


def test_it_documents_hours_plans_and_reports_of_an_organisation(org):
    report = labour_inspection.build(year=YEAR, organisation=org)
    assert report.organisation_name == "Inspeksjon AS"
    covered = _table(report, "Virksomheter og ansatte som omfattes")
    assert covered.rows == [["Inspeksjon AS", org.org_number, 90]]
    hours = {
        r[0]: r[1]
        for r in _table(report, "Timer per lovpålagt oppgave (§ 13-2) og tilleggstjenester").rows
    }
    assert hours[str(StatutoryCode.A.label)] == 3
    assert hours[str(StatutoryCode.E.label)] == Decimal("2.5")
    assert hours["Sum lovpålagte oppgaver (a–h)"] == Decimal("5.5")
    assert hours[str(StatutoryCode.EXTRA.label)] == 4
    delivered = _table(report, "Handlingsplaner og årsrapporter per virksomhet")
    assert delivered.rows == [["Inspeksjon AS", 2, 1, "Levert"]]
    missing = _table(report, "Områder uten godkjent handlingsplan for 2025")
    assert missing.rows == [["Inspeksjon AS", "Uten plan"]]


def test_it_covers_every_organisation_when_none_is_given(org, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        report = labour_inspection.build(year=YEAR)
    rows = _table(report, "Handlingsplaner og årsrapporter per virksomhet").rows
    assert ["Inspeksjon AS", 2, 1, "Levert"] in rows
    assert len(rows) > 1  # the demo organisation too
    assert labour_inspection.build(year=2026, organisation=org).sections[-2].tables[0].rows == [
        ["Inspeksjon AS", 2, 0, "Ikke levert"]
    ]


def test_compute_reads_the_run(org):
    class Run:
        organisation = org
        year = YEAR
        recommendations = ""

    report = labour_inspection.compute(Run())
    assert report.kind == "labour_inspection_annual"
    assert _table(report, "Virksomheter og ansatte som omfattes").rows[0][0] == "Inspeksjon AS"
