import pytest

from tests.factories import PASSWORD, make_plan, make_user

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_it_requires_login(client, db):
    assert client.get("/").url == "/accounts/login/?next=/"


def test_the_login_page_is_public_and_in_indonesian(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "Masuk" in html and "Nama pengguna" in html


def test_it_logs_in_and_lands_on_the_users_plans(client, users):
    response = client.post(
        "/accounts/login/", {"username": "staf", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/"
    html = response.content.decode()
    assert "Pengadilan Negeri Sarolangun" in html
    assert 'href="/plans/pn-sarolangun/2021/"' in html


def test_it_lists_only_the_users_own_satkers(client, users, other_satker):
    make_plan(other_satker, 2022)
    login(client, users["staf"])
    html = client.get("/").content.decode()
    assert "pn-sarolangun/2021" in html and "pn-muara-bulian" not in html
    login(client, users["admin"])
    html = client.get("/").content.decode()
    assert "pn-sarolangun/2021" in html and "pn-muara-bulian/2022" in html


def test_it_tells_a_user_without_satker_what_to_do(client, db):
    login(client, make_user("lonely"))
    assert "Anda belum terdaftar pada satker mana pun" in client.get("/").content.decode()


def test_logout_is_a_post(client, users):
    login(client, users["staf"])
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_the_language_switch_works_before_login(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "Username" in client.get("/accounts/login/").content.decode()


def test_static_assets_are_served_locally(client, users):
    login(client, users["staf"])
    html = client.get("/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert "https://" not in html and "http://" not in html.replace("http://www.w3.org", "")


# session, user, satkers, their plans with frameworks, the user's team-lead memberships;
# the "My tasks" card (evidence): open months of the PIC rows, files to revise
def test_its_queries_are_pinned(client, users, django_assert_num_queries):
    login(client, users["admin"])
    with django_assert_num_queries(7):
        client.get("/")
