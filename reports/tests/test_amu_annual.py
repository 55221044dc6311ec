"""amu_annual against a small hand-built organisation whose totals are known.

Year 2025. Area Alfa (50 employees in the 2025 headcount) has 6 orders and one
inquiry, area Beta 3 orders (so its counts are hidden as "<5"). Response times
in working days: orders 0,1,1,2,2,3 (Alfa) and 4,5,8 (Beta), the inquiry 0.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionplans.models import ActionPlan, ItemStatus, PlanItem, PlanStatus
from core.models import Headcount, MainContact, Organisation, StatutoryCode
from core.tests.factories import (
    AdvisorFactory,
    CompetenceAreaFactory,
    DepartmentFactory,
    InquiryCategoryFactory,
    OrganisationFactory,
    ServiceAreaFactory,
    ServiceFactory,
    ServiceUnitFactory,
    UserFactory,
)
from orders.models import (
    Billing,
    Channel,
    DeclineReason,
    Inquiry,
    InquiryOutcome,
    Order,
    OrderFeedback,
    OrderStatus,
)
from reports.kinds import amu_annual
from reports.models import SickLeaveStat
from timetracking.models import Activity, TimeEntry

pytestmark = pytest.mark.django_db
YEAR = 2025
MONDAY = datetime.datetime(2025, 3, 3, 10, 0, tzinfo=datetime.UTC)


def at_working_days(days: int) -> datetime.datetime:
    """MONDAY plus `days` working days (March 2025 has no public holidays)."""
    weeks, rest = divmod(days, 5)
    return MONDAY + datetime.timedelta(days=weeks * 7 + rest)


@pytest.fixture
def world():
    org = OrganisationFactory(name="Testkunde AS", employees=100, sla_working_days=3)
    alfa = ServiceAreaFactory(organisation=org, name="Alfa", employees=40)
    beta = ServiceAreaFactory(organisation=org, name="Beta", employees=30)
    a1 = ServiceUnitFactory(area=alfa, name="A1")
    a2 = ServiceUnitFactory(area=alfa, name="A2")
    b1 = ServiceUnitFactory(area=beta, name="B1")
    b1_dept = DepartmentFactory(unit=b1, name="B1 dag")
    Headcount.objects.create(year=YEAR, organisation=org, employees=120)
    Headcount.objects.create(year=YEAR, area=alfa, employees=50)

    competence = CompetenceAreaFactory(code="test-ergo", name="Testergonomi")
    s_a = ServiceFactory(name="Test kartlegging", statutory_code=StatutoryCode.A)
    s_a.competence_areas.add(competence)
    s_f = ServiceFactory(name="Test oppfølging", statutory_code=StatutoryCode.F)
    s_extra = ServiceFactory(name="Test tillegg", statutory_code=StatutoryCode.EXTRA)
    c1 = InquiryCategoryFactory(name="Testkategori arbeidsmiljø", sort_order=1)
    c2 = InquiryCategoryFactory(name="Testkategori sykefravær", sort_order=2)
    leader = UserFactory(username="testleder")
    advisors = [AdvisorFactory() for _ in range(3)]

    plan = ActionPlan.objects.create(
        area=alfa,
        start_year=YEAR,
        end_year=YEAR + 1,
        status=PlanStatus.APPROVED,
        budget_hours=Decimal(100),
        fixed_price_amount=Decimal(50000),
    )
    item_done, _item, _cancelled = (
        PlanItem.objects.create(
            plan=plan, service=s_a, title=f"Tiltak {status}", budget_hours=10, status=status
        )
        for status in (ItemStatus.DONE, ItemStatus.PLANNED, ItemStatus.CANCELLED)
    )

    def order(n, area, unit, days, *, category, service=None, rate="1000", declined=False):
        answered = at_working_days(days)
        return Order.objects.create(
            organisation=org,
            reference=f"B-2025-{n:04d}",
            area=area,
            unit=unit,
            ordered_by=leader,
            created_by=leader,
            service=service,
            category=category,
            title=f"Bestilling {n}",
            billing=Billing.EXTRA_SALE,
            hourly_rate=Decimal(rate),
            status=OrderStatus.DECLINED if declined else OrderStatus.ACCEPTED,
            decline_reason_code=DeclineReason.CAPACITY if declined else "",
            decline_reason="Full kalender" if declined else "",
            submitted_at=MONDAY,
            accepted_at=None if declined else answered,
            declined_at=answered if declined else None,
        )

    alfa_orders = [
        order(1, alfa, a1, 0, category=c1, service=s_f),
        order(2, alfa, a1, 1, category=c1, service=None),
        order(3, alfa, a1, 1, category=c1),
        order(4, alfa, a1, 2, category=c1),
        order(5, alfa, a1, 2, category=c2),
        order(6, alfa, a1, 3, category=c2),
    ]
    beta_orders = [
        order(7, beta, b1, 4, category=c2, service=s_extra, rate="1200"),
        order(8, beta, b1, 5, category=c2),
        order(9, beta, b1, 8, category=c2, declined=True),
    ]
    Inquiry.objects.create(
        organisation=org,
        received_at=MONDAY,
        channel=Channel.PHONE,
        area=alfa,
        category=c1,
        summary="Spørsmål",
        author=leader,
        outcome=InquiryOutcome.ADVICE_ONLY,
        responded_at=MONDAY,
    )

    def entry(hours, *, area, billing, date=datetime.date(2025, 3, 10), **target):
        return TimeEntry.objects.create(
            advisor=advisors[0],
            date=date,
            hours=Decimal(hours),
            activity=Activity.MEETING,
            billing=billing,
            area=area,
            **target,
        )

    entry("10", area=alfa, billing=Billing.FIXED_PRICE, plan_item=item_done)
    entry(
        "5",
        area=alfa,
        billing=Billing.FIXED_PRICE,
        plan_item=item_done,
        date=datetime.date(2024, 12, 2),
    )  # last year: used against the plan budget, not in the 2025 hours
    entry("4", area=alfa, billing=Billing.EXTRA_SALE, order=alfa_orders[0])
    entry("1", area=alfa, billing=Billing.EXTRA_SALE, order=alfa_orders[1])
    entry("2.5", area=beta, billing=Billing.EXTRA_SALE, order=beta_orders[0])

    # Satisfaction: 8 answers. help_received: one 5 and seven 4s (12.5 % → 13 %,
    # 87.5 % → 88 %); overall: three "not sure" and five 5s (37.5 % → 38 %, 62.5 % → 63 %).
    for index, target in enumerate((alfa_orders + beta_orders)[:8]):
        OrderFeedback.objects.create(
            order=target,
            given_by=leader,
            help_received=5 if index == 0 else 4,
            work_adapted=3,
            impartial_role=4,
            competence=5,
            overall=0 if index < 3 else 5,
        )
    OrderFeedback.objects.filter(order__organisation=org).update(
        created_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    )

    MainContact.objects.create(
        advisor=advisors[0],
        area=alfa,
        valid_from=datetime.date(2025, 1, 1),
        valid_to=datetime.date(2025, 6, 30),
    )
    MainContact.objects.create(
        advisor=advisors[1],
        area=alfa,
        valid_from=datetime.date(2025, 7, 1),
        valid_to=datetime.date(2026, 2, 1),
    )
    MainContact.objects.create(advisor=advisors[2], area=alfa, valid_from=datetime.date(2026, 2, 2))

    SickLeaveStat.objects.create(
        organisation=org,
        unit=a1,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        agreed_workdays=Decimal(1000),
        lost_self_certified=Decimal(20),
        lost_doctor_certified=Decimal(60),
    )
    SickLeaveStat.objects.create(
        organisation=org,
        department=b1_dept,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        agreed_workdays=Decimal(500),
        lost_self_certified=Decimal(25),
        lost_doctor_certified=Decimal("50.5"),
    )
    return {"org": org, "advisors": advisors, "a2": a2, "leader": leader}


def _section(report, title):
    return next(s for s in report.sections if s.title == title)


def _table(report, title):
    return next(t for s in report.sections for t in s.tables if t.title == title)


def _rows(table):
    return {row[0]: row[1:] for row in table.rows}


def test_it_shows_the_key_figures(world):
    report = amu_annual.build(organisation=world["org"], year=YEAR)
    facts = dict(_section(report, "Nøkkeltall").facts)
    assert report.organisation_name == "Testkunde AS"
    assert facts["Ansatte"] == "120"  # the 2025 headcount, not today's 100
    assert facts["Bestillinger"] == "9"
    assert facts["Henvendelser"] == "1"
    assert facts["Timer levert"] == "17,50"  # Norwegian format (core.numbers)
    # All ten answers: 0,0,1,1,2,2,3,4,5,8 → rank 5 = 2, rank 9 = 5, 7 of 10 ≤ 3.
    assert facts["Svartid, median (virkedager)"] == "2"
    assert facts["Svartid, 90-persentil (virkedager)"] == "5"
    assert facts["Andel besvart innen 3 virkedager"] == "70\u00a0%"


def test_it_splits_hours_by_area_billing_and_statutory_letter(world):
    report = amu_annual.build(organisation=world["org"], year=YEAR)
    areas = _table(report, "Timer per område")
    # fixed, extra, statutory, additional, no service, total
    assert _rows(areas)["Alfa"] == [Decimal("10"), Decimal("5"), Decimal("14"), 0, 1, 15]
    assert _rows(areas)["Beta"] == [0, Decimal("2.5"), 0, Decimal("2.5"), 0, Decimal("2.5")]
    assert areas.totals == ["Sum", 10, Decimal("7.5"), 14, Decimal("2.5"), 1, Decimal("17.5")]
    letters = _rows(_table(report, "Timer per lovpålagt oppgave (§ 13-2) og tilleggstjenester"))
    assert letters[str(StatutoryCode.A.label)] == [10]
    assert letters[str(StatutoryCode.F.label)] == [4]
    assert letters[str(StatutoryCode.B.label)] == [0]
    assert letters[str(StatutoryCode.EXTRA.label)] == [Decimal("2.5")]
    assert letters["Tjeneste ikke angitt"] == [1]
    competence = _rows(_table(report, "Timer per kompetanseområde"))
    assert competence["Testergonomi"] == [10]


def test_it_shows_plans_budget_and_the_main_contact_at_year_end(world):
    report = amu_annual.build(organisation=world["org"], year=YEAR)
    rows = _rows(_table(report, "Handlingsplaner per område"))
    period, planned, done, budget, used, contact = rows["Alfa"]
    assert (planned, done, budget, used) == (2, 1, 100, 15)  # used includes December 2024
    assert contact == str(world["advisors"][1])  # current on 31.12.2025, not today's
    assert rows["Beta"][0] == "Ingen godkjent plan"


def test_it_computes_response_times_with_nearest_rank(world):
    rows = _rows(
        _table(amu_annual.build(organisation=world["org"], year=YEAR), "Svartid mot svarfrist")
    )
    # Orders 0,1,1,2,2,3,4,5,8: median rank 5 = 2, p90 rank ⌈8.1⌉ = 9 → 8, 6 of 9 → 67 %.
    assert rows["Bestillinger"] == [9, 2, 8, 67]
    assert rows["Henvendelser"] == [1, 0, 0, 100]
    assert rows["Samlet"] == [10, 2, 5, 70]


def test_it_rounds_satisfaction_half_up(world):
    rows = _rows(_table(amu_annual.build(organisation=world["org"], year=YEAR), "Fornøydhet"))
    help_received = rows["Hjelpen dere fikk"]
    # Percent and count in separate (numeric) columns: 1, 2, 3, 4, 5, "vet ikke", total.
    assert help_received == [0, 0, 0, 0, 0, 0, 88, 7, 13, 1, 0, 0, 8]
    overall = rows["Samlet fornøydhet"]
    assert overall[8:10] == [63, 5]  # 62.5 → 63, where round() would give 62
    assert overall[10:12] == [38, 3]  # "not sure" counts in the whole


def test_it_hides_small_cells_below_organisation_level(world):
    report = amu_annual.build(organisation=world["org"], year=YEAR)
    use = _table(report, "Bruk per 100 ansatte")
    rows = _rows(use)
    assert rows["Alfa"] == [50, 6, Decimal("12.0"), "<5", "<5"]
    assert rows["Beta"] == [30, "<5", "<5", 0, Decimal("0.0")]
    assert use.totals == ["Hele virksomheten", 120, 9, Decimal("7.5"), 1, Decimal("0.8")]
    assert "<5" in use.note
    never = _table(report, "Tjenesteområder uten bestillinger i 2025")
    assert [row[:2] for row in never.rows] == [["Alfa", "A2"]]


def test_it_counts_categories_declines_sick_leave_and_costs(world):
    report = amu_annual.build(organisation=world["org"], year=YEAR, recommendations="Mer\n\nMindre")
    categories = _table(report, "Henvendelser og bestillinger per kategori")
    assert _rows(categories) == {
        "Testkategori arbeidsmiljø": [1, 4],
        "Testkategori sykefravær": [0, 5],
    }
    per_area = _table(report, "Henvendelser og bestillinger per område og kategori")
    assert ["Beta", "Testkategori sykefravær", 0, "<5"] in per_area.rows
    assert ["Alfa", "Testkategori arbeidsmiljø", "<5", "<5"] in per_area.rows
    assert "<5" in per_area.note
    chart = _section(report, "Henvendelser og bestillinger").charts[0]
    assert 'role="img"' in chart.svg and "<title" in chart.svg
    declined = _rows(_table(report, "Avslåtte bestillinger etter årsak"))
    assert declined[str(DeclineReason.CAPACITY.label)] == [1]
    sick = _rows(_table(report, "Sykefravær per område"))
    assert sick["Alfa"] == [Decimal("2.0"), Decimal("6.0"), Decimal("8.0")]
    assert sick["Beta"] == [Decimal("5.0"), Decimal("10.1"), Decimal("15.1")]
    costs = _rows(_table(report, "Kostnader mot budsjett"))
    assert costs["Alfa"] == [Decimal(50000), 100, 10, 5, Decimal(5000)]
    assert costs["Beta"] == [None, None, 0, Decimal("2.5"), Decimal(3000)]
    assert _section(report, "BHTs anbefalinger for neste år").paragraphs == ["Mer", "Mindre"]


def test_it_uses_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as before:
        amu_annual.build(organisation=world["org"], year=YEAR)
    # More areas, units and orders must not add queries.
    for n in range(3):
        area = ServiceAreaFactory(organisation=world["org"], name=f"Ekstra {n}")
        unit = ServiceUnitFactory(area=area)
        Order.objects.create(
            organisation=world["org"],
            reference=f"B-2025-9{n:03d}",
            area=area,
            unit=unit,
            ordered_by=world["leader"],
            created_by=world["leader"],
            title="Mer",
            billing=Billing.EXTRA_SALE,
            status=OrderStatus.SUBMITTED,
            submitted_at=MONDAY,
        )
    with django_assert_max_num_queries(25):
        amu_annual.build(organisation=world["org"], year=YEAR)
    with CaptureQueriesContext(connection) as after:
        amu_annual.build(organisation=world["org"], year=YEAR)
    assert len(after) == len(before)


def test_compute_reads_the_run(world):
    class Run:
        organisation = world["org"]
        year = YEAR
        recommendations = "Flere kurs."

    report = amu_annual.compute(Run())
    assert report.organisation_name == "Testkunde AS"
    assert report.period_label == "1.1.2025–31.12.2025"
    assert _section(report, "BHTs anbefalinger for neste år").paragraphs == ["Flere kurs."]


def test_it_builds_for_the_demo_organisation():
    organisation = Organisation.objects.get(slug="fjordby")
    year = timezone.localdate().year
    report = amu_annual.build(organisation=organisation, year=year - 1)
    assert report.organisation_name == organisation.name
    assert len(report.sections) == 12
    facts = dict(report.sections[0].facts)
    assert (
        int(facts["Bestillinger"].replace("\u00a0", ""))
        == Order.objects.filter(organisation=organisation, submitted_at__year=year - 1).count()
    )
    for section in report.sections:
        for table in section.tables:
            assert all(len(row) == len(table.headers) for row in table.rows), table.title


# --- the report to an area's AMU --------------------------------------------------


def test_an_area_report_covers_the_area_only(world):
    alfa = world["org"].areas.get(name="Alfa")
    report = amu_annual.build(organisation=world["org"], year=YEAR, area=alfa)
    assert report.subtitle == "Til AMU i Alfa, Testkunde AS"
    facts = dict(report.sections[0].facts)
    assert facts["Ansatte"] == "50"  # the area's headcount for the year
    assert facts["Bestillinger"] == "6"
    assert facts["Henvendelser"] == "<5"  # one inquiry: below organisation level
    use = _table(report, "Bruk per 100 ansatte")
    assert list(_rows(use)) == ["Alfa"]
    assert use.totals is None
    hours = _table(report, "Timer per område")
    assert [row[0] for row in hours.rows] == ["Alfa"]
    plans = _table(report, "Handlingsplaner per område")
    assert [row[0] for row in plans.rows] == ["Alfa"]


def test_an_area_report_follows_the_small_cell_rule(world):
    beta = world["org"].areas.get(name="Beta")
    report = amu_annual.build(organisation=world["org"], year=YEAR, area=beta)
    assert dict(report.sections[0].facts)["Bestillinger"] == "<5"  # 3 orders
    response = _rows(_table(report, "Svartid mot svarfrist"))
    assert response["Bestillinger"] == ["<5", None, None, None]
    categories = _table(report, "Henvendelser og bestillinger per kategori")
    assert all(cell in ("<5", 0) for row in categories.rows for cell in row[1:])
    assert "<5" in categories.note
    text = str(report)
    assert "Alfa" not in text  # nothing of the other area


def test_an_area_run_is_treated_by_the_area_amu(world, django_capture_on_commit_callbacks):
    """Request through the service: the area stays on the run, and only the area's
    AMU (not another area's) may record the treatment once released."""
    from core.models import Role
    from core.services import role_assign
    from reports import selectors, services
    from reports.models import ReportRun, RunStatus

    alfa = world["org"].areas.get(name="Alfa")
    beta = world["org"].areas.get(name="Beta")
    alfa_amu = UserFactory(username="amu-alfa", email="amu-alfa@test.no")
    beta_amu = UserFactory(username="amu-beta", email="amu-beta@test.no")
    role_assign(user=alfa_amu, role=Role.AMU_MEMBER, scope=alfa)
    role_assign(user=beta_amu, role=Role.AMU_MEMBER, scope=beta)
    manager = UserFactory(username="superleder", is_superuser=True)
    run = services.report_request(
        kind="amu_annual", user=manager, organisation=world["org"], area=alfa, year=YEAR
    )
    assert run.area == alfa and f"area={alfa.pk}" in run.params_key
    ReportRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, released_at=timezone.now(), finished_at=timezone.now()
    )
    run.refresh_from_db()
    assert selectors.may_record_review(alfa_amu, run)
    assert not selectors.may_record_review(beta_amu, run)
    assert not selectors.runs_visible_to(beta_amu).filter(pk=run.pk).exists()
    assert {u.pk for u in selectors.committee_members(run)} == {alfa_amu.pk}


def test_it_states_how_preventive_work_was_prioritised(world):
    report = amu_annual.build(organisation=world["org"], year=YEAR)
    section = _section(report, "Prioritering av forebyggende arbeid")
    rows = _rows(section.tables[0])
    letter_a = rows["a) Kartlegging og risikovurdering"]
    assert letter_a[0] == "Ja"
    hours_table = _rows(_table(report, "Timer per lovpålagt oppgave (§ 13-2) og tilleggstjenester"))
    assert letter_a[3] == hours_table["a) Kartlegging og risikovurdering"][0]
    assert "av timene på lovpålagte oppgaver" in section.paragraphs[0]


def test_trends_of_an_area_follow_the_small_cell_rule(world):
    """The trends page uses the annual report's definitions and its small-cell rule:
    Beta's 3 orders give no rate, no response time and no satisfaction; the whole
    organisation shows them."""
    from reports.trends import trends

    beta = world["org"].areas.get(name="Beta")
    by_title = {s.title: s for s in trends(organisation=world["org"], area=beta, years=[YEAR])}
    use = by_title["Bruk per 100 ansatte"].rows[0]
    assert use[0] == YEAR and use[1] is None
    assert by_title["Svartid, median"].rows[0][1] is None
    assert "skjult eller mangler" in by_title["Svartid, median"].alt
    whole = {s.title: s for s in trends(organisation=world["org"], area=None, years=[YEAR])}
    assert whole["Bruk per 100 ansatte"].rows[0][1] is not None
    assert whole["Svartid, median"].rows[0][1] is not None
