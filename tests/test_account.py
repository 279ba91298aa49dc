import pytest

from components.models import Profile
from tests.evidence_helpers import login
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_user_keeps_their_name_email_nip_and_reminders(client, users):
    login(client, users["staf"])
    assert client.get("/account/").status_code == 200
    response = client.post(
        "/account/",
        {
            "account-first_name": "Sari",
            "account-last_name": "Dewi",
            "account-email": "sari@pn-sarolangun.go.id",
            "profile-nip": "19900101 201501 2 003",
            "profile-reminders": "on",
        },
    )
    assert response.status_code == 302
    users["staf"].refresh_from_db()
    assert users["staf"].get_full_name() == "Sari Dewi"
    profile = Profile.objects.get(user=users["staf"])
    assert profile.nip == "199001012015012003" and profile.reminders


def test_a_bad_nip_or_email_is_refused(client, users):
    login(client, users["staf"])
    response = client.post("/account/", {"account-email": "bukan-email", "profile-nip": "123"})
    assert response.status_code == 400
    assert not Profile.objects.filter(user=users["staf"], nip="123").exists()


def test_the_account_page_needs_a_login(client, db):
    assert client.get("/account/").status_code == 302


def test_a_user_changes_their_own_password(client, users):
    login(client, users["staf"])
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Zona-Integritas-2026",
            "new_password2": "Zona-Integritas-2026",
        },
    )
    assert response.status_code == 302
    users["staf"].refresh_from_db()
    assert users["staf"].check_password("Zona-Integritas-2026")


# session, user, profile, second-factor device, chair membership
def test_the_account_page_queries_are_pinned(client, users, django_assert_num_queries):
    login(client, users["staf"])
    client.get("/account/")  # creates the profile
    with django_assert_num_queries(5):
        assert client.get("/account/").status_code == 200
