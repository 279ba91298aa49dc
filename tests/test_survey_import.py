"""Responses from a spreadsheet and the two commands: all or nothing, problems by row."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from surveys import defaults
from surveys.models import Response, Survey
from tests.survey_helpers import answer_all, make_survey

# Asserts on the English source strings; test_survey_indonesian.py reads the Indonesian.
pytestmark = pytest.mark.usefixtures("english")

ELEMENT_HEADERS = [f"U{n} {name}" for n, name, *_rest in defaults.IKM_ELEMENTS]
IPKP_HEADERS = [text for text, _en in defaults.IPKP_ITEMS]


def google_forms_csv(rows, header=None, delimiter=","):
    header = header or ["Timestamp", "Jenis Kelamin", "Usia", *ELEMENT_HEADERS, IPKP_HEADERS[0]]
    out = io.StringIO()
    out.write(delimiter.join(f'"{h}"' for h in header) + "\n")
    for row in rows:
        out.write(delimiter.join(f'"{c}"' for c in row) + "\n")
    return out.getvalue().encode()


def good_row(values=("4",) * 9, sex="Perempuan", age="35", ipkp="Setuju"):
    return ["2021/11/01 10:00", sex, age, *values, ipkp]


def run_import(tmp_path, data, name="answers.csv", period="2021-Q4"):
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_survey", str(path), satker="pn-sarolangun", period=period, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def test_it_imports_a_google_forms_export_creating_the_periods_survey(tmp_path, satker):
    labels = ["Sesuai", "Mudah", "Sangat cepat", "Gratis", "4", "3", "Sopan dan ramah",
              "Dikelola dengan baik", "Baik"]  # fmt: skip
    data = google_forms_csv([good_row(), good_row(labels, sex="Laki-laki", age="19")])
    out, _err = run_import(tmp_path, data)
    assert "Imported 2 responses" in out
    survey = Survey.objects.get(satker=satker, period="2021-Q4")
    assert survey.items.count() == 9 + 9 + 5
    assert sorted(Response.objects.values_list("sex", "age_band")) == [("l", "<20"), ("p", "30-39")]
    result = io.StringIO()
    call_command("survey_results", "pn-sarolangun", "2021-Q4", json=True, stdout=result)
    figures = json.loads(result.getvalue())
    assert figures["respondents"] == 2
    assert [e["nrr"] for e in figures["elements"]] == [3.5, 3.5, 4, 4, 4, 3.5, 3.5, 4, 3.5]
    assert figures["elements"][0] == {"number": 1, "name": "Persyaratan", "nrr": 3.5}
    assert figures["ikm"] == pytest.approx((3.5 * 5 + 4 * 4) / 9 * 25)
    assert figures["grade"] == "A"
    assert figures["ipkp"] == 3.0 and figures["ipak"] is None
    assert survey.import_mapping["U1 Persyaratan"] == "U1"


def test_it_imports_an_xlsx_with_semicolons_nowhere_and_numbers_as_numbers(tmp_path, satker):
    book = Workbook()
    sheet = book.active
    sheet.append([f"U{n}" for n in range(1, 10)])
    sheet.append([4, 4, 3, 3, 4, 4, 3, 3, 4.0])
    buffer = io.BytesIO()
    book.save(buffer)
    out, _err = run_import(tmp_path, buffer.getvalue(), name="rekap.xlsx")
    assert "Imported 1 responses" in out


def test_it_reads_semicolon_csvs(tmp_path, satker):
    data = google_forms_csv([good_row()], delimiter=";")
    assert "Imported 1" in run_import(tmp_path, data)[0]


def test_a_file_with_any_problem_imports_nothing_and_names_the_rows(tmp_path, satker):
    bad_value = good_row(("4", "5", *("4",) * 7))
    bad_label = good_row(("4", "4", "Lambat sekali", *("4",) * 6))
    data = google_forms_csv([good_row(), bad_value, good_row(sex="?"), bad_label])
    with pytest.raises(CommandError, match="Nothing was imported"):
        run_import(tmp_path, data)
    assert Response.objects.count() == 0
    assert not Survey.objects.filter(period="2021-Q4").exists()  # not created either


def test_it_lists_the_problems_by_row(satker):
    from surveys import importing

    survey = make_survey(satker)
    items = list(survey.items.all())
    rows = importing.read_table(
        google_forms_csv([good_row(), good_row(("4", "5", *("4",) * 7)), good_row(sex="?")]),
        "a.csv",
    )
    parsed = importing.parse(rows, importing.default_mapping(rows[0], items), items)
    assert [row for row, _message in parsed.problems] == [3, 4]
    assert "U2: 5 is not an answer 1-4" in parsed.problems[0][1]


def test_it_refuses_a_file_without_the_nine_elements(tmp_path, satker):
    header = ["Timestamp", *ELEMENT_HEADERS[:8]]
    data = google_forms_csv([["x", *("4",) * 8]], header=header)
    with pytest.raises(CommandError):
        run_import(tmp_path, data)
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    "data, name",
    [(b"", "a.csv"), (b"PK\x03\x04garbage", "a.xlsx"), (b"only,a,header\n", "a.csv")],
)
def test_it_refuses_unreadable_files_clearly(tmp_path, satker, data, name):
    with pytest.raises(CommandError):
        run_import(tmp_path, data, name=name)
    assert Response.objects.count() == 0


def test_it_adds_to_an_existing_survey_with_the_remembered_mapping(tmp_path, satker):
    survey = make_survey(satker)
    survey.import_mapping = {f"Pertanyaan {n}": f"U{n}" for n in range(1, 10)}
    survey.save()
    header = [f"Pertanyaan {n}" for n in range(1, 10)]
    run_import(tmp_path, google_forms_csv([["3"] * 9], header=header))
    assert survey.responses.count() == 1


@pytest.mark.parametrize("period", ["2021-Q5", "21", "2021-S3"])
def test_the_commands_refuse_malformed_periods(tmp_path, satker, period):
    with pytest.raises(CommandError, match="2021-Q4"):
        run_import(tmp_path, google_forms_csv([good_row()]), period=period)
    with pytest.raises(CommandError):
        call_command("survey_results", "pn-sarolangun", period, json=True)


def test_survey_results_prints_unrounded_figures(satker):
    survey = make_survey(satker, "2021")
    answer_all(survey, 2, ikm=[4, 4, 4, 4, 4, 4, 4, 4, 3])
    answer_all(survey, 1, ikm=[4, 4, 4, 4, 4, 4, 4, 4, 4])
    out = io.StringIO()
    call_command("survey_results", "pn-sarolangun", "2021", json=True, stdout=out)
    figures = json.loads(out.getvalue())
    assert set(figures) == {"respondents", "elements", "ikm", "grade", "ipkp", "ipak"}
    assert figures["elements"][8]["nrr"] == pytest.approx(10 / 3)
    assert figures["ikm"] == pytest.approx((8 * 4 + 10 / 3) / 9 * 25)
    text = io.StringIO()
    call_command("survey_results", "pn-sarolangun", "2021", stdout=text)
    assert "IKM 98.15 (A)" in text.getvalue()
