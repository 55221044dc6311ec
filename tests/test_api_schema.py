"""The OpenAPI schema documents every answer the API gives (bht/api_schema.py), and the
cases schemathesis found (scripts/api_fuzz.sh) answer 400 with a message per field."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_it_documents_the_error_answers_of_every_operation(schema):
    missing = []
    for path, method, operation in _operations(schema):
        codes = set(operation["responses"])
        wanted = {"401", "403"}
        if method in ("post", "put", "patch"):
            wanted.add("400")
        if "{" in path:
            wanted.add("404")
        if not wanted <= codes:
            missing.append(f"{method.upper()} {path}: {sorted(wanted - codes)}")
    assert not missing, missing


def test_it_describes_field_messages(schema):
    error = schema["components"]["schemas"]["ValidationError"]
    field_messages = error["anyOf"][1]
    assert field_messages["type"] == "object"
    assert "array" in str(field_messages["additionalProperties"])


def test_it_allows_the_blank_decline_reason_of_an_order_never_declined(schema):
    prop = schema["components"]["schemas"]["Order"]["properties"]["decline_reason_code"]
    refs = str(prop)
    assert "BlankEnum" in refs, prop


def test_it_allows_the_empty_sender_of_an_inquiry_not_sent_by_email(schema):
    prop = schema["components"]["schemas"]["Inquiry"]["properties"]["sender_email"]
    assert prop["type"] == "string" and "format" not in prop


@pytest.mark.parametrize(
    ("component", "field"),
    [("ServiceArea", "director"), ("ServiceUnit", "leader"), ("Department", "leader")],
)
def test_it_allows_a_place_without_a_leader(schema, component, field):
    # Nabo AS's unit has no leader (seed_demo --second-client): null, not a Person.
    prop = schema["components"]["schemas"][component]["properties"][field]
    assert prop.get("nullable") is True or any(
        option.get("nullable") for option in prop.get("allOf", []) + prop.get("oneOf", [])
    ), prop


@pytest.mark.parametrize("year", ["0", "0.0", "10000"])
def test_it_answers_400_for_a_year_that_is_no_date(api, bhtleder, year):
    api.force_authenticate(bhtleder)

    response = api.get("/api/v1/sick-leave/", {"year": year})

    assert response.status_code == 400
    assert list(response.json()) == ["year"]


def test_it_answers_400_with_messages_per_field_for_a_nul_in_a_search(api, bhtleder):
    """A NUL is refused before the view (bht.middleware.RefuseNulMiddleware), under
    the field's own name, in the schema's shape of messages per field."""
    api.force_authenticate(bhtleder)

    response = api.get("/api/v1/services/", {"search": "a\x00b"})

    assert response.status_code == 400
    assert list(response.json()) == ["search"]


def test_it_answers_400_for_a_search_on_a_list_that_declares_no_search_fields(api, bhtleder):
    api.force_authenticate(bhtleder)

    response = api.get("/api/v1/inquiries/", {"search": "Hansen"})

    assert response.status_code == 400
    assert list(response.json()) == ["search"]


def test_it_documents_the_amu_meeting_actions_and_the_release(schema):
    """Issue 17: the meeting API's actions and the release of a committee report."""
    paths = schema["paths"]

    def body(path):
        content = paths[path]["post"]["requestBody"]["content"]["application/json"]
        return content["schema"]["$ref"].rsplit("/", 1)[-1]

    assert {"get", "post"} <= set(paths["/api/v1/amu-meetings/"])
    assert "get" in paths["/api/v1/amu-meetings/{id}/"]
    assert body("/api/v1/amu-meetings/{id}/add-item/") == "AddItem"
    assert "201" in paths["/api/v1/amu-meetings/{id}/add-item/"]["post"]["responses"]
    assert body("/api/v1/amu-meetings/{id}/decide/") == "Decide"
    assert "200" in paths["/api/v1/amu-meetings/{id}/approve-minutes/"]["post"]["responses"]
    assert "post" in paths["/api/v1/reports/{id}/release/"]
    components = schema["components"]["schemas"]
    assert {"item", "case_number", "decision"} <= set(components["Decide"]["properties"])
    assert {"kind", "plan", "run", "title"} <= set(components["AddItem"]["properties"])
    meeting = set(components["AmuMeeting"]["properties"])
    assert {"date", "place", "members_present", "items", "minutes_url"} <= meeting
