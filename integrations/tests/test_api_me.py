"""GET /api/v1/me/: whose token this is, with roles and scopes, advisor and feed."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from core.models import Advisor
from integrations import calendar

pytestmark = pytest.mark.usefixtures("demo_data")


def test_it_answers_for_the_tokens_holder(client, avdelingsleder):
    token = Token.objects.create(user=avdelingsleder)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == avdelingsleder.pk
    assert data["username"] == "avdelingsleder"
    assert data["name"] == avdelingsleder.get_full_name()
    assert data["advisor"] is None
    roles = {(r["role"], r["department"]) for r in data["roles"]}
    assert ("department_leader", avdelingsleder.department_id) in roles
    assert data["calendar_feed"] == calendar.feed_url(avdelingsleder)
    assert data["calendar_feed"].endswith(".ics")


def test_an_advisor_gets_the_advisor_id(api, radgiver):
    api.force_authenticate(radgiver)
    data = api.get("/api/v1/me/").data
    assert data["advisor"] == Advisor.objects.get(user=radgiver).pk
    assert "bht_advisor" in {r["role"] for r in data["roles"]}


def test_a_revoked_feed_is_null(api, ansatt):
    calendar.feed_revoke(ansatt)
    calendar.feed_token(ansatt)  # a first feed, then revoked
    calendar.feed_revoke(ansatt)
    api.force_authenticate(ansatt)
    assert api.get("/api/v1/me/").data["calendar_feed"] is None


def test_anonymous_gets_401(api):
    assert api.get("/api/v1/me/").status_code == 401
