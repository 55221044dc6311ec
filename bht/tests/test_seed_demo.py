"""seed_demo: the demo organisation of DESIGN.md §9, built idempotently."""

import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from conftest import PERSONAS
from core.models import (
    Advisor,
    BhtProfile,
    CompetenceArea,
    Department,
    Headcount,
    InquiryCategory,
    MainContact,
    Organisation,
    Role,
    RoleAssignment,
    Service,
    ServiceArea,
    ServiceUnit,
    User,
)

AREAS = [
    "Administrasjon",
    "Barn og ungdom",
    "Barnehager",
    "Eiendom",
    "Helse og sosial",
    "Kommunalteknisk",
    "Kultur",
    "Plan og miljø",
    "Pleie og omsorg",
    "Skole",
]

pytestmark = pytest.mark.usefixtures("demo_data")


def seed(**kwargs) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **kwargs)
    return out.getvalue()


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table of the bht app (many-to-many tables included)."""
    tables = {}
    for model in apps.get_app_config("bht").get_models(include_auto_created=True):
        tables[model._meta.db_table] = list(model._default_manager.order_by("pk").values())
    return tables


def active_role(user, role, **scope):
    scope = {"organisation": None, "area": None, "unit": None, "department": None, **scope}
    return RoleAssignment.objects.active().filter(user=user, role=role, **scope).exists()


def test_it_gives_the_same_rows_and_values_when_run_twice():
    seed(verbosity=0)
    before = snapshot()

    seed(verbosity=0)

    after = snapshot()
    assert {table: len(rows) for table, rows in after.items()} == {
        table: len(rows) for table, rows in before.items()
    }
    assert after == before  # values too, down to updated_at and password hashes


def test_it_puts_back_demo_values_changed_by_hand(radgiver):
    helse = ServiceArea.objects.get(name="Helse og sosial")
    helse.employees = 1
    helse.save()
    User.objects.filter(pk=radgiver.pk).update(phone="99 99 99 99")

    seed(verbosity=0)

    assert ServiceArea.objects.get(pk=helse.pk).employees == 1280
    assert User.objects.get(pk=radgiver.pk).phone == "55 55 12 34"


def test_it_restores_a_main_contact_changed_by_hand_and_keeps_the_history(radgiver):
    helse = ServiceArea.objects.get(name="Helse og sosial")
    other = Advisor.objects.exclude(user=radgiver).filter(is_external=False).first()
    MainContact.objects.filter(area=helse).update(advisor=other)

    seed(verbosity=0)

    current = MainContact.objects.current().get(area=helse)
    assert current.advisor.user == radgiver
    assert MainContact.objects.filter(area=helse, advisor=other).exists()


@pytest.mark.parametrize("username", [*PERSONAS, "admin"])
def test_it_lets_every_demo_login_in_with_the_demo_password(username):
    assert authenticate(username=username, password="demo") is not None


def test_it_has_exactly_the_documented_demo_logins():
    assert set(User.objects.filter(username__in=PERSONAS).values_list("username", flat=True)) == (
        set(PERSONAS)
    )
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not User.objects.exclude(username="admin").filter(is_superuser=True).exists()


def test_it_gives_other_people_no_usable_password():
    others = User.objects.exclude(username__in=[*PERSONAS, "admin"])

    assert others.count() > 100
    assert not any(user.has_usable_password() for user in others)


def test_it_sets_a_changed_demo_password(settings):
    settings.DEMO_PASSWORD = "ny-demo"

    seed(verbosity=0)

    assert authenticate(username="ansatt", password="ny-demo") is not None
    assert authenticate(username="ansatt", password="demo") is None


def test_it_prints_a_summary_and_nothing_with_v0():
    assert "Fjordby kommune" in seed()
    assert "bhtleder" in seed()
    assert seed(verbosity=0) == ""


def test_it_builds_the_municipality():
    org = Organisation.objects.get(slug="fjordby")

    assert org.name == "Fjordby kommune"
    assert len(org.org_number) == 9 and org.org_number.isdigit()
    assert (org.employees, org.fte) == (9344, Decimal("7288.0"))
    assert org.sla_working_days == 3
    assert org.sick_leave_threshold_percent == Decimal("12.0")


def test_it_builds_ten_areas_each_with_a_director_and_two_to_five_units():
    areas = ServiceArea.objects.filter(organisation__slug="fjordby").order_by("name")

    assert [area.name for area in areas] == AREAS
    for area in areas:
        assert area.director is not None
        assert active_role(area.director, Role.AREA_DIRECTOR, area=area)
        assert 2 <= area.units.count() <= 5, area


def test_it_gives_every_unit_a_leader_and_one_to_four_departments():
    units = ServiceUnit.objects.filter(area__organisation__slug="fjordby")

    for unit in units:
        assert active_role(unit.leader, Role.UNIT_LEADER, unit=unit), unit
        assert 1 <= unit.departments.count() <= 4, unit
    for department in Department.objects.filter(unit__in=units):
        assert active_role(department.leader, Role.DEPARTMENT_LEADER, department=department)
    assert units.filter(employees__gt=200).count() >= 3


def test_it_makes_headcounts_add_up():
    org = Organisation.objects.get(slug="fjordby")
    areas = list(org.areas.prefetch_related("units__departments"))

    assert sum(area.employees for area in areas) == org.employees
    for area in areas:
        assert area.employees == sum(unit.employees for unit in area.units.all())
        for unit in area.units.all():
            assert unit.employees == sum(d.employees for d in unit.departments.all())


def test_it_records_headcounts_for_the_current_year():
    year = timezone.localdate().year
    org = Organisation.objects.get(slug="fjordby")
    helse = org.areas.get(name="Helse og sosial")
    department = Department.objects.get(leader__username="avdelingsleder")

    assert Headcount.objects.get(year=year, organisation=org).employees == 9344
    assert Headcount.objects.get(year=year, area=helse).employees == helse.employees
    assert Headcount.objects.get(year=year, department=department).employees == (
        department.employees
    )
    nodes = 1 + org.areas.count() + ServiceUnit.objects.filter(area__organisation=org).count()
    nodes += Department.objects.filter(unit__area__organisation=org).count()
    assert Headcount.objects.filter(year=year).count() == nodes


def test_it_places_the_personas_as_documented(
    ansatt,
    verneombud,
    tillitsvalgt,
    avdelingsleder,
    tjenesteleder,
    kommunalsjef,
    radmann,
    amu,
    avdelingsleder2,
):
    org = Organisation.objects.get(slug="fjordby")
    helse = ServiceArea.objects.get(name="Helse og sosial")
    psykisk = helse.units.get(name="Psykisk helse og rus")
    department = Department.objects.get(leader=avdelingsleder)

    assert department.unit == psykisk
    assert ansatt.department == avdelingsleder.department == department
    assert active_role(ansatt, Role.EMPLOYEE, department=department)
    assert active_role(verneombud, Role.SAFETY_REP, unit=psykisk)
    assert verneombud.department.unit == psykisk
    assert active_role(tillitsvalgt, Role.UNION_REP, organisation=org)
    assert active_role(avdelingsleder, Role.DEPARTMENT_LEADER, department=department)
    assert psykisk.leader == tjenesteleder
    assert active_role(tjenesteleder, Role.UNIT_LEADER, unit=psykisk)
    assert helse.director == kommunalsjef
    assert active_role(kommunalsjef, Role.AREA_DIRECTOR, area=helse)
    assert active_role(radmann, Role.EXECUTIVE, organisation=org)
    assert active_role(amu, Role.AMU_MEMBER, organisation=org)
    led = Department.objects.get(leader=avdelingsleder2)
    assert led.unit.area.name == "Skole"
    assert avdelingsleder2.department == led
    assert active_role(avdelingsleder2, Role.DEPARTMENT_LEADER, department=led)


def test_it_gives_people_names_phones_and_emails():
    for user in User.objects.filter(username__in=PERSONAS):
        assert user.first_name and user.last_name, user.username
        assert user.email.endswith("@fjordby.kommune.no")
        assert user.phone.startswith("55 55 ")


def test_it_staffs_the_bht_as_in_the_evaluation(bhtleder, radgiver, merkantil):
    advisors = list(Advisor.objects.prefetch_related("competence_areas").select_related("user"))
    office = [a for a in advisors if a.profession == "Merkantil"]
    professionals = [a for a in advisors if a.profession != "Merkantil"]

    assert len(advisors) == 12
    assert sum(a.fte for a in professionals) == Decimal("8.85")
    assert [(a.user, a.fte) for a in office] == [(merkantil, Decimal(1))]
    assert not merkantil.advisor.competence_areas.exists()
    professions = " ".join(a.profession.lower() for a in advisors)
    for word in ("bedriftssykepleier", "jordmor", "filosof", "yrkeshygieniker"):
        assert word in professions
    for word in ("fysioterapeut", "ernæringsfysiolog", "folkehelse", "bedriftslege"):
        assert word in professions
    doctor = next(a for a in advisors if "bedriftslege" in a.profession.lower())
    assert doctor.is_external
    assert all(a.hourly_cost and a.hourly_cost > 0 for a in advisors)
    assert radgiver.advisor.profession == "Bedriftssykepleier"
    assert active_role(radgiver, Role.BHT_ADVISOR)
    assert active_role(bhtleder, Role.BHT_MANAGER)
    assert active_role(merkantil, Role.BHT_OFFICE)


def test_it_meets_the_approval_rule_of_03_fte_per_required_competence_area():
    for area in CompetenceArea.objects.filter(required_for_approval=True):
        fte = sum(a.fte for a in area.advisors.all())
        assert fte >= Decimal("0.3"), area


def test_it_creates_the_competence_areas():
    rows = list(CompetenceArea.objects.values_list("code", "required_for_approval"))

    assert rows == [
        ("arbeidsmedisin", True),
        ("yrkeshygiene", True),
        ("ergonomi", True),
        ("psykososialt", True),
        ("hms", False),
    ]
    assert CompetenceArea.objects.get(code="psykososialt").name == (
        "Organisatorisk og psykososialt arbeidsmiljø"
    )


def test_it_creates_statutory_and_additional_services():
    services = Service.objects.prefetch_related("competence_areas")

    codes = {service.statutory_code for service in services}
    assert {"a", "b", "c", "e", "f", "g", "h", "extra"} <= codes
    assert services.filter(statutory_code="extra").count() >= 15
    assert services.exclude(statutory_code="extra").count() >= 8
    for service in services:
        assert service.description and service.typical_hours, service
        assert service.competence_areas.exists(), service
    assert services.filter(name="Dialogmøte 1", statutory_code="f").exists()


def test_it_creates_the_inquiry_categories_in_order():
    assert list(InquiryCategory.objects.values_list("name", flat=True)) == [
        "Vold og trusler",
        "Mobbing/trakassering",
        "Tilrettelegging av arbeidet",
        "Psykososialt arbeidsmiljø",
        "Ergonomi og fysisk belastning",
        "Konflikthåndtering",
        "Kurs/opplæring",
        "Arbeidsmiljøet generelt",
        "Annet",
    ]


def test_it_gives_every_area_exactly_one_current_main_contact(radgiver):
    areas = ServiceArea.objects.filter(organisation__slug="fjordby")

    for area in areas:
        contacts = MainContact.objects.current().filter(area=area)
        assert contacts.count() == 1, area
        advisor = contacts.get().advisor
        assert advisor.is_active and not advisor.is_external and advisor.profession != "Merkantil"
    helse = MainContact.objects.current().get(area__name="Helse og sosial")
    assert helse.advisor.user == radgiver
    advisors = MainContact.objects.current().values("advisor").distinct().count()
    assert advisors >= 8  # spread across the BHT, not one person for all


def test_it_describes_the_bht():
    profile = BhtProfile.objects.get()

    assert profile.name == "Fjordby kommune BHT"
    assert profile.approval_number
    assert profile.approval_status() in {"valid", "expiring"}
    assert profile.phone and profile.email
