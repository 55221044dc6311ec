"""Personas for every test: the demo logins of `seed_demo` (README, "Demo logins").

The demo organisation is loaded once per test database; each test runs in a
transaction that is rolled back, so tests may change it freely. Tests that need
a live server (transactional) get the data back through `demo_data`.
"""

from collections.abc import Callable

import pytest
from django.core.management import call_command

from core.models import User

PERSONAS = (
    "ansatt",
    "verneombud",
    "tillitsvalgt",
    "avdelingsleder",
    "tjenesteleder",
    "kommunalsjef",
    "radmann",
    "amu",
    "radgiver",
    "bhtleder",
    "merkantil",
    "avdelingsleder2",
)


def pytest_configure(config):
    from django.conf import settings

    # The real hasher costs ~0.3 s per login; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)


@pytest.fixture
def demo_data(db) -> None:
    """Makes sure the demo organisation exists (a transactional test may have flushed it)."""
    if not User.objects.filter(username="bhtleder").exists():
        call_command("seed_demo", verbosity=0)


def second_client() -> None:
    """The demo's second client, Nabo AS, and the advisors limited to one client
    (`seed_demo --second-client`); seeded inside the test, rolled back after it."""
    from django.conf import settings

    from bht import demo_clients

    demo_clients.seed(password=settings.DEMO_PASSWORD)


@pytest.fixture
def persona(demo_data) -> Callable[[str], User]:
    def get(username: str) -> User:
        assert username in PERSONAS, f"unknown persona {username!r}"
        return User.objects.get(username=username)

    return get


def _persona_fixture(username: str):
    @pytest.fixture(name=username)
    def fixture(persona):
        return persona(username)

    return fixture


for _name in PERSONAS:
    globals()[_name] = _persona_fixture(_name)


@pytest.fixture
def radgiver_fjordby(demo_data) -> User:
    """A BHT advisor limited to Fjordby kommune (seed_demo --second-client)."""
    second_client()
    return User.objects.get(username="radgiver_fjordby")


@pytest.fixture
def radgiver_nabo(demo_data) -> User:
    """A BHT advisor limited to Nabo AS (seed_demo --second-client)."""
    second_client()
    return User.objects.get(username="radgiver_nabo")


@pytest.fixture
def outsider(avdelingsleder2: User) -> User:
    """A department leader in skole: outside helse og sosial, where the personas work."""
    return avdelingsleder2


@pytest.fixture
def api():
    """A DRF test client; log in with `api.force_authenticate(user)`."""
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture(autouse=True)
def _tasks_in_process(request, monkeypatch):
    """Celery tasks run in-process in every test but the `celery_worker` ones, also in
    CI's broker pass: a worker cannot see a test's uncommitted rows, and the mails a
    task sends must land in this process's `mail.outbox` (docs/reliability.md)."""
    if request.node.get_closest_marker("celery_worker"):
        return
    from bht.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)
    monkeypatch.setattr(app.conf, "task_eager_propagates", True)
