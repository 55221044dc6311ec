"""Accounts (issue 7): login throttling, password rules, session expiry, and role
assignments that end on their own. See docs/security.md, "Accounts"."""

import datetime
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import access
from core.models import Role, User
from core.services import role_assign

pytestmark = pytest.mark.usefixtures("demo_data")

OSLO = ZoneInfo("Europe/Oslo")
BASE_DIR = Path(__file__).resolve().parent.parent.parent
LOGIN = "/logg-inn/"


def _fail(client, username="avdelingsleder", times=1, ip="10.0.0.1"):
    for _ in range(times):
        response = client.post(
            LOGIN, {"username": username, "password": "galt-passord"}, REMOTE_ADDR=ip
        )
    return response


def _login(client, username="avdelingsleder", ip="10.0.0.1"):
    return client.post(
        LOGIN, {"username": username, "password": settings.DEMO_PASSWORD}, REMOTE_ADDR=ip
    )


# --- login throttling ----------------------------------------------------------


def test_defaults_lock_out_after_five_failures_for_fifteen_minutes_by_username_and_address():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "core.accounts.LoginThrottleBackend"


def test_four_failures_still_let_the_right_password_in(client):
    _fail(client, times=4)

    response = _login(client)

    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    # A success clears the count.
    assert not AccessAttempt.objects.filter(username="avdelingsleder").exists()


def test_the_fifth_failure_locks_the_account_with_a_message_that_helps(client):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, tzinfo=OSLO), tick=False):
        response = _fail(client, times=5)

    assert response.status_code == 429
    page = response.content.decode()
    assert "Kontoen er midlertidig sperret" in page
    assert "Etter 5 mislykkede innlogginger på rad" in page
    assert "Du kan prøve igjen kl. 10:15 (om 15 minutter)" in page
    alert = page.split('id="login-locked"', 1)[1].split("</div>", 1)[0]
    assert "Ta kontakt med BHT" in alert
    assert "55 55 12 00" in alert  # the BHT's phone (BhtProfile)
    assert 'name="username"' in page and 'value="avdelingsleder"' in page


def test_a_locked_account_refuses_even_the_right_password_until_the_time_has_passed(client):
    start = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=OSLO)
    with time_machine.travel(start, tick=False):
        _fail(client, times=5)
    with time_machine.travel(start + datetime.timedelta(minutes=14), tick=False):
        response = _login(client)

        assert response.status_code == 429
        assert "Du kan prøve igjen kl. 10:15 (om 1 minutt)" in response.content.decode()
        assert "_auth_user_id" not in client.session
    with time_machine.travel(start + datetime.timedelta(minutes=16), tick=False):
        response = _login(client)

        assert response.status_code == 302
        assert "_auth_user_id" in client.session


def test_the_lockout_is_per_username_and_address(client):
    _fail(client, times=5, ip="10.0.0.1")

    assert _login(client, ip="10.0.0.2").status_code == 302
    client.logout()
    assert _login(client, username="tjenesteleder", ip="10.0.0.1").status_code == 302


def test_the_api_token_endpoint_is_throttled_too(client):
    token_url = "/api/v1/auth/token/"
    for _ in range(5):
        client.post(
            token_url, {"username": "avdelingsleder", "password": "feil"}, REMOTE_ADDR="10.0.0.1"
        )

    # Failures through the API lock the login page...
    assert _login(client).status_code == 429
    # ...and a locked account gets no token, even with the right password.
    response = client.post(
        token_url,
        {"username": "avdelingsleder", "password": settings.DEMO_PASSWORD},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 429
    assert "token" not in response.json()
    other_address = client.post(
        token_url,
        {"username": "avdelingsleder", "password": settings.DEMO_PASSWORD},
        REMOTE_ADDR="10.0.0.2",
    )
    assert "token" in other_address.json()


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(client, settings):
    settings.BEHIND_TLS_PROXY = True
    for _ in range(5):
        client.post(
            LOGIN,
            {"username": "avdelingsleder", "password": "feil"},
            REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR="spoofed, 192.0.2.7",
        )

    assert AccessAttempt.objects.get(username="avdelingsleder").ip_address == "192.0.2.7"


def test_the_limits_come_from_the_environment():
    env = {
        **os.environ,
        "LOGIN_FAILURE_LIMIT": "3",
        "LOGIN_LOCKOUT_MINUTES": "60",
        "LOGIN_LOCKOUT_BY": "username,ip_address",
        "SESSION_IDLE_TIMEOUT": "600",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.AXES_LOCKOUT_PARAMETERS, "
        "s.SESSION_IDLE_TIMEOUT)"
    )
    env["DJANGO_SETTINGS_MODULE"] = "bht.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=BASE_DIR, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3 1:00:00 [['username'], ['ip_address']] 600"


# --- passwords -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("kort1x", "minst 8 tegn|at least 8 characters"),
        ("12345678901", "bare tall|entirely numeric"),
        ("password123", "for vanlig|too common"),
        ("avdelingsleder", "likt|similar"),
    ],
)
def test_weak_passwords_are_refused(avdelingsleder, password, why):
    with pytest.raises(ValidationError) as error:
        validate_password(password, user=avdelingsleder)

    import re

    assert re.search(why, " ".join(error.value.messages)), error.value.messages


def test_a_long_uncommon_password_is_accepted(avdelingsleder):
    validate_password("Fjordby-vinter-2026-kaffe", user=avdelingsleder)


# --- sessions ------------------------------------------------------------------


def test_the_login_ends_when_the_browser_closes(client):
    _login(client)

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert client.session.get_expire_at_browser_close()


def test_an_idle_session_is_logged_out_with_a_message(client, avdelingsleder):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=OSLO)
    with time_machine.travel(start, tick=False):
        client.force_login(avdelingsleder)
        assert client.get(reverse("home")).status_code == 200
    # Activity keeps the login alive...
    for minutes in (50, 100, 150):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("home")).status_code == 200
    # ...an hour without it ends the login.
    with time_machine.travel(start + datetime.timedelta(minutes=150 + 61), tick=False):
        response = client.get(reverse("home"))

        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode()
        assert "ikke har vært aktiv på 60 minutter" in page


def test_an_idle_htmx_request_sends_the_whole_page_to_the_login(client, avdelingsleder):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=OSLO)
    with time_machine.travel(start, tick=False):
        client.force_login(avdelingsleder)
        client.get(reverse("home"))
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        response = client.get(reverse("home"), HTTP_HX_REQUEST="true")

    assert response["HX-Redirect"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_a_login_lasts_at_most_session_cookie_age(client, avdelingsleder, settings):
    settings.SESSION_IDLE_TIMEOUT = 0
    start = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=OSLO)
    with time_machine.travel(start, tick=False):
        client.force_login(avdelingsleder)
    with time_machine.travel(start + datetime.timedelta(hours=7, minutes=59), tick=False):
        assert client.get(reverse("home")).status_code == 200
    age = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(start + age + datetime.timedelta(minutes=1), tick=False):
        assert client.get(reverse("home")).status_code == 302


# --- role assignments end on their valid_to date ---------------------------------


def test_a_role_ends_on_its_valid_to_date_without_anyone_acting(client):
    user = User.objects.create_user("vikar", password="x", first_name="Vera", last_name="Vikar")
    role_assign(
        user=user,
        role=Role.BHT_OFFICE,
        valid_from=datetime.date(2026, 1, 1),
        valid_to=datetime.date(2026, 3, 31),
    )
    last_evening = datetime.datetime(2026, 3, 31, 23, 40, tzinfo=OSLO)
    with time_machine.travel(last_evening, tick=False):
        client.force_login(user)
        assert client.get(reverse("bht-profile")).status_code == 200
        assert client.get(reverse("orders:queue")).status_code == 200
        assert access.is_bht_staff(User.objects.get(pk=user.pk))
    # The same login, twenty minutes later: the assignment has ended.
    with time_machine.travel(last_evening + datetime.timedelta(minutes=30), tick=False):
        assert client.get(reverse("bht-profile")).status_code == 403
        assert client.get(reverse("orders:queue")).status_code == 403
        assert not access.is_bht_staff(User.objects.get(pk=user.pk))


def test_a_role_starts_on_its_valid_from_date(client):
    user = User.objects.create_user("nyansatt", password="x")
    role_assign(user=user, role=Role.BHT_OFFICE, valid_from=datetime.date(2026, 4, 1))
    client.force_login(user)
    with time_machine.travel(datetime.datetime(2026, 3, 31, 12, 0, tzinfo=OSLO), tick=False):
        assert client.get(reverse("bht-profile")).status_code == 403
    with time_machine.travel(datetime.datetime(2026, 4, 1, 8, 0, tzinfo=OSLO), tick=False):
        client.force_login(user)
        assert client.get(reverse("bht-profile")).status_code == 200
