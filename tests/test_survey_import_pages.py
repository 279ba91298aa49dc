"""Importing responses in the browser: upload, preview with the mapping, import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from surveys.models import Response, SurveyImport
from tests.survey_helpers import make_survey
from tests.test_survey_import import good_row, google_forms_csv

# Asserts on the English source strings; test_survey_indonesian.py reads the Indonesian.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def survey(satker):
    return make_survey(satker, "2021-Q4")


def url(survey, name="survey_import", *extra):
    return reverse(name, args=[survey.satker.slug, survey.period, *extra])


def upload(client, survey, data, name="jawaban.csv"):
    return client.post(url(survey), {"file": SimpleUploadedFile(name, data)})


def test_the_team_lead_previews_corrects_the_mapping_and_imports(client, users, survey):
    client.force_login(users["ketua_tim"])
    header = ["Timestamp", "Pertanyaan satu", *[f"U{n}" for n in range(2, 10)]]
    response = upload(client, survey, google_forms_csv([["x", *("4",) * 9]] * 3, header=header))
    draft = SurveyImport.objects.get()
    assert response["Location"] == url(survey, "survey_import_preview", draft.pk)
    preview = client.get(response["Location"])
    assert "No column for the IKM elements U1" in preview.content.decode()
    mapping = {f"col{i}": f"U{i}" for i in range(2, 10)}
    mapping["col1"] = "U1"  # the team lead maps the unnamed column
    checked = client.post(response["Location"], {**mapping, "action": "check"})
    assert "3 responses are ready to import" in checked.content.decode()
    done = client.post(response["Location"], {**mapping, "action": "import"})
    assert done["Location"] == survey.get_absolute_url()
    assert Response.objects.filter(survey=survey).count() == 3
    assert not SurveyImport.objects.exists()
    survey.refresh_from_db()
    assert survey.import_mapping["Pertanyaan satu"] == "U1"  # remembered


def test_a_file_with_problems_imports_nothing(client, users, survey):
    client.force_login(users["ketua_tim"])
    data = google_forms_csv([good_row(), good_row(("4", "7", *("4",) * 7))])
    location = upload(client, survey, data)["Location"]
    page = client.get(location).content.decode()
    assert "Row 3" in page and "U2: 7 is not an answer 1-4" in page
    refused = client.post(location, {f"col{i + 3}": f"U{i + 1}" for i in range(9)} | {
        "action": "import"})  # fmt: skip
    assert refused.status_code == 400
    assert Response.objects.count() == 0


def test_an_unreadable_file_gets_a_clear_message(client, users, survey):
    client.force_login(users["ketua_tim"])
    response = upload(client, survey, b"PK\x03\x04broken", name="x.xlsx")
    assert response.status_code == 400
    assert not SurveyImport.objects.exists()


@pytest.mark.parametrize("role", ["staf", "ketua", "penilai"])
def test_other_roles_are_refused(client, users, survey, role):
    client.force_login(users[role])
    assert client.get(url(survey)).status_code == 403
    assert upload(client, survey, google_forms_csv([good_row()])).status_code == 403


def test_outsiders_and_other_users_drafts_are_not_found(client, users, survey, satker):
    from components.models import Role
    from tests.factories import make_user

    client.force_login(users["ketua_tim"])
    location = upload(client, survey, google_forms_csv([good_row()]))["Location"]
    client.force_login(users["outsider"])
    assert client.get(url(survey)).status_code == 404
    client.force_login(make_user("second-lead", satker, Role.KETUA_TIM))
    assert client.get(location).status_code == 404
    client.force_login(users["ketua_tim"])
    assert client.put(url(survey)).status_code == 405


def test_the_preview_costs_fixed_queries(client, users, survey, django_assert_num_queries):
    client.force_login(users["ketua_tim"])
    location = upload(client, survey, google_forms_csv([good_row()] * 200))["Location"]
    # session, user, satker, role, survey, draft, items, remembered mapping (another survey)
    with django_assert_num_queries(8):
        client.get(location)


def test_a_file_past_10_mb_or_a_second_file_is_refused_with_nothing_kept(
    client, users, survey, settings
):
    client.force_login(users["ketua_tim"])
    big = SimpleUploadedFile("besar.csv", b"U1,U2\n" + b"4,4\n" * (3 * 1024 * 1024))
    response = client.post(url(survey), {"file": big})
    assert response.status_code == 400
    assert "larger than 10 MB" in response.content.decode()
    assert len(response.context["form"].errors["file"]) == 1  # the size, not also "required"
    two = [SimpleUploadedFile(name, google_forms_csv([good_row()])) for name in "ab"]
    response = client.post(url(survey), {"file": two})
    assert response.status_code == 400
    assert "takes 1 file at a time" in response.content.decode()
    assert not SurveyImport.objects.exists() and not Response.objects.exists()
