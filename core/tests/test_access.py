"""Who sees which part of the organisation tree (structure) and whose matters (oversight)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from core import access
from core.models import (
    Department,
    Organisation,
    Role,
    RoleAssignment,
    ServiceArea,
    ServiceUnit,
    User,
)
from core.services import role_assign
from core.tests.factories import DepartmentFactory, UserFactory

HELSE = "Helse og sosial"
PSYKISK = "Psykisk helse og rus"

pytestmark = pytest.mark.usefixtures("demo_data")


def noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def fresh(user: User) -> User:
    """The scope is cached on the user object; tests that change roles reload it."""
    return User.objects.get(pk=user.pk)


def names(queryset) -> set[str]:
    return set(queryset.values_list("name", flat=True))


def structure(user: User) -> dict[str, set]:
    return {
        "organisations": set(access.organisations_visible_to(user)),
        "areas": set(access.areas_visible_to(user)),
        "units": set(access.units_visible_to(user)),
        "departments": set(access.departments_visible_to(user)),
    }


def whole_organisation() -> dict[str, set]:
    org = Organisation.objects.get(slug="fjordby")
    return {
        "organisations": {org},
        "areas": set(ServiceArea.objects.filter(organisation=org)),
        "units": set(ServiceUnit.objects.filter(area__organisation=org)),
        "departments": set(Department.objects.filter(unit__area__organisation=org)),
    }


def overseen_staff(user: User) -> set[str]:
    """Usernames of the people whose matters `user` may follow, by where they work.

    User carries the whole path (department → unit → area → organisation), so it
    stands in here for the orders and hours that carry the same foreign keys.
    """
    q = access.oversight_q(
        user,
        organisation="department__unit__area__organisation",
        area="department__unit__area",
        unit="department__unit",
        department="department",
    )
    return set(User.objects.filter(q).values_list("username", flat=True))


@pytest.fixture
def helse():
    return ServiceArea.objects.get(name=HELSE)


@pytest.fixture
def psykisk(helse):
    return helse.units.get(name=PSYKISK)


@pytest.fixture
def skole():
    return ServiceArea.objects.get(name="Skole")


# --- structure -------------------------------------------------------------


def test_it_shows_a_department_leader_their_department_unit_and_area_only(
    avdelingsleder, helse, psykisk
):
    department = Department.objects.get(leader=avdelingsleder)

    assert names(access.areas_visible_to(avdelingsleder)) == {HELSE}
    assert names(access.units_visible_to(avdelingsleder)) == {PSYKISK}
    assert set(access.departments_visible_to(avdelingsleder)) == {department}
    assert names(access.organisations_visible_to(avdelingsleder)) == {"Fjordby kommune"}


def test_it_hides_sibling_units_and_departments_from_a_department_leader(
    avdelingsleder, helse, psykisk
):
    siblings = psykisk.departments.exclude(leader=avdelingsleder)
    other_units = helse.units.exclude(pk=psykisk.pk)

    assert siblings.exists() and other_units.exists()
    assert not access.departments_visible_to(avdelingsleder).filter(pk__in=siblings).exists()
    assert not access.units_visible_to(avdelingsleder).filter(pk__in=other_units).exists()


def test_it_shows_the_outsider_nothing_of_helse_og_sosial(outsider, helse, skole):
    assert names(access.areas_visible_to(outsider)) == {"Skole"}
    assert not access.areas_visible_to(outsider).filter(pk=helse.pk).exists()
    assert not access.units_visible_to(outsider).filter(area=helse).exists()
    assert not access.departments_visible_to(outsider).filter(unit__area=helse).exists()
    assert names(access.organisations_visible_to(outsider)) == {"Fjordby kommune"}
    led = Department.objects.get(leader=outsider)
    assert set(access.departments_visible_to(outsider)) == {led}


def test_it_shows_the_area_director_all_of_the_area_and_nothing_of_another(
    kommunalsjef, helse, skole
):
    assert set(access.areas_visible_to(kommunalsjef)) == {helse}
    assert set(access.units_visible_to(kommunalsjef)) == set(helse.units.all())
    assert set(access.departments_visible_to(kommunalsjef)) == set(
        Department.objects.filter(unit__area=helse)
    )
    assert not access.units_visible_to(kommunalsjef).filter(area=skole).exists()
    assert not access.departments_visible_to(kommunalsjef).filter(unit__area=skole).exists()


def test_it_shows_the_unit_leader_the_whole_unit(tjenesteleder, psykisk):
    assert set(access.units_visible_to(tjenesteleder)) == {psykisk}
    assert set(access.departments_visible_to(tjenesteleder)) == set(psykisk.departments.all())
    assert names(access.areas_visible_to(tjenesteleder)) == {HELSE}


def test_it_shows_the_safety_rep_their_unit(verneombud, psykisk):
    assert set(access.units_visible_to(verneombud)) == {psykisk}
    assert set(access.departments_visible_to(verneombud)) == set(psykisk.departments.all())


@pytest.mark.parametrize("username", ["radmann", "amu", "tillitsvalgt"])
def test_it_shows_organisation_wide_roles_the_whole_structure(persona, username):
    user = persona(username)

    assert structure(user) == whole_organisation()


@pytest.mark.parametrize("username", ["radgiver", "bhtleder", "merkantil"])
def test_it_shows_bht_staff_every_organisation(persona, username):
    other = DepartmentFactory()  # another client of the BHT
    user = persona(username)

    seen = structure(user)

    assert Organisation.objects.count() == 2
    assert seen["organisations"] == set(Organisation.objects.all())
    assert other.unit.area in seen["areas"]
    assert seen["departments"] == set(Department.objects.all())


def test_it_hides_another_organisation_from_the_executive(radmann):
    other = DepartmentFactory()

    assert other.unit.area.organisation not in access.organisations_visible_to(radmann)
    assert other not in access.departments_visible_to(radmann)


def test_it_shows_an_employee_without_a_role_their_own_department(ansatt):
    RoleAssignment.objects.filter(user=ansatt).delete()
    user = fresh(ansatt)

    assert set(access.departments_visible_to(user)) == {ansatt.department}
    assert set(access.units_visible_to(user)) == {ansatt.department.unit}
    assert names(access.areas_visible_to(user)) == {HELSE}
    assert access.scope_for(user).roles == frozenset()


def test_it_shows_a_user_without_role_or_department_nothing():
    user = UserFactory()

    assert structure(user) == {
        "organisations": set(),
        "areas": set(),
        "units": set(),
        "departments": set(),
    }


# --- oversight -------------------------------------------------------------


def test_it_gives_a_department_leader_oversight_of_their_department(
    avdelingsleder, ansatt, verneombud
):
    seen = overseen_staff(avdelingsleder)

    assert {"ansatt", "avdelingsleder"} <= seen
    assert seen == set(
        User.objects.filter(department=ansatt.department).values_list("username", flat=True)
    )
    assert "verneombud" not in seen  # a sibling department


def test_it_gives_a_unit_leader_oversight_of_the_unit(tjenesteleder, psykisk):
    seen = overseen_staff(tjenesteleder)

    assert {"ansatt", "avdelingsleder", "verneombud"} <= seen
    assert "tillitsvalgt" not in seen  # works in another unit of the area
    assert seen == set(
        User.objects.filter(department__unit=psykisk).values_list("username", flat=True)
    )


def test_it_gives_an_area_director_oversight_of_the_area_only(kommunalsjef):
    seen = overseen_staff(kommunalsjef)

    assert {"ansatt", "verneombud", "tillitsvalgt", "avdelingsleder"} <= seen
    assert "avdelingsleder2" not in seen


def test_it_gives_the_executive_oversight_of_the_organisation(radmann):
    assert overseen_staff(radmann) == set(
        User.objects.filter(department__isnull=False).values_list("username", flat=True)
    )


@pytest.mark.parametrize("username", ["ansatt", "verneombud", "tillitsvalgt", "amu"])
def test_it_gives_employees_representatives_and_amu_no_oversight(persona, username):
    assert overseen_staff(persona(username)) == set()


@pytest.mark.parametrize("username", ["radgiver", "bhtleder", "merkantil"])
def test_it_gives_bht_staff_oversight_of_everything(persona, username):
    assert overseen_staff(persona(username)) == set(User.objects.values_list("username", flat=True))


def test_it_gives_a_bht_advisor_for_one_client_only_that_client():
    other = DepartmentFactory()
    advisor = UserFactory()
    role_assign(user=advisor, role=Role.BHT_ADVISOR, scope=other.unit.area.organisation)
    worker = UserFactory(department=other)

    assert names(access.organisations_visible_to(advisor)) == {other.unit.area.organisation.name}
    assert overseen_staff(advisor) == {worker.username}


# --- validity dates --------------------------------------------------------


def test_it_gives_nothing_for_an_assignment_that_ended_yesterday(psykisk):
    today = timezone.localdate()
    user = UserFactory()
    role_assign(
        user=user,
        role=Role.UNIT_LEADER,
        scope=psykisk,
        valid_from=today - datetime.timedelta(days=30),
        valid_to=today - datetime.timedelta(days=1),
    )

    assert not access.units_visible_to(user).exists()
    assert not access.areas_visible_to(user).exists()
    assert overseen_staff(user) == set()
    assert access.scope_for(user).roles == frozenset()


def test_it_gives_access_through_the_last_day_of_an_assignment(psykisk):
    today = timezone.localdate()
    user = UserFactory()
    role_assign(user=user, role=Role.UNIT_LEADER, scope=psykisk, valid_to=today)

    assert set(access.units_visible_to(user)) == {psykisk}

    with time_machine.travel(noon(today + datetime.timedelta(days=1)), tick=False):
        assert not access.units_visible_to(fresh(user)).exists()


def test_it_gives_nothing_before_an_assignment_starts(kommunalsjef):
    first_day = RoleAssignment.objects.get(user=kommunalsjef).valid_from

    with time_machine.travel(noon(first_day - datetime.timedelta(days=1)), tick=False):
        user = fresh(kommunalsjef)
        assert not access.areas_visible_to(user).exists()
        assert overseen_staff(user) == set()


def test_it_gives_nothing_to_an_inactive_user(kommunalsjef):
    User.objects.filter(pk=kommunalsjef.pk).update(is_active=False)
    user = fresh(kommunalsjef)

    assert not access.areas_visible_to(user).exists()
    assert overseen_staff(user) == set()


def test_it_sees_a_role_given_after_the_scope_was_first_read(demo_data):
    from core.access import areas_visible_to, scope_for
    from core.models import Role, ServiceArea
    from core.services import role_assign
    from core.tests.factories import UserFactory

    user = UserFactory(username="ny-kommunalsjef")
    assert not scope_for(user).roles
    area = ServiceArea.objects.get(name="Skole")

    role_assign(user=user, role=Role.AREA_DIRECTOR, scope=area)

    assert list(areas_visible_to(user)) == [area]
