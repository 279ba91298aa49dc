"""Onboarding in bulk: satkers and members from CSV or XLSX, previewed; invitations;
deactivating a member who moves."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from components.models import Membership, Role, Satker
from evidence.models import Activity, Assignment, EvidenceFile
from tests import samples
from tests.evidence_helpers import login, upload

pytestmark = pytest.mark.django_db
User = get_user_model()

SATKERS = """nama;slug;kelas;induk;kota
Mahkamah Agung;ma;;;Jakarta
Ditjen Badilum;badilum;;ma;Jakarta
Pengadilan Tinggi Jambi;pt-jambi;;badilum;Jambi
Pengadilan Negeri Bangko;pn-bangko;Kelas II;Pengadilan Tinggi Jambi;Bangko
"""


def post_file(client, kind, text, name="data.csv", invite=True):
    data = text.encode() if isinstance(text, str) else text
    return client.post("/onboarding/", {"kind": kind, "file": SimpleUploadedFile(name, data),
                                        "invite": "on" if invite else ""})  # fmt: skip


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


def test_satkers_are_previewed_then_imported_under_their_parents(client, users):
    login(client, users["admin"])
    preview = post_file(client, "satkers", SATKERS)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Pengadilan Negeri Bangko" in page and not Satker.objects.filter(slug="ma").exists()
    actions = [row.action for row in preview.context["rows"]]
    assert actions == ["create", "create", "update", "create"]  # pt-jambi is the seed's
    response = client.post("/onboarding/confirm/", {"token": token_of(preview)})
    assert response.status_code == 302
    bangko = Satker.objects.get(slug="pn-bangko")
    assert (bangko.court_class, bangko.city, bangko.parent.slug) == (
        "Kelas II",
        "Bangko",
        "pt-jambi",
    )
    ma = Satker.objects.get(slug="ma")
    assert set(Satker.objects.below(ma).values_list("slug", flat=True)) >= {
        "badilum",
        "pt-jambi",
        "pn-sarolangun",
        "pn-bangko",
    }
    # The same file again: nothing would change, and the preview says so.
    again = post_file(client, "satkers", SATKERS)
    assert [row.action for row in again.context["rows"]] == ["unchanged"] * 4
    page = again.content.decode()
    assert "0 baru, 0 diubah, 4 tidak berubah." in page and "<td>Kelas II</td>" in page
    done = client.post("/onboarding/confirm/", {"token": token_of(again)}, follow=True)
    assert "0 satker dibuat, 0 diperbarui" in done.content.decode()


@pytest.mark.parametrize(
    "line, problem",
    [
        ("Pengadilan Negeri X;pn-x;;pt-nowhere;", "pt-nowhere"),
        ("Pengadilan Negeri Y;PN Y!;;;", "a-z"),
        ("Pengadilan Negeri Z;pn-z;;pn-z;", "pn-z"),
        ("Pengadilan Negeri Dua;ma;;;", "2"),
    ],
)
def test_a_file_with_any_problem_imports_nothing(client, users, line, problem):
    login(client, users["admin"])
    before = Satker.objects.count()
    preview = post_file(client, "satkers", SATKERS + line + "\n")
    page = preview.content.decode()
    bad = preview.context["rows"][-1]
    assert 'role="alert"' in page and bad.problems and problem in " ".join(bad.problems) + line
    assert "btn-success" not in page.split("<form")[-1]  # no import button
    assert client.post("/onboarding/confirm/", {"token": token_of(preview)}).status_code == 400
    assert Satker.objects.count() == before


def test_parents_that_go_round_in_a_circle_are_refused(client, users):
    login(client, users["admin"])
    text = "nama;slug;induk\nA;a;b\nB;b;a\n"
    rows = post_file(client, "satkers", text).context["rows"]
    assert all(row.problems for row in rows)


def test_900_satkers_from_an_excel_file_on_the_command_line(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Nama Satker", "Kode Satker", "Kelas", "Satker Induk", "Kota"])
    sheet.append(["Ditjen Badilum", "badilum", "", "", "Jakarta"])
    for i in range(30):
        sheet.append([f"Pengadilan Tinggi {i:02d}", f"pt-{i:02d}", "", "badilum", ""])
    for i in range(869):
        sheet.append(
            [f"Pengadilan Negeri {i:03d}", f"pn-{i:03d}", "Kelas II", f"pt-{i % 30:02d}", ""]
        )
    path = tmp_path / "satker.xlsx"
    book.save(path)
    before = Satker.objects.count()
    call_command("import_satkers", str(path), "--dry-run", stdout=io.StringIO())
    assert Satker.objects.count() == before
    out = io.StringIO()
    call_command("import_satkers", str(path), stdout=out)
    assert "900 satkers created" in out.getvalue()
    assert Satker.objects.below(Satker.objects.get(slug="badilum")).count() == 900


def test_a_bad_row_on_the_command_line_names_its_row_and_saves_nothing(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("nama,slug,induk\nPN A,pn-a,\nPN B,pn-b,pt-unknown\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_satkers", str(path), stderr=err)
    assert "row 3" in err.getvalue()
    assert not Satker.objects.filter(slug="pn-a").exists()


MEMBERS = """nama,nip,email,satker,peran
Siti Aminah,19801208 200312 2 001,siti@pn-sarolangun.go.id,pn-sarolangun,Staf
Budi Santoso,,budi@pt-jambi.go.id,Pengadilan Tinggi Jambi,Penilai
"""


def test_members_are_imported_and_invited_to_set_a_password_once(client, users, settings):
    settings.SITE_URL = "https://zi.example.go.id"
    login(client, users["admin"])
    preview = post_file(client, "members", MEMBERS)
    assert [row.action for row in preview.context["rows"]] == ["create", "create"]
    client.post("/onboarding/confirm/", {"token": token_of(preview)})
    siti = User.objects.get(email="siti@pn-sarolangun.go.id")
    assert not siti.has_usable_password() and siti.profile.nip == "198012082003122001"
    assert Membership.objects.get(user=siti).role == Role.STAF
    assert Membership.objects.get(user__email="budi@pt-jambi.go.id").satker.slug == "pt-jambi"
    assert len(mail.outbox) == 2
    link = re.search(r"https://zi\.example\.go\.id(/accounts/undangan/\S+/)", mail.outbox[0].body)
    client.logout()
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    password = "Kopi-Tubruk-Sarolangun-77"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": password,
                                                    "new_password2": password})  # fmt: skip
    assert done.status_code == 302
    assert client.login(username=siti.username, password=password)
    client.logout()
    again = client.get(link.group(1), follow=True).content.decode()
    assert "new_password1" not in again  # the link worked once


def test_someone_already_in_the_app_gets_the_membership_not_a_second_account(client, users):
    users["staf"].email = "staf@pn-sarolangun.go.id"
    users["staf"].save()
    login(client, users["admin"])
    text = "nama,email,satker,peran\nStaf,staf@pn-sarolangun.go.id,pt-jambi,pengawas\n"
    preview = post_file(client, "members", text)
    assert preview.context["rows"][0].action == "add"
    client.post("/onboarding/confirm/", {"token": token_of(preview)})
    assert User.objects.filter(email="staf@pn-sarolangun.go.id").count() == 1
    assert Membership.objects.get(user=users["staf"], satker__slug="pt-jambi").role == "pengawas"
    assert not mail.outbox


@pytest.mark.parametrize(
    "row, problem",
    [
        ("X,bukan-email,pn-sarolangun,staf", "bukan-email"),
        ("X,x@a.go.id,pn-nowhere,staf", "pn-nowhere"),
        ("X,x@a.go.id,pn-sarolangun,bupati", "bupati"),
    ],
)
def test_bad_member_rows_are_listed_and_nothing_is_saved(client, users, row, problem):
    login(client, users["admin"])
    before = User.objects.count()
    preview = post_file(client, "members", "nama,email,satker,peran\n" + row + "\n")
    assert problem in preview.content.decode()
    assert client.post("/onboarding/confirm/", {"token": token_of(preview)}).status_code == 400
    assert User.objects.count() == before


def test_files_that_are_not_tables_are_refused(client, users):
    login(client, users["admin"])
    assert post_file(client, "members", samples.exe(), "orang.csv").status_code == 400
    assert post_file(client, "satkers", samples.docm_renamed_docx(), "s.xlsx").status_code == 400
    assert post_file(client, "satkers", "kota\nJambi\n").status_code == 400  # no name column


def test_only_the_administrator_onboards(client, users):
    for role in ("ketua_tim", "ketua", "penilai", "staf", "outsider"):
        login(client, users[role])
        assert client.get("/onboarding/").status_code == 403
        assert post_file(client, "satkers", SATKERS).status_code == 403
    client.logout()
    assert client.get("/onboarding/").status_code == 302  # to the login page
    login(client, users["admin"])
    assert client.put("/onboarding/").status_code == 405
    assert "Isi berkas" in client.get("/onboarding/").content.decode()  # not "Kind"
    assert client.post("/onboarding/confirm/", {"token": "forged"}).status_code == 302
    assert not Satker.objects.filter(slug="ma").exists()


def test_deactivating_a_member_who_moves_keeps_their_work_attributed(client, users, requirement):
    login(client, users["staf"])
    upload(client, requirement)
    assert Assignment.objects.filter(user=users["staf"]).exists()
    login(client, users["admin"])
    action = {"action": "deactivate", "_selected_action": [users["staf"].pk]}
    response = client.post("/admin/auth/user/", action)
    assert response.status_code == 302
    users["staf"].refresh_from_db()
    assert not users["staf"].is_active
    assert not Membership.objects.filter(user=users["staf"]).exists()
    assert not Assignment.objects.filter(user=users["staf"]).exists()
    assert Activity.objects.filter(action="unassign", subject=users["staf"]).exists()
    assert EvidenceFile.objects.get().uploaded_by == users["staf"]


def test_the_onboarding_pages_queries_are_pinned(client, users, django_assert_num_queries):
    login(client, users["admin"])
    with django_assert_num_queries(2):  # session, user
        assert client.get("/onboarding/").status_code == 200
    # + the satkers by slug and name (one), on top of session and user
    with django_assert_num_queries(3):
        assert post_file(client, "satkers", SATKERS).status_code == 200


def test_a_file_past_the_limit_says_only_that_it_is_too_large(client, users):
    login(client, users["admin"])
    response = post_file(client, "satkers", b"nama,kelas\n" + b"x" * (10 * 1024 * 1024 + 10))
    assert response.status_code == 400
    assert list(response.context["form"].errors["file"]) == ["Berkas lebih besar dari 10 MB."]
    assert not Satker.objects.filter(name="x").exists()


def test_the_blank_workbooks_import_as_they_are_filled(client, users, django_assert_num_queries):
    import io

    from openpyxl import load_workbook

    login(client, users["admin"])
    assert "Templat kosong: satker" in client.get("/onboarding/").content.decode()
    response = client.get("/onboarding/template/satkers.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="templat-satker.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Satker", "Petunjuk"]
    book.active.append(["Pengadilan Negeri Bangko", "pn-bangko", "Kelas II", "pt-jambi", "Bangko"])
    filled = io.BytesIO()
    book.save(filled)
    preview = post_file(client, "satkers", filled.getvalue(), name="satker.xlsx")
    assert [row.action for row in preview.context["rows"]] == ["create"]
    members = load_workbook(io.BytesIO(client.get("/onboarding/template/members.xlsx").content))
    assert next(members.active.iter_rows(values_only=True))[:5] == (
        "nama", "nip", "surel", "satker", "peran",
    )  # fmt: skip
    assert client.get("/onboarding/template/other.xlsx").status_code == 404
    with django_assert_num_queries(2):  # session, user
        client.get("/onboarding/template/members.xlsx")
    login(client, users["ketua_tim"])
    assert client.get("/onboarding/template/satkers.xlsx").status_code == 403
