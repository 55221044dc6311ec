"""The API's token endpoint under django-axes' lockout: 429 with Retry-After and an
explanation, the same lock (username + address) as the login page. See
docs/security.md, "Login throttling"."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator

pytestmark = pytest.mark.usefixtures("demo_data")

OSLO = ZoneInfo("Europe/Oslo")
START = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=OSLO)
URL = "/api/v1/auth/token/"
LOGIN = "/logg-inn/"


def _token(api, password, username="avdelingsleder", ip="10.0.0.1"):
    return api.post(
        URL, {"username": username, "password": password}, format="json", REMOTE_ADDR=ip
    )


def _fail(api, times, username="avdelingsleder", ip="10.0.0.1"):
    return [_token(api, "galt-passord", username, ip) for _ in range(times)]


def _assert_locked(response, retry_after, when):
    assert response.status_code == 429
    assert "token" not in response.json()
    assert response["Retry-After"] == str(retry_after)
    detail = response.json()["detail"]
    assert detail.startswith("Kontoen er midlertidig sperret.")
    assert "Etter 5 mislykkede innlogginger på rad" in detail
    assert when in detail
    assert "Ta kontakt med BHT." in detail
    assert "55 55 12 00" in detail  # the BHT's phone (BhtProfile)


def test_wrong_passwords_before_the_lock_answer_400_per_field(api):
    with time_machine.travel(START, tick=False):
        for response in _fail(api, times=4):
            assert response.status_code == 400
            assert list(response.json()) == ["non_field_errors"]
            assert "Retry-After" not in response


def test_five_failures_lock_wrong_and_right_passwords_alike(api):
    with time_machine.travel(START, tick=False):
        *before, fifth = _fail(api, times=5)
        assert [r.status_code for r in before] == [400] * 4
        # The fifth failure locks, as on the login page.
        _assert_locked(fifth, 900, "Du kan prøve igjen kl. 10:15 (om 15 minutter).")
    with time_machine.travel(START + datetime.timedelta(minutes=5), tick=False):
        _assert_locked(
            _token(api, "galt-passord"), 600, "Du kan prøve igjen kl. 10:15 (om 10 minutter)."
        )
        _assert_locked(
            _token(api, settings.DEMO_PASSWORD),
            600,
            "Du kan prøve igjen kl. 10:15 (om 10 minutter).",
        )


def test_after_the_cool_off_the_right_password_gets_a_token(api):
    with time_machine.travel(START, tick=False):
        _fail(api, times=5)
    with time_machine.travel(START + datetime.timedelta(minutes=14, seconds=30), tick=False):
        # Tries during the lockout do not move its end.
        _assert_locked(
            _token(api, settings.DEMO_PASSWORD), 30, "Du kan prøve igjen kl. 10:15 (om 1 minutt)."
        )
    with time_machine.travel(START + datetime.timedelta(minutes=16), tick=False):
        response = _token(api, settings.DEMO_PASSWORD)

    assert response.status_code == 200
    assert response.json()["token"]
    assert not AccessAttempt.objects.filter(username="avdelingsleder").exists()


def test_another_address_or_username_is_not_locked(api):
    with time_machine.travel(START, tick=False):
        _fail(api, times=5, ip="10.0.0.1")

        assert _token(api, settings.DEMO_PASSWORD, ip="10.0.0.2").status_code == 200
        assert _token(api, "galt-passord", ip="10.0.0.2").status_code == 400
        other_user = _token(api, settings.DEMO_PASSWORD, username="tjenesteleder")
        assert other_user.status_code == 200
        assert _token(api, settings.DEMO_PASSWORD).status_code == 429


def test_a_token_before_the_lock_clears_the_failures(api):
    with time_machine.travel(START, tick=False):
        _fail(api, times=4)

        assert _token(api, settings.DEMO_PASSWORD).status_code == 200
        assert not AccessAttempt.objects.filter(username="avdelingsleder").exists()
        # The count starts again: four more failures do not lock.
        assert [r.status_code for r in _fail(api, times=4)] == [400] * 4
        assert _token(api, settings.DEMO_PASSWORD).status_code == 200


def test_the_lock_is_shared_with_the_login_page(api, client):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            client.post(
                LOGIN, {"username": "avdelingsleder", "password": "feil"}, REMOTE_ADDR="10.0.0.1"
            )

        _assert_locked(_token(api, settings.DEMO_PASSWORD), 900, "Du kan prøve igjen kl. 10:15")
        login = client.post(
            LOGIN,
            {"username": "avdelingsleder", "password": settings.DEMO_PASSWORD},
            REMOTE_ADDR="10.0.0.1",
        )
        assert login.status_code == 429


def test_the_schema_documents_the_429_and_its_retry_after():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    responses = schema["paths"][URL]["post"]["responses"]

    assert responses["400"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ValidationError"
    )
    locked = responses["429"]
    assert locked["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorDetail")
    assert locked["headers"]["Retry-After"]["schema"]["type"] == "integer"
    # Other operations do not answer 429.
    assert "429" not in schema["paths"]["/api/v1/organisations/"]["get"]["responses"]
