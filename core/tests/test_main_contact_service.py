"""services.main_contact_assign: one current main contact per area, history kept."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import ApplicationError
from core.models import Advisor, MainContact, ServiceArea, User
from core.services import main_contact_assign
from core.tests.factories import AdvisorFactory, ServiceAreaFactory, ServiceUnitFactory

pytestmark = pytest.mark.usefixtures("demo_data")

DAY = datetime.timedelta(days=1)


@pytest.fixture
def kultur():
    return ServiceArea.objects.get(name="Kultur")


@pytest.fixture
def current(kultur):
    return MainContact.objects.current().get(area=kultur)


@pytest.fixture
def other(current):
    """A professional advisor who is not the current main contact of Kultur."""
    return (
        Advisor.objects.filter(is_active=True, competence_areas__isnull=False)
        .exclude(pk=current.advisor_id)
        .first()
    )


def rows(area):
    return list(MainContact.objects.filter(area=area).order_by("valid_from"))


def test_it_closes_the_old_row_the_day_before_and_keeps_history(kultur, current, other, bhtleder):
    today = timezone.localdate()

    new = main_contact_assign(advisor=other, area=kultur, valid_from=today, by=bhtleder)

    old, latest = rows(kultur)
    assert old.pk == current.pk
    assert old.advisor_id == current.advisor_id
    assert old.valid_to == today - DAY
    assert latest == new
    assert (new.advisor, new.valid_from, new.valid_to) == (other, today, None)
    assert MainContact.objects.current().get(area=kultur) == new


def test_it_keeps_the_old_contact_current_until_a_future_start(kultur, current, other):
    start = timezone.localdate() + 7 * DAY

    main_contact_assign(advisor=other, area=kultur, valid_from=start)

    assert MainContact.objects.current().get(area=kultur).advisor_id == current.advisor_id
    assert MainContact.objects.current(on=start).get(area=kultur).advisor == other


def test_it_corrects_the_row_on_a_same_day_change(bhtleder):
    area = ServiceAreaFactory()
    first, second = AdvisorFactory(), AdvisorFactory()
    day = timezone.localdate()

    row = main_contact_assign(advisor=first, area=area, valid_from=day, by=bhtleder)
    corrected = main_contact_assign(advisor=second, area=area, valid_from=day, by=bhtleder)

    assert corrected.pk == row.pk
    assert [(r.advisor, r.valid_from, r.valid_to) for r in rows(area)] == [(second, day, None)]


def test_it_keeps_the_row_when_the_same_advisor_is_assigned_again(kultur, current):
    again = main_contact_assign(advisor=current.advisor, area=kultur)

    assert again == current
    assert rows(kultur) == [current]


def test_it_refuses_a_start_before_the_current_row(kultur, current, other):
    with pytest.raises(ApplicationError) as error:
        main_contact_assign(advisor=other, area=kultur, valid_from=current.valid_from - DAY)

    assert error.value.field == "valid_from"
    assert rows(kultur) == [current]


def test_it_lets_the_database_refuse_a_second_open_row(kultur, other):
    with pytest.raises(IntegrityError), transaction.atomic():
        MainContact.objects.create(advisor=other, area=kultur)


def test_it_lets_the_database_refuse_a_second_open_row_for_a_unit():
    unit = ServiceUnitFactory()
    MainContact.objects.create(advisor=AdvisorFactory(), unit=unit)

    with pytest.raises(IntegrityError), transaction.atomic():
        MainContact.objects.create(advisor=AdvisorFactory(), unit=unit)


def test_it_allows_many_closed_rows_beside_the_open_one(kultur, current, other):
    today = timezone.localdate()
    main_contact_assign(advisor=other, area=kultur, valid_from=today - 10 * DAY)
    main_contact_assign(advisor=current.advisor, area=kultur, valid_from=today)

    history = rows(kultur)

    assert len(history) == 3
    assert [r.valid_to is None for r in history] == [False, False, True]


@pytest.mark.parametrize("username", ["radgiver", "merkantil", "kommunalsjef", "radmann"])
def test_it_forbids_anyone_but_the_bht_manager(persona, username, kultur, current, other):
    with pytest.raises(PermissionDenied):
        main_contact_assign(advisor=other, area=kultur, by=persona(username))

    assert rows(kultur) == [current]


def test_it_lets_a_superuser_change_the_main_contact(kultur, other):
    admin = User.objects.get(username="admin")

    main_contact_assign(advisor=other, area=kultur, by=admin)

    assert MainContact.objects.current().get(area=kultur).advisor == other


def test_it_refuses_an_inactive_advisor(kultur, current, other, bhtleder):
    other.is_active = False
    other.save()

    with pytest.raises(ApplicationError) as error:
        main_contact_assign(advisor=other, area=kultur, by=bhtleder)

    assert error.value.field == "advisor"
    assert rows(kultur) == [current]


def test_it_needs_either_an_area_or_a_unit(kultur, other):
    unit = kultur.units.first()

    with pytest.raises(ApplicationError):
        main_contact_assign(advisor=other)
    with pytest.raises(ApplicationError):
        main_contact_assign(advisor=other, area=kultur, unit=unit)


def test_it_gives_a_unit_its_own_main_contact_beside_the_area(kultur, current, other):
    unit = kultur.units.first()

    contact = main_contact_assign(advisor=other, unit=unit)

    assert MainContact.objects.current().get(unit=unit) == contact
    assert MainContact.objects.current().get(area=kultur) == current


def test_it_refuses_a_manager_limited_to_another_organisation(demo_data):
    import pytest as _pytest
    from django.core.exceptions import PermissionDenied as _Denied

    from core.models import Advisor, Role, ServiceArea
    from core.services import main_contact_assign, role_assign
    from core.tests.factories import OrganisationFactory, UserFactory

    manager = UserFactory(username="ekstern-leder")
    role_assign(user=manager, role=Role.BHT_MANAGER, scope=OrganisationFactory())
    area = ServiceArea.objects.get(name="Helse og sosial")
    advisor = Advisor.objects.exclude(main_contacts__area=area).filter(is_active=True).first()

    with _pytest.raises(_Denied):
        main_contact_assign(advisor=advisor, area=area, by=manager)
