import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from components.models import Cell, Framework, Membership, Plan, Requirement

pytestmark = pytest.mark.django_db(transaction=False)


def counts():
    return (
        Plan.objects.count(),
        Requirement.objects.count(),
        Cell.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
    )


def test_it_loads_the_plan_and_accounts_and_can_run_twice(client, settings, capsys):
    settings.DEBUG = True
    Plan.objects.all().delete()  # start from an empty database
    Framework.objects.all().delete()
    call_command("seed_demo")
    first = capsys.readouterr().out
    after_first = counts()
    call_command("seed_demo")
    second = capsys.readouterr().out
    assert counts() == after_first
    assert after_first[:3] == (1, 55, 111)
    assert Framework.objects.count() == 2

    password = first.rsplit("Password for every demo account: ", 1)[1].strip()
    assert second.rstrip().endswith(password)
    for username in ["admin", "staf", "ketua-tim", "ketua", "penilai"]:
        assert username in first
        assert client.login(username=username, password=password), username
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {
        "staf": "staf",
        "ketua-tim": "ketua_tim",
        "ketua": "ketua",
        "penilai": "penilai",
    }
    groups = dict(get_user_model().objects.values_list("username", "groups__name"))
    assert groups["ketua-tim"] == "Ketua Tim ZI" and groups["admin"] is None
    assert get_user_model().objects.get(username="admin").is_superuser


def test_it_keeps_realization_done_since_the_last_run(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    cell = Cell.objects.filter(planned=True).first()
    cell.realized = True
    cell.save()
    call_command("seed_demo")
    cell.refresh_from_db()
    assert cell.realized  # the fixture does not overwrite the grid's realization


def test_it_refuses_to_run_on_a_production_server(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert not get_user_model().objects.filter(username="ketua-tim").exists()
    call_command("seed_demo", "--allow-production", "--password", "another-pass-1")
    assert get_user_model().objects.get(username="ketua-tim").check_password("another-pass-1")


def test_it_leaves_a_real_account_with_a_demo_name_alone(settings):
    settings.DEBUG = True
    real = get_user_model().objects.create_superuser("admin", "it@pn-sarolangun.go.id", "s3cret-pw")
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("seed_demo")
    real.refresh_from_db()
    assert real.check_password("s3cret-pw") and real.email == "it@pn-sarolangun.go.id"
    assert not get_user_model().objects.filter(username="staf").exists()  # all or nothing
