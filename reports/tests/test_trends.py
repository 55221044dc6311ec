"""Trends over years and the import of reference figures (per-row errors, all or
nothing, page and command)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from core.models import ServiceArea
from reports.models import ReferenceFigure
from reports.reference import ReferenceImportError, reference_import, reference_rows_from_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_demo_figures(db):
    """The demo has reference figures; these tests count their own."""
    ReferenceFigure.objects.all().delete()


LAST_YEAR = timezone.localdate().year - 1

GOOD = f"source;sector;year;sick_leave_percent\nSSB;Kommunal sektor;{LAST_YEAR};7,4\n"


def test_it_imports_and_updates():
    result = reference_import(rows=reference_rows_from_csv(GOOD))
    assert (result.created, result.updated) == (1, 0)
    figure = ReferenceFigure.objects.get(sector="Kommunal sektor", year=LAST_YEAR)
    assert figure.sick_leave_percent == Decimal("7.40")
    again = reference_import(rows=reference_rows_from_csv(GOOD.replace("7,4", "7,6")))
    assert (again.created, again.updated) == (0, 1)


def test_it_names_every_bad_row_and_saves_nothing():
    data = (
        "source;sector;year;sick_leave_percent\n"
        f"SSB;Kommunal sektor;{LAST_YEAR};7,4\n"
        "SSB;Statlig sektor;1800;5\n"
        f"SSB;;{LAST_YEAR};abc\n"
        f"SSB;Kommunal sektor;{LAST_YEAR};7,5\n"
    )
    with pytest.raises(ReferenceImportError) as caught:
        reference_import(rows=reference_rows_from_csv(data))
    errors = caught.value.errors
    assert any(e.startswith("Rad 3, kolonne year") for e in errors)
    assert any(e.startswith("Rad 4, kolonne sector") for e in errors)
    assert any(e.startswith("Rad 4, kolonne sick_leave_percent") for e in errors)
    assert any(e.startswith("Rad 5, kolonne year") and "to ganger" in e for e in errors)
    assert not ReferenceFigure.objects.exists()


def test_the_page_shows_row_errors(client, bhtleder, radgiver):
    client.force_login(radgiver)
    assert client.get(reverse("reports:reference")).status_code == 403
    client.force_login(bhtleder)
    bad = SimpleUploadedFile("ref.csv", b"source;sector;year;sick_leave_percent\nSSB;K;x;1\n")
    response = client.post(reverse("reports:reference"), {"file": bad})
    assert response.status_code == 400
    assert "Rad 2, kolonne year" in response.content.decode()
    good = SimpleUploadedFile("ref.csv", GOOD.encode())
    assert client.post(reverse("reports:reference"), {"file": good}).status_code == 302
    assert ReferenceFigure.objects.count() == 1


def test_the_command(tmp_path, capsys):
    path = tmp_path / "ref.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_reference_figures", str(path))
    assert "1 nye" in capsys.readouterr().out
    path.write_text("source;sector;year;sick_leave_percent\nSSB;K;2020;200\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Rad 2, kolonne sick_leave_percent"):
        call_command("import_reference_figures", str(path))


def test_the_trends_page_shows_five_years_with_tables(client, amu, kommunalsjef, avdelingsleder):
    ReferenceFigure.objects.create(
        source="SSB", sector="Kommunal sektor", year=LAST_YEAR, sick_leave_percent=Decimal("7.4")
    )
    client.force_login(amu)
    page = client.get(reverse("reports:trends")).content.decode()
    for year in range(LAST_YEAR - 4, LAST_YEAR + 1):
        assert f'<th scope="row">{year}</th>' in page
    assert "Sykefravær mot referansetall" in page
    assert "SSB: Kommunal sektor (%)" in page and "7,40" in page
    assert page.count('role="img"') == 5
    # The area director sees their own area only.
    client.force_login(kommunalsjef)
    other = (
        ServiceArea.objects.exclude(name="Helse og sosial")
        .filter(organisation__slug="fjordby")
        .first()
    )
    page = client.get(reverse("reports:trends") + f"?area={other.pk}").content.decode()
    assert "Helse og sosial, Fjordby kommune" in page
    client.force_login(avdelingsleder)
    assert client.get(reverse("reports:trends")).status_code == 403


def _hours_row(area: ServiceArea, year: int) -> list[object]:
    from reports.trends import trend_years, trends

    series = trends(
        organisation=area.organisation,
        area=area,
        years=trend_years(timezone.localdate().year),
    )
    hours = next(s for s in series if s.title.startswith("Timer"))
    return next(row for row in hours.rows if row[0] == year)


def test_hours_are_shown_per_statutory_letter_against_additional_services():
    import datetime

    from core.models import Advisor, Service, StatutoryCode
    from orders.models import Billing, Order
    from timetracking.models import Activity, TimeEntry

    area = ServiceArea.objects.get(name="Helse og sosial")
    year = LAST_YEAR - 1
    order = Order.objects.filter(area=area).order_by("pk").first()
    order.service = Service.objects.filter(statutory_code=StatutoryCode.E).first()
    order.save(update_fields=["service"])
    before = _hours_row(area, year)
    TimeEntry.objects.create(
        advisor=Advisor.objects.order_by("pk").first(),
        date=datetime.date(year, 3, 5),
        hours=Decimal("3.25"),
        activity=Activity.MEETING,
        billing=Billing.EXTRA_SALE,
        area=area,
        order=order,
    )
    after = _hours_row(area, year)
    letters = [c for c in StatutoryCode if c != StatutoryCode.EXTRA]
    assert len(after) == 1 + 1 + len(letters) + 1  # year, total, a–h, additional
    column_e = 2 + letters.index(StatutoryCode.E)
    assert after[column_e] - before[column_e] == Decimal("3.25")
    assert after[1] - before[1] == Decimal("3.25")
    assert after[1] == sum(after[2 : 2 + len(letters)])
    assert after[-1] == before[-1]  # additional services unchanged


def test_the_trends_page_writes_every_number_the_norwegian_way(client, bhtleder):
    import re

    client.force_login(bhtleder)
    page = client.get(reverse("reports:trends")).content.decode()
    assert "Bokstav a" in page and "Tilleggstjenester" in page
    captions = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", page, re.S)
    assert len(captions) == 5
    for caption in captions:
        assert not re.search(r"\d\.\d", caption), caption
    assert any(re.search(r"\d,\d", caption) for caption in captions)
