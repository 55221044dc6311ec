"""import_org: the organisation tree, leaders and headcounts from an HR export."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.imports import OrgImportError, org_import, org_rows_from_csv, split_name
from core.models import (
    Department,
    Headcount,
    Organisation,
    Role,
    RoleAssignment,
    ServiceArea,
    ServiceUnit,
    User,
)
from core.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.usefixtures("demo_data")

YEAR = 2031
HEADER = "area,unit,department,employees,leader_name,leader_email,leader_phone\n"
NEW_ORG_CSV = HEADER + (
    "Skole,,,300,Gunn Rasmussen,gunn.rasmussen@kunde.no,55 11 22 33\n"
    "Skole,Nordby skole,,120,Per Lie,per.lie@kunde.no,\n"
    'Skole,Nordby skole,SFO,40,"Hansen, Kari Anne",kari.anne.hansen@kunde.no,\n'
    "Skole,Nordby skole,Småtrinnet,80,,,\n"
    "Helse,Legevakt,Natt,12,Per Lie,PER.LIE@kunde.no,\n"
)
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "org_import.csv"


def run(text: str | bytes, organisation: Organisation, year: int = YEAR, **kwargs):
    return org_import(organisation=organisation, rows=org_rows_from_csv(text), year=year, **kwargs)


def tree_snapshot() -> dict[str, list[dict]]:
    models = (ServiceArea, ServiceUnit, Department, Headcount, User, RoleAssignment)
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in models}


def active(user, role, **scope):
    return RoleAssignment.objects.active().filter(user=user, role=role, **scope).exists()


@pytest.fixture
def client_org():
    return OrganisationFactory(name="Kunde AS", slug="kunde")


@pytest.fixture
def fjordby():
    return Organisation.objects.get(slug="fjordby")


# --- happy path --------------------------------------------------------------


def test_it_creates_areas_units_departments_and_headcounts(client_org):
    result = run(NEW_ORG_CSV, client_org)

    skole = client_org.areas.get(name="Skole")
    nordby = skole.units.get(name="Nordby skole")
    assert (skole.employees, nordby.employees) == (300, 120)
    assert sorted(nordby.departments.values_list("name", "employees")) == [
        ("SFO", 40),
        ("Småtrinnet", 80),
    ]
    # A department row creates its missing parents.
    natt = Department.objects.get(name="Natt", unit__name="Legevakt", unit__area__name="Helse")
    assert natt.unit.area.organisation == client_org
    assert Headcount.objects.get(year=YEAR, area=skole).employees == 300
    assert Headcount.objects.get(year=YEAR, unit=nordby).employees == 120
    assert Headcount.objects.get(year=YEAR, department=natt).employees == 12
    assert result.rows == 5
    assert (result.created["area"], result.created["unit"], result.created["department"]) == (
        2,
        2,
        3,
    )


def test_it_creates_leaders_with_roles_and_leader_fields(client_org):
    result = run(NEW_ORG_CSV, client_org)

    skole = client_org.areas.get(name="Skole")
    director = User.objects.get(email="gunn.rasmussen@kunde.no")
    assert (director.username, director.first_name, director.last_name, director.phone) == (
        "gunn.rasmussen",
        "Gunn",
        "Rasmussen",
        "55 11 22 33",
    )
    assert not director.has_usable_password()
    assert skole.director == director
    assert active(director, Role.AREA_DIRECTOR, area=skole)
    sfo = Department.objects.get(name="SFO", unit__area=skole)
    kari = User.objects.get(username="kari.anne.hansen")
    assert (kari.first_name, kari.last_name) == ("Kari Anne", "Hansen")
    assert sfo.leader == kari
    assert active(kari, Role.DEPARTMENT_LEADER, department=sfo)
    # The same e-mail in another case is the same person, leading two nodes.
    per = User.objects.get(username="per.lie")
    assert active(per, Role.UNIT_LEADER, unit=skole.units.get())
    natt = Department.objects.get(name="Natt")
    assert natt.leader == per and active(per, Role.DEPARTMENT_LEADER, department=natt)
    assert result.users_created == 3
    assert result.roles_assigned == 4


def test_it_updates_an_existing_tree_and_replaces_the_leader(fjordby, avdelingsleder):
    department = Department.objects.get(leader=avdelingsleder)
    unit, area = department.unit, department.unit.area
    year = timezone.localdate().year
    today = timezone.localdate()
    text = HEADER + (
        f"{area.name},{unit.name},{department.name},91,Nils Aarseth,nils.aarseth@fjordby.no,\n"
    )

    result = run(text, fjordby, year=year)

    department.refresh_from_db()
    nils = User.objects.get(email="nils.aarseth@fjordby.no")
    assert (department.employees, department.leader) == (91, nils)
    assert Headcount.objects.get(year=year, department=department).employees == 91
    assert active(nils, Role.DEPARTMENT_LEADER, department=department)
    # The previous leader keeps the role in the history, ended yesterday.
    old = RoleAssignment.objects.get(
        user=avdelingsleder, role=Role.DEPARTMENT_LEADER, department=department
    )
    assert old.valid_to == today - datetime.timedelta(days=1)
    assert not active(avdelingsleder, Role.DEPARTMENT_LEADER, department=department)
    assert result.updated["department"] == 1 and result.created["department"] == 0
    assert result.roles_ended == 1
    # Names match whatever their case; no duplicate nodes appear.
    assert ServiceArea.objects.filter(organisation=fjordby).count() == 10


def test_it_matches_leaders_on_email_whatever_the_case(fjordby, kommunalsjef):
    users = User.objects.count()
    text = HEADER + f"helse og sosial,,,1300,,{kommunalsjef.email.upper()},55 55 99 00\n"

    result = run(text, fjordby)

    assert User.objects.count() == users
    kommunalsjef.refresh_from_db()
    assert kommunalsjef.phone == "55 55 99 00"
    helse = ServiceArea.objects.get(name="Helse og sosial")
    assert helse.employees == 1300
    assert result.roles_assigned == 0 and result.roles_ended == 0


def test_it_leaves_values_alone_for_blank_cells(fjordby, tjenesteleder):
    unit = ServiceUnit.objects.get(leader=tjenesteleder)
    employees = unit.employees

    run(HEADER + f"{unit.area.name},{unit.name},,,,,\n", fjordby)

    unit.refresh_from_db()
    assert (unit.employees, unit.leader) == (employees, tjenesteleder)


def test_it_changes_nothing_when_the_same_file_is_imported_twice(client_org):
    run(NEW_ORG_CSV, client_org)
    before = tree_snapshot()

    result = run(NEW_ORG_CSV, client_org)

    assert not result.changed
    assert tree_snapshot() == before


def test_it_changes_nothing_when_the_example_file_is_imported_twice(fjordby):
    run(EXAMPLE.read_bytes(), fjordby)
    before = tree_snapshot()

    result = run(EXAMPLE.read_bytes(), fjordby)

    assert not result.changed
    assert tree_snapshot() == before


def test_it_saves_nothing_on_a_dry_run(client_org):
    result = run(NEW_ORG_CSV, client_org, dry_run=True)

    assert result.created["area"] == 2
    assert not client_org.areas.exists()
    assert not User.objects.filter(email__endswith="@kunde.no").exists()


def test_it_gives_a_new_user_a_free_username(client_org):
    UserFactory(username="per.lie", email="per.lie@annet.no")

    run(HEADER + "Skole,,,,Per Lie,per.lie@kunde.no,\n", client_org)

    assert User.objects.get(email="per.lie@kunde.no").username == "per.lie2"


# --- file formats --------------------------------------------------------------


def test_it_reads_a_semicolon_file_with_bom_as_excel_saves_it(client_org):
    text = NEW_ORG_CSV.replace(",", ";").replace('"Hansen; Kari Anne"', '"Hansen, Kari Anne"')
    data = "\ufeff".encode() + text.replace("\n", "\r\n").encode("utf-8")

    run(data, client_org)

    assert client_org.areas.get(name="Skole").employees == 300
    assert Department.objects.get(name="Småtrinnet", unit__area__organisation=client_org)
    assert User.objects.get(username="kari.anne.hansen").last_name == "Hansen"


def test_it_reads_utf8_without_bom_and_windows_1252(client_org):
    text = "area;unit;employees\nPleie og omsorg;Sykehjem Ø;12\n"

    run(text.encode("utf-8"), client_org)
    run(text.encode("cp1252"), client_org)

    assert list(ServiceUnit.objects.filter(area__organisation=client_org).values_list("name")) == [
        ("Sykehjem Ø",)
    ]


def test_it_accepts_columns_in_any_order_and_case_and_thousand_separators(client_org):
    run('Employees , AREA\n"1 234",Skole\n', client_org)

    assert client_org.areas.get(name="Skole").employees == 1234


def test_it_skips_empty_rows_and_trailing_empty_columns(client_org):
    run("area;employees;;\nSkole;10;;\n;;;\nKultur;5;;\n", client_org)

    assert sorted(client_org.areas.values_list("name", "employees")) == [
        ("Kultur", 5),
        ("Skole", 10),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kari Nordmann", ("Kari", "Nordmann")),
        ("Anne Marie Hansen", ("Anne Marie", "Hansen")),
        ("Nordmann, Kari", ("Kari", "Nordmann")),
        ("Cher", ("Cher", "")),
    ],
)
def test_it_splits_names_into_first_and_last(name, expected):
    assert split_name(name) == expected


# --- errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Skole,,,tolv,,,", "Rad 3, kolonne employees: «tolv» er ikke et heltall."),
        ("Skole,,,12.5,,,", "Rad 3, kolonne employees: «12.5» er ikke et heltall."),
        ("Skole,,,-3,,,", "Rad 3, kolonne employees: «-3» kan ikke være negativt."),
        (",,,12,,,", "Rad 3, kolonne area: mangler verdi."),
        (",Nordby skole,,12,,,", "Rad 3, kolonne area: mangler verdi."),
        ("Skole,,SFO,12,,,", "Rad 3, kolonne unit: mangler: en avdeling må høre til"),
        ("Skole,,,,Kari,kari@,", "Rad 3, kolonne leader_email: «kari@» er ikke en gyldig"),
        ("Skole,,,,Kari Nordmann,,", "Rad 3, kolonne leader_email: mangler"),
        ("Skole,,,,,ny.person@kunde.no,", "Rad 3, kolonne leader_name: mangler"),
        ("Helse,,,,,,55 55 55 55 55 55 55 55 55 55", "Rad 3, kolonne leader_email: mangler"),
        ("Kultur,,,1,,,", "Rad 3, kolonne area: «Kultur» står allerede i rad 2."),
        ("Helse," + "x" * 201 + ",,,,,", "Rad 3, kolonne unit: er lengre enn 200 tegn."),
    ],
)
def test_it_saves_nothing_and_names_row_and_column_of_a_bad_row(client_org, row, message):
    text = HEADER + "Kultur,,,10,Per Lie,per.lie@kunde.no,\n" + row + "\n"
    before = tree_snapshot()

    with pytest.raises(OrgImportError) as error:
        run(text, client_org)

    assert any(line.startswith(message) for line in error.value.errors), error.value.errors
    assert tree_snapshot() == before


def test_it_reports_every_error_not_just_the_first(client_org):
    text = HEADER + "Skole,,,tolv,,,\nSkole,A,,1,,,\n,,B,,,,\nKultur,,,5,,x@y,\n"

    with pytest.raises(OrgImportError) as error:
        run(text, client_org)

    assert [line.split(":")[0] for line in error.value.errors] == [
        "Rad 2, kolonne employees",
        "Rad 4, kolonne area",
        "Rad 4, kolonne unit",
        "Rad 5, kolonne leader_email",
    ]
    assert not client_org.areas.exists()


def test_it_refuses_one_email_with_two_names(client_org):
    text = HEADER + "A,,,,Kari Nordmann,kari@kunde.no,\nB,,,,Kari Hansen,kari@kunde.no,\n"

    with pytest.raises(OrgImportError) as error:
        run(text, client_org)

    assert error.value.errors[0].startswith("Rad 3, kolonne leader_name:")


def test_it_refuses_an_email_that_several_users_have(client_org):
    UserFactory(email="felles@kunde.no")
    UserFactory(email="FELLES@kunde.no")

    with pytest.raises(OrgImportError) as error:
        run(HEADER + "A,,,,Kari,felles@kunde.no,\n", client_org)

    assert error.value.errors[0].startswith("Rad 2, kolonne leader_email: flere brukere")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("area,employes\n", "Rad 1, kolonne employes: ukjent kolonne."),
        ("unit,employees\n", "Rad 1, kolonne area: kolonnen mangler."),
        ("area,area\n", "Rad 1, kolonne area: kolonnen står to ganger."),
    ],
)
def test_it_checks_the_header(client_org, header, message):
    with pytest.raises(OrgImportError) as error:
        org_rows_from_csv(header + "Skole,1\n")

    assert any(line.startswith(message) for line in error.value.errors), error.value.errors


def test_it_refuses_a_row_with_more_fields_than_the_header():
    with pytest.raises(OrgImportError) as error:
        org_rows_from_csv("area;employees\nSkole;1;2\n")

    assert error.value.errors == ["Rad 2: har flere felt enn overskriftsraden (feil skilletegn?)."]


def test_it_refuses_an_empty_file():
    with pytest.raises(OrgImportError):
        org_rows_from_csv(b"")


# --- the command ------------------------------------------------------------------


def test_it_imports_a_file_from_the_command_line(tmp_path, client_org):
    path = tmp_path / "hr.csv"
    path.write_text(NEW_ORG_CSV, encoding="utf-8")
    out = io.StringIO()

    call_command("import_org", str(path), organisation="kunde", year=YEAR, stdout=out)

    assert client_org.areas.count() == 2
    assert Headcount.objects.filter(year=YEAR).count() == 5  # every row with employees
    assert "Importert: 5 rader for Kunde AS (2031)." in out.getvalue()


def test_it_says_so_when_nothing_changed(tmp_path, client_org):
    path = tmp_path / "hr.csv"
    path.write_text(NEW_ORG_CSV, encoding="utf-8")
    call_command("import_org", str(path), organisation="kunde", verbosity=0)
    out = io.StringIO()

    call_command("import_org", str(path), organisation="kunde", stdout=out)

    assert "Ingen endringer" in out.getvalue()


def test_it_fails_with_every_error_and_saves_nothing(tmp_path, client_org):
    path = tmp_path / "hr.csv"
    path.write_text(HEADER + "Skole,,,300,,,\nSkole,A,,tolv,,,\n", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("import_org", str(path), organisation="kunde")

    assert "Ingenting er lagret" in str(error.value)
    assert "Rad 3, kolonne employees: «tolv» er ikke et heltall." in str(error.value)
    assert not client_org.areas.exists()


def test_it_checks_without_saving_on_dry_run(tmp_path, client_org):
    path = tmp_path / "hr.csv"
    path.write_text(NEW_ORG_CSV, encoding="utf-8")
    out = io.StringIO()

    call_command("import_org", str(path), organisation="kunde", dry_run=True, stdout=out)

    assert "Ingenting er lagret (--dry-run)." in out.getvalue()
    assert not client_org.areas.exists()


def test_it_refuses_an_unknown_organisation(tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(NEW_ORG_CSV, encoding="utf-8")

    with pytest.raises(CommandError, match="Fant ingen virksomhet med kortnavnet «ukjent»"):
        call_command("import_org", str(path), organisation="ukjent")


def test_it_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Kan ikke lese filen"):
        call_command("import_org", str(tmp_path / "nope.csv"), organisation="fjordby")
