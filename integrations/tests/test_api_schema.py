"""Issue 16's endpoints are in the OpenAPI schema, and real answers hold to it.

schemathesis (scripts/api_fuzz.sh) fuzzes every operation, but it cannot guess the id
of a webhook, so it never sees a delivery log; here each answer, with real rows (a
delivered and a failed attempt), is validated against the schema it documents."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator
from openapi_schema_validator import OAS30Validator

from integrations import webhooks
from integrations.models import WebhookDelivery
from orders.tests import factories as f

pytestmark = pytest.mark.usefixtures("demo_data")

OPERATIONS = {
    "/api/v1/me/": {"get"},
    "/api/v1/reports/{id}/files/{file_format}/": {"get"},
    "/api/v1/orders/{id}/events/": {"get", "post"},
    "/api/v1/orders/{id}/attachments/": {"get", "post"},
    "/api/v1/orders/{id}/attachments/{event_id}/": {"get"},
    "/api/v1/webhooks/": {"get", "post"},
    "/api/v1/webhooks/{id}/": {"get", "delete"},
    "/api/v1/webhooks/{id}/deliveries/": {"get"},
}


@pytest.fixture(scope="module")
def spec():
    return SchemaGenerator().get_schema(request=None, public=True)


def conforms(spec, path: str, method: str, status: int, data) -> None:
    """Raises if `data` breaks the JSON schema of that documented answer."""
    documented = spec["paths"][path][method]["responses"][str(status)]
    schema = documented["content"]["application/json"]["schema"]
    # One document holding the components, so that "#/components/..." resolves.
    OAS30Validator({"allOf": [schema], "components": spec["components"]}).validate(data)


def test_every_endpoint_of_the_issue_is_documented(spec):
    documented = {path: set(spec["paths"].get(path, {})) for path in OPERATIONS}
    assert documented == OPERATIONS
    for component in ("PlanItem", "ActionPlan"):
        assert {"used_hours", "used_percent"} <= set(
            spec["components"]["schemas"][component]["properties"]
        )
    assert set(spec["components"]["schemas"]["Me"]["properties"]) >= {
        "id", "username", "name", "roles", "advisor", "calendar_feed",
    }  # fmt: skip
    created = spec["components"]["schemas"]["WebhookCreated"]["properties"]
    assert "secret" in created
    assert "secret" not in spec["components"]["schemas"]["Webhook"]["properties"]


def test_the_webhook_answers_hold_to_the_schema(api, bhtleder, spec, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    settings.WEBHOOKS_TIMEOUT_SECONDS = 1
    api.force_authenticate(bhtleder)
    # Port 9 (discard) on loopback: nobody listens, so the attempt fails.
    created = api.post(
        "/api/v1/webhooks/",
        {"url": "http://127.0.0.1:9/hook", "events": ["order.accepted"]},
        format="json",
    )
    assert created.status_code == 201
    conforms(spec, "/api/v1/webhooks/", "post", 201, created.json())
    hook = created.json()["id"]
    f.accepted()
    f.accepted()
    first, second = WebhookDelivery.objects.order_by("pk")
    webhooks.deliver(first.pk)  # refused: no status code, an error, a next attempt
    WebhookDelivery.objects.filter(pk=second.pk).update(status="delivered")

    listing = api.get(f"/api/v1/webhooks/{hook}/deliveries/")
    assert listing.status_code == 200
    rows = listing.json()["results"]
    assert {r["status"] for r in rows} == {"pending", "delivered"}
    assert any(r["attempt_log"] and r["attempt_log"][0]["status_code"] is None for r in rows)
    conforms(spec, "/api/v1/webhooks/{id}/deliveries/", "get", 200, listing.json())
    conforms(spec, "/api/v1/webhooks/", "get", 200, api.get("/api/v1/webhooks/").json())
    conforms(
        spec, "/api/v1/webhooks/{id}/", "get", 200, api.get(f"/api/v1/webhooks/{hook}/").json()
    )


def test_me_and_the_timeline_hold_to_the_schema(api, radgiver, spec):
    api.force_authenticate(radgiver)
    conforms(spec, "/api/v1/me/", "get", 200, api.get("/api/v1/me/").json())
    order = f.accepted()
    events = api.get(f"/api/v1/orders/{order.pk}/events/")
    assert events.status_code == 200 and events.json()
    conforms(spec, "/api/v1/orders/{id}/events/", "get", 200, events.json())
