"""Import a plan from .xlsx: what reviews of the import found (signature-like texts, zero
numbers, removed steps, capped cells, two tabs on one draft)."""

import openpyxl
import pytest

from components.models import Component, Plan
from components.plandata import plan_data
from reports.models import PlanImport
from reports.plan_import import read_plan
from reports.xlsx import matrix_workbook, workbook_bytes
from tests.evidence_helpers import login
from tests.import_helpers import (
    URL,
    details,
    other_court_layout,
    post,
    problems_of,
    upload_export,
    xlsx,
)

pytestmark = pytest.mark.django_db


def requirement_of(plan, component, indicator, position):
    from components.models import Requirement

    return Requirement.objects.get(
        indicator__component__plan=plan,
        indicator__component__number=component,
        indicator__number=indicator,
        position=position,
    )


def test_texts_that_look_like_signatures_or_lists_survive_the_round_trip(plan):
    signature_like = requirement_of(plan, 1, 1, 2)  # not the first row under its step
    signature_like.text, signature_like.number = "Ketua Pengadilan Negeri menandatangani SK", None
    signature_like.save()
    signature_like.cells.all().delete()
    listed = requirement_of(plan, 1, 2, 1)
    listed.text = "Notulen rapat:\n2. lampiran daftar hadir"
    listed.save()
    Component.objects.filter(plan=plan, number=2).update(name="8 Area Perubahan")
    result = read_plan(workbook_bytes(matrix_workbook(plan)))
    assert result.problems == []
    assert result.data == plan_data(plan)


def test_a_row_with_planned_months_under_the_signature_is_a_problem(db):
    book = other_court_layout()
    book.active["Q17"] = "V"
    problems = read_plan(xlsx(book)).problems
    assert [(p.row, p.column) for p in problems] == [(17, "Q")]


def test_an_indicator_numbered_zero_is_a_problem_not_a_crash(client, users, plan):
    book = other_court_layout()
    book.active["C5"] = "1.0 Penyusunan Tim Kerja"
    login(client, users["ketua_tim"])
    response = post(client, xlsx(book))
    assert response.status_code == 400
    assert "Indikator 1.0: nomornya tidak di antara 1 dan 99." in problems_of(response)


def test_removing_a_step_removes_that_one(client, users, plan):
    book = other_court_layout()
    book.active["D5"] = "Rapat"
    book.active["D6"] = "Sosialisasi"
    book.active["A7"] = book.active["B7"] = None
    book.active["C7"] = None
    book.active["D7"] = "Rapat"
    login(client, users["ketua_tim"])
    post(client, xlsx(book))
    draft = PlanImport.objects.get()
    indicator = draft.plan_data().components[0].indicators[0]
    assert [s.text for s in indicator.steps] == ["Rapat", "Sosialisasi", "Rapat"]
    client.post(f"{URL}{draft.pk}/c0-i0-s2/", {"delete": "1"})
    indicator = PlanImport.objects.get().plan_data().components[0].indicators[0]
    assert [s.text for s in indicator.steps] == ["Rapat", "Sosialisasi"]
    assert [r.step for r in indicator.requirements] == [0, 0, 1, None]


def test_a_superscript_digit_is_not_called_damage(db):
    book = other_court_layout()
    book.active["A8"] = "²"
    result = read_plan(xlsx(book))
    assert "rusak" not in " ".join(p.message for p in result.problems)


def test_a_workbook_of_many_sheets_is_refused(db):
    book = openpyxl.Workbook()
    for number in range(60):
        book.create_sheet(f"S{number}")["A1"] = "x"
    assert "tidak wajar" in read_plan(xlsx(book)).problems[0].message


@pytest.mark.parametrize("role", ["staf", "ketua", "penilai", "outsider"])
def test_only_the_team_lead_sees_or_changes_a_draft(client, users, plan, role):
    draft, preview = upload_export(client, users, plan)
    login(client, users[role])
    expected = 404 if role == "outsider" else 403
    assert client.get(preview).status_code == expected
    assert client.post(preview, details(draft)).status_code == expected
    assert client.get(f"{URL}{draft.pk}/c0/").status_code == expected
    assert client.post(f"{URL}{draft.pk}/c0-i0-r0/", {"delete": "1"}).status_code == expected
    assert client.post(f"{URL}{draft.pk}/discard/").status_code == expected
    assert PlanImport.objects.get().plan_data() == draft.plan_data()
    assert not Plan.objects.filter(year=2022).exists()


def test_the_import_pages_queries_are_pinned(client, users, plan, django_assert_num_queries):
    draft, preview = upload_export(client, users, plan)
    # session, user, satker, membership, frameworks for the form's choices
    with django_assert_num_queries(5):
        client.get(URL)
    # ... and the draft, the framework named in it, and the framework choices twice (Django's
    # Select reads its first option to decide on `required`, then draws them); none per row
    with django_assert_num_queries(8):
        client.get(preview)
    # session, user, satker, membership, draft
    with django_assert_num_queries(5):
        client.get(f"{URL}{draft.pk}/c0-i0-r0/")
    # session, user, satker, membership, the newest framework, its areas
    with django_assert_num_queries(6):
        client.get(URL + "template.xlsx")


def test_a_cell_longer_than_any_plan_needs_is_a_problem_naming_the_cell(client, users, plan):
    book = other_court_layout()
    book.active["D5"] = "Rapat " * 6_000  # openpyxl stores at most 32767 characters
    result = read_plan(xlsx(book))
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("Rencana Aksi", 5, "D")]
    assert "32767 karakter" in result.problems[0].message
    assert result.data is None  # no draft is built from it
    login(client, users["ketua_tim"])
    before = PlanImport.objects.count()
    response = post(client, xlsx(book))
    assert response.status_code == 400
    assert PlanImport.objects.count() == before


def test_a_correction_in_the_preview_is_capped_too(client, users, plan):
    draft, _preview = upload_export(client, users, plan)
    response = client.post(f"{URL}{draft.pk}/c0-i0-s0/", {"number": 1, "text": "x" * 4001})
    assert response.status_code == 400
    assert "x" * 4001 not in str(PlanImport.objects.get(pk=draft.pk).data)


def test_two_tabs_correcting_one_draft_lose_nothing(client, users, plan):
    draft, preview = upload_export(client, users, plan)
    item = f"{URL}{draft.pk}/c0-i0-s0/"
    first_tab = client.get(item).context["form"]["version"].value()
    second_tab = client.get(f"{URL}{draft.pk}/c0-i0-s1/").context["form"]["version"].value()
    saved = client.post(item, {"number": 1, "text": "Langkah (tab 1)", "version": first_tab})
    assert saved.status_code == 302
    stale = client.post(
        f"{URL}{draft.pk}/c0-i0-s1/",
        {"number": 2, "text": "Langkah (tab 2)", "version": second_tab},
    )
    assert stale.status_code == 409 and "muat ulang" in stale.content.decode().lower()
    steps = PlanImport.objects.get(pk=draft.pk).plan_data().components[0].indicators[0].steps
    assert steps[0].text == "Langkah (tab 1)" and steps[1].text != "Langkah (tab 2)"
    # confirming from a page that showed the draft before a correction is refused too
    response = client.post(preview, details(draft, version=first_tab))
    assert not Plan.objects.filter(year=2022).exists()
    assert "muat ulang" in response.content.decode().lower()
    draft.refresh_from_db()
    client.post(preview, details(draft, version=draft.version))
    assert Plan.objects.filter(year=2022).exists()
