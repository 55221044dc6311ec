"""Sick-leave import (`import_sick_leave`) and the `sick_leave` report."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from core.models import Organisation
from core.tests.factories import (
    DepartmentFactory,
    OrganisationFactory,
    ServiceAreaFactory,
    ServiceUnitFactory,
)
from reports.kinds import sick_leave
from reports.models import SickLeaveStat

pytestmark = pytest.mark.django_db

HEADER = (
    "area;unit;department;period_start;period_end;"
    "agreed_workdays;lost_self_certified;lost_doctor_certified\n"
)


@pytest.fixture
def org() -> Organisation:
    org = OrganisationFactory(name="Sykefravær AS", slug="sykefravaer")
    alfa = ServiceAreaFactory(organisation=org, name="Alfa")
    ServiceUnitFactory(area=alfa, name="Kjøkken")
    lager = ServiceUnitFactory(area=alfa, name="Lager")
    DepartmentFactory(unit=lager, name="Natt")
    DepartmentFactory(unit=lager, name="Dag")
    return org


def _import(tmp_path: Path, text: str, *, slug: str = "sykefravaer", bom: bool = False) -> None:
    path = tmp_path / "sykefravaer.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    call_command("import_sick_leave", str(path), organisation=slug)


GOOD = HEADER + (
    "Alfa;Kjøkken;;2025-01-01;2025-06-30;1000;20;60\n"
    "alfa;LAGER;Natt;01.01.2025;30.06.2025;300;15;30,5\n"
    "Alfa;Lager;Dag;01.01.2025;30.06.2025;200;10;20\n"
)


def test_it_imports_a_file_and_reports_percentages(org, tmp_path):
    _import(tmp_path, GOOD, bom=True)
    assert SickLeaveStat.objects.filter(organisation=org).count() == 3
    natt = SickLeaveStat.objects.get(department__name="Natt", organisation=org)
    assert natt.lost_doctor_certified == Decimal("30.5")
    assert natt.period_start == datetime.date(2025, 1, 1)

    report = sick_leave.build(organisation=org, year=2025)
    table = report.sections[0].tables[1]
    rows = {row[1]: row for row in table.rows}
    # Kjøkken: 20 and 60 of 1000 → 2.0 %, 6.0 %, 8.0 %; under 12 %.
    assert rows["Kjøkken"][5:] == [Decimal("2.0"), Decimal("6.0"), Decimal("8.0"), ""]
    # Lager = Natt + Dag: 25 and 50.5 of 500 → 5.0 %, 10.1 %, 15.1 %; over 12 %.
    assert rows["Lager"][2:5] == [Decimal(500), Decimal(25), Decimal("50.5")]
    assert rows["Lager"][5:] == [
        Decimal("5.0"),
        Decimal("10.1"),
        Decimal("15.1"),
        "Prioritert for BHT",
    ]
    areas = report.sections[0].tables[0]
    # Alfa: 45 and 110.5 of 1500 → 3.0 %, 7.4 % (7.366…), 10.4 % (10.366…)
    assert areas.rows == [
        [
            "Alfa",
            Decimal(1500),
            Decimal(45),
            Decimal("110.5"),
            Decimal("3.0"),
            Decimal("7.4"),
            Decimal("10.4"),
        ]
    ]
    assert "Alfa / Lager" in report.sections[0].paragraphs[1]


def test_it_is_idempotent_and_updates_figures(org, tmp_path):
    _import(tmp_path, GOOD)
    _import(tmp_path, GOOD)
    assert SickLeaveStat.objects.filter(organisation=org).count() == 3
    _import(tmp_path, HEADER + "Alfa;Kjøkken;;2025-01-01;2025-06-30;1000;25;60\n")
    assert SickLeaveStat.objects.filter(organisation=org).count() == 3
    assert SickLeaveStat.objects.get(unit__name="Kjøkken").lost_self_certified == 25


def test_it_accepts_commas_as_delimiter(org, tmp_path):
    _import(tmp_path, HEADER.replace(";", ",") + "Alfa,Kjøkken,,2025-01-01,2025-12-31,1000.5,1,2\n")
    assert SickLeaveStat.objects.get(unit__name="Kjøkken").agreed_workdays == Decimal("1000.5")


def test_a_bad_row_names_row_and_column_and_saves_nothing(org, tmp_path):
    text = GOOD + (
        "Alfa;Kjøkken;;2025-07-01;2025-12-31;mange;1;2\n"  # row 5
        "Alfa;Finnes ikke;;2025-07-01;2025-12-31;100;1;2\n"  # row 6
        "Alfa;Lager;Dag;31.12.2025;01.07.2025;100;-1;2\n"  # row 7
    )
    with pytest.raises(CommandError) as error:
        _import(tmp_path, text)
    message = str(error.value)
    assert "Ingenting er lagret" in message
    assert "Rad 5, kolonne agreed_workdays: er ikke et tall." in message
    assert "Rad 6, kolonne unit:" in message
    assert "Rad 7, kolonne period_end:" in message
    assert "Rad 7, kolonne lost_self_certified:" in message
    assert not SickLeaveStat.objects.filter(organisation=org).exists()


def test_a_missing_column_or_organisation_is_an_error(org, tmp_path):
    with pytest.raises(CommandError, match="Rad 1, kolonne agreed_workdays: kolonnen mangler"):
        _import(
            tmp_path,
            "area;unit;period_start;period_end;lost_self_certified;lost_doctor_certified\n",
        )
    with pytest.raises(CommandError, match="Fant ingen virksomhet"):
        _import(tmp_path, GOOD, slug="ukjent")


def test_the_example_file_imports_into_the_demo():
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "sick_leave.csv"
    call_command("import_sick_leave", str(example), organisation="fjordby")
    assert (
        SickLeaveStat.objects.filter(
            organisation__slug="fjordby", period_end=datetime.date(2025, 6, 30)
        ).count()
        >= 3
    )


def test_the_report_says_when_nothing_is_imported(org):
    report = sick_leave.build(organisation=org, year=2024)
    assert report.sections[0].paragraphs == ["Det er ikke importert sykefraværstall for 2024."]
    assert report.sections[0].tables[0].rows == []


def test_compute_reads_the_run(org, tmp_path):
    _import(tmp_path, GOOD)

    class Run:
        organisation = org
        year = 2025
        recommendations = ""

    report = sick_leave.compute(Run())
    assert report.organisation_name == "Sykefravær AS"
    assert len(report.sections[0].tables[1].rows) == 2


def test_it_reads_an_old_excel_file_in_windows_1252(org, tmp_path):
    path = tmp_path / "sykefravaer.csv"
    path.write_bytes(GOOD.encode("cp1252"))

    call_command("import_sick_leave", str(path), organisation="sykefravaer")

    assert SickLeaveStat.objects.filter(organisation=org, unit__name="Kjøkken").count() == 1


def test_it_refuses_a_row_with_more_fields_than_the_header(org, tmp_path):
    text = HEADER + "Alfa;Kjøkken;;2025-01-01;2025-06-30;1000;20;60;99\n"

    with pytest.raises(CommandError, match="Rad 2: har flere felt enn overskriftsraden"):
        _import(tmp_path, text)

    assert not SickLeaveStat.objects.filter(organisation=org).exists()
