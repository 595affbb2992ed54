"""Header rows: English or French names, any order, group paths; what is refused."""

import pytest

from legalaid.casekinds import case_kind, case_kinds
from legalaid.imports.columns import SHARED_COLUMNS, _columns, column_key, columns
from legalaid.imports.services import import_cases
from tests.builders import make_user
from tests.imports.conftest import HEADER, case_row, refusal, write_csv


def test_a_sheet_without_a_header_row(org, tmp_path, english):
    path = write_csv(tmp_path / "data.csv", [case_row()], header=list(case_row().values()))
    assert refusal(path, org["coordinator"]) == (
        "The first row must name the columns (external_id, kind, …); none was recognised."
    )


def test_a_file_without_a_required_column(org, tmp_path, english):
    header = [column for column in HEADER if column not in {"sex", "opened_on"}]
    path = write_csv(tmp_path / "short.csv", [case_row()], header=header)
    assert refusal(path, org["coordinator"]) == "Required columns are missing: opened_on, sex."


def test_rows_must_name_their_organisation_when_none_is_chosen(org, tmp_path, english):
    admin = make_user("admin")
    path = write_csv(tmp_path / "x.csv", [case_row()], header=HEADER[:2] + HEADER[3:])
    assert refusal(path, admin) == "Required columns are missing: organisation."
    assert import_cases(path, by=admin, organisation=org["organisation"]).created == 1


def test_the_same_column_twice(org, tmp_path, english):
    header = [*HEADER, "Identifiant externe"]
    path = write_csv(tmp_path / "twice.csv", [case_row()], header=header)
    assert refusal(path, org["coordinator"]) == (
        "The columns external_id and Identifiant externe are the same column (external_id)."
    )


def test_column_names_fold_case_accents_punctuation_and_group_paths():
    assert column_key("  Date d’ouverture ") == "date_d_ouverture"
    assert column_key("detenu/MAISON D'ARRÊT") == "maison_d_arret"
    assert column_key("external_id") == "external_id"


def test_the_columns_are_the_shared_ones_then_each_kinds_own():
    kinds = [column for kind in case_kinds() for column in kind.import_columns]
    assert list(columns()) == list(dict.fromkeys([*SHARED_COLUMNS, *kinds]))
    assert set(HEADER) <= set(columns())


def test_a_kinds_french_names_are_read_in_a_header():
    assert columns()["prison"][0] == "Maison d'arrêt"
    assert column_key("Maison d'arrêt") == "maison_d_arret"


def test_a_kind_cannot_give_another_columns_name(monkeypatch):
    litigation = case_kind("litigation")
    monkeypatch.setattr(litigation, "import_aliases", {"forum": ("statut",)})
    _columns.cache_clear()
    try:
        with pytest.raises(ValueError, match="'statut' stands for two columns"):
            columns()
    finally:
        monkeypatch.undo()
        _columns.cache_clear()
    assert columns()["forum"] == ("Instance", "juridiction")
