"""Importing open cases from the case-management system's CSV export: all rows or none.

The file tests/data/case_import/open_cases.csv holds four open cases at BoU and Vuxen of
Östhammar, for four people not yet registered, in the usual forms of identity number.
"""

import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from coordination.models import Case, Individual
from coordination.services.case_import import case_import_csv
from tests.factories import member, person
from units.models import Role

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).parent.parent / "data" / "case_import" / "open_cases.csv"
HEADER = EXPORT.read_text(encoding="utf-8").splitlines()[0]


@pytest.fixture
def importer(osthammar):
    """Östhammar's administrator, and the caseworkers the export names."""
    member(Role.CASEWORKER, unit=osthammar.units.get(code="bou"), username="britt.import")
    member(Role.CASEWORKER, unit=osthammar.units.get(code="vuxen"), username="vera.import")
    return member(Role.ADMINISTRATOR, organisation=osthammar, username="ida.admin")


def csv_file(*rows: str, header: str = HEADER, name: str = "export.csv") -> io.BytesIO:
    file = io.BytesIO("\n".join([header, *rows]).encode("utf-8"))
    file.name = name
    return file


def run_import(importer, osthammar, file):
    return case_import_csv(actor=importer, organisation=osthammar, file=file)


def test_a_valid_export_imports_every_row(importer, osthammar):
    # when the administrator imports the export
    with EXPORT.open("rb") as file:
        result = run_import(importer, osthammar, file)

    # then four open cases for four newly registered people, at the units the file names
    assert result.ok, result.errors
    assert (result.cases_created, result.individuals_created) == (4, 4)
    cases = {c.individual.first_name: c for c in Case.objects.select_related("individual", "unit")}
    assert cases["Bo"].unit.code == "bou"
    assert cases["Bo"].legal_bases == ["sol", "lvu"]
    assert cases["Bo"].caseworker.username == "britt.import"
    assert cases["Dan"].individual.identity_number == "197901022389"
    assert cases["Dan"].legal_bases == ["sol", "lvm"]
    assert (cases["Dan"].external_system, cases["Dan"].external_reference) == ("viva", "V-77")
    assert str(cases["Cia"].opened_on) == "2024-12-24"
    assert cases["Anna"].individual.registered_by_unit.code == "vuxen"


def test_the_importing_administrator_is_the_history_user_of_every_created_row(importer, osthammar):
    with EXPORT.open("rb") as file:
        run_import(importer, osthammar, file)

    for model in (Case, Individual):
        history = model.history.all()
        assert history.count() == 4
        assert {h.history_user for h in history} == {importer}
        assert all("open_cases.csv" in h.history_change_reason for h in history)


def test_a_known_person_is_reused_not_registered_again(importer, osthammar):
    known = person(born="1958", first_name="Kent", last_name="Känd")
    bou = osthammar.units.get(code="bou")

    result = run_import(
        importer,
        osthammar,
        csv_file(f"{known.identity_number},Kent,Känd,bou,britt.import,2025-05-05,sol,,"),
    )

    assert result.ok, result.errors
    assert (result.individuals_created, result.individuals_reused) == (0, 1)
    assert Case.objects.get().individual == known
    assert Case.objects.get().unit == bou


def test_one_bad_row_imports_nothing_and_every_error_names_its_line(importer, osthammar):
    # given an export where lines 3 and 5 are wrong, line 4 right
    file = csv_file(
        "19790101-2380,Anna,Importsson,vuxen,vera.import,2025-01-15,sol,procapita,PC-1001",
        "19790101-2381,Bo,Importsson,nounit,britt.import,2025-02-01,sol,procapita,PC-1002",
        "20100101-2382,Cia,Importsson,bou,britt.import,2024-12-24,,procapita,PC-1003",
        "790102-2389,,Importsson,vuxen,nobody,2099-01-01,sol sfb,excel,V-77",
    )

    # when it is imported
    result = run_import(importer, osthammar, file)

    # then nothing is written, and each problem is reported with its line and column
    assert not result.ok
    assert Case.objects.count() == 0
    assert Individual.objects.count() == 0
    problems = {(e.line, e.column) for e in result.errors}
    assert problems == {
        (3, "identity_number"),
        (3, "unit_code"),
        (5, "first_name"),
        (5, "caseworker_username"),
        (5, "opened_on"),
        (5, "legal_bases"),
        (5, "external_system"),
    }
    [checksum] = [e for e in result.errors if e.column == "identity_number"]
    assert checksum.message == (
        "Kontrollsiffran stämmer inte: kontrollera de fyra sista siffrorna."
    )
    assert str(checksum).startswith("Line 3 (identity_number): ") or str(checksum).startswith(
        "Rad 3 (identity_number): "
    )


def test_a_byte_order_mark_and_semicolons_are_understood(importer, osthammar):
    # given the export as a Swedish spreadsheet saves it: BOM, `;`, CRLF
    rows = EXPORT.read_text(encoding="utf-8").splitlines()
    text = "\r\n".join(row.replace(",", ";") for row in rows)
    file = io.BytesIO(b"\xef\xbb\xbf" + text.encode("utf-8"))

    result = run_import(importer, osthammar, file)

    assert result.ok, result.errors
    assert result.cases_created == 4


def test_importing_the_same_export_again_skips_the_cases_already_open(importer, osthammar):
    with EXPORT.open("rb") as file:
        run_import(importer, osthammar, file)

    with EXPORT.open("rb") as file:
        again = run_import(importer, osthammar, file)

    assert again.ok
    assert again.cases_created == 0
    assert [s.line for s in again.skipped] == [2, 3, 4, 5]
    assert Case.objects.count() == 4


def test_an_open_case_with_another_external_id_is_an_error(importer, osthammar):
    with EXPORT.open("rb") as file:
        run_import(importer, osthammar, file)

    result = run_import(
        importer,
        osthammar,
        csv_file("19790101-2380,Anna,Importsson,vuxen,vera.import,2025-01-15,sol,procapita,PC-9"),
    )

    assert [(e.line, e.column) for e in result.errors] == [(2, "external_reference")]
    assert Case.objects.count() == 4


def test_two_rows_for_one_person_at_one_unit_and_a_name_that_does_not_match(importer, osthammar):
    known = person(born="1958", first_name="Kent", last_name="Känd")
    result = run_import(
        importer,
        osthammar,
        csv_file(
            "19790101-2380,Anna,Importsson,vuxen,vera.import,2025-01-15,sol,,",
            "19790101-2380,Anna,Importsson,vuxen,vera.import,2025-01-16,sol,,",
            "19790101-2380,Annika,Importsson,bou,britt.import,2025-01-16,sol,,",
            f"{known.identity_number},Karl,Känd,bou,britt.import,2025-05-05,sol,,",
        ),
    )

    assert [(e.line, e.column) for e in result.errors] == [
        (3, "unit_code"),
        (4, "identity_number"),
        (5, "identity_number"),
    ]


def test_a_caseworker_without_a_role_at_the_unit_is_an_error(importer, osthammar):
    result = run_import(
        importer,
        osthammar,
        csv_file("19790101-2380,Anna,Importsson,bou,vera.import,2025-01-15,sol,,"),
    )

    assert [(e.line, e.column) for e in result.errors] == [(2, "caseworker_username")]


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"", 1),
        (b"identity_number,first_name\n", 1),
        (HEADER.encode() + b"\n\xff\xfe,,\n", 2),
        (HEADER.encode() + b"\n19790101-2380,Anna\n", 2),
    ],
    ids=["empty", "columns missing", "not UTF-8", "too few values"],
)
def test_a_file_that_cannot_be_read_is_reported_not_raised(importer, osthammar, content, line):
    result = run_import(importer, osthammar, io.BytesIO(content))

    assert [e.line for e in result.errors] == [line]


def test_only_an_administrator_of_the_organisation_may_import(importer, osthammar):
    caseworker = member(Role.CASEWORKER, unit=osthammar.units.get(code="bou"))

    with pytest.raises(PermissionDenied), EXPORT.open("rb") as file:
        case_import_csv(actor=caseworker, organisation=osthammar, file=file)


# The management command -------------------------------------------------------------------


def test_the_command_imports_and_prints_a_summary(importer, osthammar):
    out = io.StringIO()

    call_command(
        "import_cases", str(EXPORT), organisation="osthammar", actor="ida.admin", stdout=out
    )

    assert Case.objects.count() == 4
    assert "4" in out.getvalue()


def test_the_command_lists_the_errors_and_exits_non_zero(importer, osthammar, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\n19790101-2381,Bo,Importsson,bou,britt.import,2025-02-01,,,\n")

    with pytest.raises(CommandError) as raised:
        call_command("import_cases", str(bad), organisation="osthammar", actor="ida.admin")

    # Django's manage.py prints the message and exits with the error's return code
    assert raised.value.returncode == 1
    assert "Kontrollsiffran stämmer inte" in str(raised.value)
    assert "2 (identity_number)" in str(raised.value)
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    ("organisation", "actor", "path"),
    [
        ("nowhere", "ida.admin", EXPORT),
        ("osthammar", "nobody", EXPORT),
        ("osthammar", "britt.import", EXPORT),
        ("osthammar", "ida.admin", EXPORT.with_name("missing.csv")),
    ],
    ids=["unknown organisation", "unknown actor", "not an administrator", "missing file"],
)
def test_the_command_refuses_what_it_cannot_do(importer, osthammar, organisation, actor, path):
    with pytest.raises(CommandError):
        call_command("import_cases", str(path), organisation=organisation, actor=actor)

    assert Case.objects.count() == 0


# The admin upload page --------------------------------------------------------------------

UPLOAD = "/admin/coordination/case/add/"


def upload(client, organisation, file):
    return client.post(UPLOAD, {"organisation": organisation.pk, "file": file})


def test_the_admin_upload_shows_each_error_and_keeps_nothing(client, importer, osthammar):
    client.force_login(importer)
    file = csv_file(
        "19790101-2380,Anna,Importsson,vuxen,vera.import,2025-01-15,sol,procapita,PC-1001",
        "19790101-2381,Bo,Importsson,nounit,britt.import,2025-02-01,sol,procapita,PC-1002",
    )

    response = upload(client, osthammar, file)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="import-errors"' in page
    assert "Kontrollsiffran stämmer inte" in page
    assert "<td>3</td>" in page
    assert Case.objects.count() == 0
    assert Individual.objects.count() == 0


def test_the_admin_upload_imports_a_valid_file_as_the_administrator(client, importer, osthammar):
    client.force_login(importer)

    with EXPORT.open("rb") as file:
        response = upload(client, osthammar, file)

    assert response.status_code == 302
    assert Case.objects.count() == 4
    assert {h.history_user for h in Case.history.all()} == {importer}
    assert {h.history_user for h in Individual.history.all()} == {importer}


def test_the_admin_shows_the_import_but_never_case_contents(client, importer, osthammar):
    client.force_login(importer)

    assert client.get(UPLOAD).status_code == 200
    assert "/admin/coordination/case/add/" in client.get("/admin/").content.decode()
    assert client.get("/admin/coordination/case/").status_code == 404


def test_an_administrator_imports_only_for_organisations_they_administer(
    client, importer, osthammar, load_organisation
):
    motala_admin = member(Role.ADMINISTRATOR, organisation=load_organisation("motala"))
    client.force_login(motala_admin)

    with EXPORT.open("rb") as file:
        response = upload(client, osthammar, file)

    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert Case.objects.count() == 0


def test_caseworkers_do_not_reach_the_upload(client, importer, osthammar):
    client.force_login(member(Role.CASEWORKER, unit=osthammar.units.get(code="bou")))

    response = client.get(UPLOAD)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
