"""send_reminders: who hears of what, when, and never twice."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from components.models import Cell, Indicator, Profile
from evidence.models import Assignment
from monitoring.models import ReminderLog

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=WIB), tick=False)


@pytest.fixture
def people(users, requirement):
    """staf (PIC of 1.2) and ketua-tim with e-mail addresses."""
    for key in ("staf", "ketua_tim", "penilai"):
        users[key].email = f"{users[key].username}@pn-sarolangun.go.id"
        users[key].save()
    return users


def send(*args):
    call_command("send_reminders", *args)
    return list(mail.outbox)


def to(messages, user):
    return [m for m in messages if m.to == [user.email]]


@at(2021, 3, 10, 7)
def test_a_pic_hears_of_overdue_months_but_not_yet_of_this_months(people, requirement, plan):
    Cell.objects.create(requirement=requirement, month=3, planned=True)
    [message] = to(send(), people["staf"])
    body = message.body
    assert "Terlambat:" in body and "Jatuh tempo bulan ini" not in body
    assert f"/plans/pn-sarolangun/2021/evidence/{requirement.pk}/1/" in body
    assert message.subject.startswith("[ZI Tracker] 0 tugas jatuh tempo bulan ini, ")
    assert "https://zi.example.go.id/tasks/" in body


@at(2021, 3, 26, 7)
def test_this_months_items_come_in_the_last_days_of_the_month(people, requirement, settings):
    settings.REMINDER_DAYS_BEFORE_MONTH_END = 7
    Cell.objects.create(requirement=requirement, month=3, planned=True)
    [message] = to(send(), people["staf"])
    assert "Jatuh tempo bulan ini:" in message.body
    assert "MAR 2021" in message.body


@at(2021, 3, 10, 7)
def test_running_twice_on_a_day_sends_nothing_new(people):
    first = send()
    assert to(first, people["staf"])
    mail.outbox.clear()
    assert send() == []
    assert ReminderLog.objects.filter(user=people["staf"], kind="pic").count() == 1
    with at(2021, 3, 11, 7):
        assert to(send(), people["staf"])  # a new day: a new reminder


@at(2021, 3, 10, 7)
def test_a_dry_run_prints_and_sends_nothing(people, capsys):
    call_command("send_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert "To: staf@pn-sarolangun.go.id" in out and "would send" in out
    assert mail.outbox == [] and not ReminderLog.objects.exists()


@at(2021, 3, 10, 7)
def test_a_user_can_turn_reminders_off(client, people):
    from tests.evidence_helpers import login

    login(client, people["staf"])
    client.post(
        "/account/",
        {
            "account-first_name": "Sari",
            "account-last_name": "",
            "account-email": "staf@pn-sarolangun.go.id",
            "profile-nip": "",
            "profile-reminders": "",
        },
    )
    assert Profile.objects.get(user=people["staf"]).reminders is False
    assert to(send(), people["staf"]) == []


@at(2021, 3, 10, 7)
def test_users_without_an_address_or_inactive_get_nothing(people):
    people["staf"].email = ""
    people["staf"].save()
    assert to(send(), people["staf"]) == []
    people["staf"].email = "staf@pn-sarolangun.go.id"
    people["staf"].is_active = False
    people["staf"].save()
    assert to(send(), people["staf"]) == []


@at(2021, 3, 10, 7)
def test_a_signed_plan_is_not_reminded_of(people, plan):
    from reports.models import SignedMatrix

    SignedMatrix.objects.create(
        plan=plan,
        version=1,
        paper="a4",
        file="signed/x.pdf",
        sha256="0" * 64,
        size=1,
        fingerprint="0" * 64,
        signed_by=people["ketua"],
        signatory_name="X",
        verify_url="https://zi.example.go.id/verify/X/",
    )
    assert send() == []


@at(2022, 1, 3, 7)  # a Monday in the next year
def test_last_years_december_is_overdue_in_january(people, requirement, plan):
    Cell.objects.create(requirement=requirement, month=12, planned=True)
    [message] = to(send(), people["staf"])
    assert "DES 2021" in message.body


@at(2023, 6, 5, 7)
def test_plans_older_than_last_year_are_left_alone(people):
    assert send() == []


@at(2021, 3, 8, 7)  # Monday
def test_the_team_lead_gets_a_weekly_digest_once_a_week(people, requirement, settings):
    settings.REMINDER_DIGEST_WEEKDAY = 0
    from tests.factories import make_files

    make_files(Cell.objects.get(requirement=requirement, month=1), people["staf"], 2)
    [digest] = to(send(), people["ketua_tim"])
    assert digest.subject.startswith("[ZI Tracker] Ringkasan mingguan")
    assert "2 berkas menunggu revi" in digest.body
    assert "/plans/pn-sarolangun/2021/review/" in digest.body
    mail.outbox.clear()
    with at(2021, 3, 10, 7):  # Wednesday, same week
        assert to(send(), people["ketua_tim"]) == []
    with at(2021, 3, 15, 7):  # next Monday
        assert to(send(), people["ketua_tim"])


@at(2021, 3, 9, 7)  # Tuesday
def test_the_digest_waits_for_its_weekday_and_makes_up_a_missed_one(people, settings):
    settings.REMINDER_DIGEST_WEEKDAY = 2  # Wednesday
    assert to(send(), people["ketua_tim"]) == []
    with at(2021, 3, 11, 7):  # Thursday: the Wednesday run was missed, so it goes now
        assert to(send(), people["ketua_tim"])


@at(2021, 3, 10, 7)
def test_pics_of_a_step_are_reminded_too(people, plan, satker):
    from components.models import Role
    from tests.factories import make_user

    other = make_user("staf-dua", satker, Role.STAF, email="dua@pn-sarolangun.go.id")
    indicator = Indicator.objects.get(component__plan=plan, component__number=2, number=1)
    Assignment.objects.create(indicator=indicator, step=indicator.steps.first(), user=other)
    [message] = to(send(), other)
    assert "2.1" in message.body


@at(2021, 3, 10, 7)
def test_a_former_member_is_not_reminded(people):
    from components.models import Membership

    Membership.objects.filter(user=people["staf"]).delete()
    assert to(send(), people["staf"]) == []


@at(2021, 3, 10, 7)
def test_months_with_a_file_awaiting_review_are_not_nagged_about(people, requirement):
    from tests.factories import make_files

    for cell in Cell.objects.filter(requirement__indicator=requirement.indicator, planned=True):
        make_files(cell, people["staf"], 1)
    assert to(send(), people["staf"]) == []


@at(2021, 3, 24, 7)
def test_this_months_reminders_start_exactly_n_days_before_month_end(people, requirement, settings):
    settings.REMINDER_DAYS_BEFORE_MONTH_END = 7  # 31 March - 7 = 24 March
    Cell.objects.create(requirement=requirement, month=3, planned=True)
    assert "Jatuh tempo bulan ini:" in to(send(), people["staf"])[0].body
    mail.outbox.clear()
    ReminderLog.objects.all().delete()
    with at(2021, 3, 23, 7):
        assert "Jatuh tempo bulan ini:" not in to(send(), people["staf"])[0].body


@at(2021, 3, 8, 7)
def test_a_team_lead_of_two_satkers_gets_one_digest_naming_both(people, plan):
    from components.models import Membership, Role
    from tests.factories import make_files, make_plan, make_satker

    second = make_satker("pn-dua", "Pengadilan Negeri Dua")
    other_plan = make_plan(second, 2021)
    Membership.objects.create(user=people["ketua_tim"], satker=second, role=Role.KETUA_TIM)
    cell = Cell.objects.filter(requirement__indicator__component__plan=other_plan).first()
    make_files(cell, people["ketua_tim"], 5)
    [digest] = to(send(), people["ketua_tim"])
    assert "Pengadilan Negeri Sarolangun 2021" in digest.body
    assert "Pengadilan Negeri Dua 2021: 5 berkas menunggu revi" in digest.body


@at(2021, 3, 10, 7)
def test_a_refused_address_does_not_stop_the_others(people, monkeypatch, satker):
    import smtplib

    import django.core.mail
    from django.core.management import CommandError

    from components.models import Role
    from tests.factories import make_user

    other = make_user("staf-dua", satker, Role.STAF, email="dua@pn-sarolangun.go.id")
    indicator = Indicator.objects.get(component__plan__satker=satker, component__number=2, number=1)
    Assignment.objects.create(indicator=indicator, user=other)
    real = django.core.mail.send_mail

    def refuse_staf(subject, body, sender, recipients, **kwargs):
        if recipients == [people["staf"].email]:
            raise smtplib.SMTPRecipientsRefused({recipients[0]: (550, b"no such user")})
        return real(subject, body, sender, recipients, **kwargs)

    monkeypatch.setattr("monitoring.management.commands.send_reminders.send_mail", refuse_staf)
    with pytest.raises(CommandError, match="1 failed"):
        call_command("send_reminders")
    assert to(mail.outbox, other)
    assert not ReminderLog.objects.filter(user=people["staf"]).exists()  # tried again tomorrow
