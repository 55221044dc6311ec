"""The BHT's training register (§ 2-3): the page, who may add, field errors, and the
status per person in the Labour Inspection documentation."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Advisor, AdvisorTraining
from core.tests.factories import AdvisorFactory
from reports.kinds import labour_inspection

pytestmark = pytest.mark.django_db


def test_the_manager_registers_training_for_hired_in_staff(client, bhtleder):
    hired = AdvisorFactory(is_external=True)
    client.force_login(bhtleder)
    url = reverse("reports:training")
    assert "Ikke registrert" in client.get(url).content.decode()
    day = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    response = client.post(
        url, {"advisor": hired.pk, "date": day, "course": "Innføringskurs", "provider": "STAMI"}
    )
    assert response.status_code == 302
    training = AdvisorTraining.objects.get(advisor=hired)
    assert training.course == "Innføringskurs" and training.recorded_by == bhtleder


def test_bad_input_names_the_field_and_saves_nothing(client, bhtleder):
    advisor = Advisor.objects.filter(is_active=True).first()
    client.force_login(bhtleder)
    before = AdvisorTraining.objects.count()
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    response = client.post(reverse("reports:training"), {"advisor": advisor.pk, "date": future,
                                                         "course": "Kurs"})  # fmt: skip
    assert response.status_code == 400
    assert "Datoen kan ikke være fram i tid." in response.content.decode()
    response = client.post(reverse("reports:training"), {"advisor": advisor.pk, "date": "x"})
    assert response.status_code == 400
    assert AdvisorTraining.objects.count() == before


def test_who_may_see_and_add(client, radgiver, amu):
    client.force_login(radgiver)
    assert client.get(reverse("reports:training")).status_code == 200
    assert client.post(reverse("reports:training"), {}).status_code == 403
    client.force_login(amu)
    assert client.get(reverse("reports:training")).status_code == 403


def test_labour_inspection_lists_training_status_per_person(bhtleder):
    from core.models import Organisation

    AdvisorTraining.objects.all().delete()
    trained, untrained = Advisor.objects.filter(is_active=True).order_by("pk")[:2]
    AdvisorTraining.objects.create(
        advisor=trained, date=datetime.date(2024, 5, 2), course="Innføringskurs"
    )
    report = labour_inspection.build(
        organisation=Organisation.objects.get(slug="fjordby"), year=timezone.localdate().year - 1
    )
    table = next(
        t for s in report.sections for t in s.tables if t.title == "Opplæring i BHT-rollen"
    )
    rows = {row[0]: row for row in table.rows}
    assert rows[str(trained)][2:5] == ["Gjennomført", "Innføringskurs", "02.05.2024"]
    assert rows[str(untrained)][2] == "Ikke registrert"
