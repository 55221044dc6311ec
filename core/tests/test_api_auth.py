from django.test import override_settings
from rest_framework.authtoken.models import Token

URL = "/api/v1/auth/token/"


def test_it_returns_a_token_for_username_and_password(api, avdelingsleder):
    response = api.post(URL, {"username": "avdelingsleder", "password": "demo"}, format="json")

    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=avdelingsleder).key


def test_it_refuses_a_wrong_password(api, avdelingsleder):
    response = api.post(URL, {"username": "avdelingsleder", "password": "wrong"}, format="json")

    assert response.status_code == 400
    assert "token" not in response.json()


def test_it_accepts_the_token_on_later_calls(api, avdelingsleder):
    token = api.post(URL, {"username": "avdelingsleder", "password": "demo"}).json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = api.get("/api/v1/service-areas/")

    assert response.status_code == 200
    assert [a["name"] for a in response.json()["results"]] == ["Helse og sosial"]


def test_it_answers_401_to_anonymous_calls(api, demo_data):
    response = api.get("/api/v1/organisations/")

    assert response.status_code == 401


def test_it_accepts_a_session_login(client, avdelingsleder):
    client.force_login(avdelingsleder)

    assert client.get("/api/v1/organisations/").status_code == 200


def test_it_rejects_get_on_the_token_endpoint(api, demo_data):
    assert api.get(URL).status_code == 405


@override_settings(REST_FRAMEWORK={"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"})
def test_it_serves_the_openapi_schema_and_docs(client, avdelingsleder):
    client.force_login(avdelingsleder)

    schema = client.get("/api/schema/")
    docs = client.get("/api/docs/")

    assert schema.status_code == 200
    assert b"/api/v1/main-contacts/" in schema.content
    assert docs.status_code == 200
