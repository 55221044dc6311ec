"""The sick-leave upload page and the `sick-leave` API (list, import)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Organisation
from reports import sick_leave
from reports.models import SickLeaveStat

pytestmark = pytest.mark.django_db

HEADER = (
    "area;unit;department;period_start;period_end;"
    "agreed_workdays;lost_self_certified;lost_doctor_certified\n"
)
GOOD = HEADER + (
    "Helse og sosial;Psykisk helse og rus;;2019-01-01;2019-06-30;1000;20;60\n"
    "Skole;Haugland skole;;2019-01-01;2019-06-30;400;10;10\n"
)
BAD = HEADER + (
    "Helse og sosial;Psykisk helse og rus;;2019-01-01;2019-06-30;1000;20;60\n"
    "Helse og sosial;Finnes ikke;;2019-01-01;2019-06-30;abc;10;10\n"
)


def fjordby() -> Organisation:
    return Organisation.objects.get(slug="fjordby")


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("sykefravaer.csv", text.encode(), content_type="text/csv")


@pytest.fixture(autouse=True)
def units():
    """The units GOOD names exist in the demo organisation."""
    from core.models import ServiceUnit

    names = {u.name for u in ServiceUnit.objects.filter(area__organisation=fjordby())}
    assert {"Psykisk helse og rus", "Haugland skole"} <= names, sorted(names)[:20]


def test_bht_manager_uploads_a_file(client, bhtleder):
    client.force_login(bhtleder)
    page = client.get(reverse("reports:sick-leave"))
    assert page.status_code == 200
    response = client.post(
        reverse("reports:sick-leave"), {"organisation": fjordby().pk, "file": _csv(GOOD)}
    )
    assert response.status_code == 302
    assert SickLeaveStat.objects.filter(period_start__year=2019).count() == 2
    page = client.get(reverse("reports:sick-leave")).content.decode()
    # (20+60+10+10) × 100 / 1400 = 7.14… → 7,1 %
    assert "7,1" in page


def test_a_bad_row_names_row_and_column_and_saves_nothing(client, bhtleder):
    client.force_login(bhtleder)
    response = client.post(
        reverse("reports:sick-leave"), {"organisation": fjordby().pk, "file": _csv(BAD)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rad 3" in page and "agreed_workdays" in page and "unit" in page
    assert not SickLeaveStat.objects.filter(period_start__year=2019).exists()


def test_upload_form_errors_per_field(client, bhtleder):
    client.force_login(bhtleder)
    response = client.post(reverse("reports:sick-leave"), {"organisation": ""})
    assert response.status_code == 400
    assert 'id="sl-org-error"' in response.content.decode()
    response = client.post(reverse("reports:sick-leave"), {"organisation": fjordby().pk})
    assert response.status_code == 400
    assert 'id="sl-file-error"' in response.content.decode()
    pdf = SimpleUploadedFile("x.pdf", b"%PDF", content_type="application/pdf")
    response = client.post(
        reverse("reports:sick-leave"), {"organisation": fjordby().pk, "file": pdf}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("username", ["radgiver", "merkantil", "kommunalsjef", "amu", "ansatt"])
def test_only_the_bht_manager_uploads(client, persona, username):
    client.force_login(persona(username))
    assert client.get(reverse("reports:sick-leave")).status_code == 403
    response = client.post(
        reverse("reports:sick-leave"), {"organisation": fjordby().pk, "file": _csv(GOOD)}
    )
    assert response.status_code == 403
    assert not SickLeaveStat.objects.filter(period_start__year=2019).exists()


def test_api_import_and_list(api, bhtleder):
    api.force_authenticate(bhtleder)
    response = api.post(
        "/api/v1/sick-leave/import/",
        {"organisation": fjordby().pk, "file": _csv(GOOD)},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"rows": 2, "created": 2, "updated": 0}
    rows = api.get("/api/v1/sick-leave/", {"year": 2019}).json()["results"]
    assert len(rows) == 2
    hjemme = next(r for r in rows if Decimal(r["agreed_workdays"]) == 1000)
    assert Decimal(hjemme["percent"]) == sick_leave.sick_leave_percent(Decimal(80), Decimal(1000))


def test_api_import_errors_per_row_and_nothing_saved(api, bhtleder):
    api.force_authenticate(bhtleder)
    response = api.post(
        "/api/v1/sick-leave/import/",
        {"organisation": fjordby().pk, "file": _csv(BAD)},
        format="multipart",
    )
    assert response.status_code == 400
    errors = response.json()
    assert "file" in str(errors) and "Rad 3" in str(errors)
    assert not SickLeaveStat.objects.filter(period_start__year=2019).exists()


def test_api_import_forbidden_for_others(api, radgiver):
    api.force_authenticate(radgiver)
    response = api.post(
        "/api/v1/sick-leave/import/",
        {"organisation": fjordby().pk, "file": _csv(GOOD)},
        format="multipart",
    )
    assert response.status_code == 403


def test_api_list_scope(api, bhtleder, kommunalsjef, avdelingsleder, client):
    client.force_login(bhtleder)
    client.post(reverse("reports:sick-leave"), {"organisation": fjordby().pk, "file": _csv(GOOD)})
    api.force_authenticate(kommunalsjef)  # director of Helse og sosial: only its units
    rows = api.get("/api/v1/sick-leave/", {"year": 2019}).json()["results"]
    assert len(rows) == 1 and Decimal(rows[0]["agreed_workdays"]) == 1000
    api.force_authenticate(avdelingsleder)
    assert api.get("/api/v1/sick-leave/").json()["count"] == 0
