"""Two people acting on the same thing at the same moment: one wins, the other is told.

Each test starts two threads, each with its own database connection, released together
by a barrier, as two requests handled by two workers would be.
"""

import threading
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from components.models import Cell, Indicator, Role, Satker
from evidence import services
from evidence.models import Activity, EvidenceFile
from evidence.uploads import prepare
from tests import samples
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scene(transactional_db):
    call_command("loaddata", "fixtures/frameworks.json", "fixtures/pn-sarolangun-2021.json")
    satker = Satker.objects.get(slug="pn-sarolangun")
    staf = make_user("staf", satker, Role.STAF)
    leads = [make_user(f"ketua-tim-{i}", satker, Role.KETUA_TIM) for i in (1, 2)]
    indicator = Indicator.objects.get(component__plan__satker=satker, component__number=1, number=2)
    requirement = indicator.requirements.select_related("indicator__component__plan__satker").get(
        position=1
    )
    [photo] = services.submit_evidence(
        requirement=requirement,
        month=1,
        prepared=[prepare(SimpleUploadedFile("foto.jpg", samples.jpeg()))],
        user=staf,
        description="Foto",
        activity_date="2021-01-20",
        submission=uuid.uuid4(),
    )
    return {"staf": staf, "leads": leads, "requirement": requirement, "photo": photo}


def at_once(*actions):
    """Run the actions in two threads released together; return what each one reported."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        barrier.wait()
        try:
            action()
            results[index] = "done"
        except Exception as problem:  # noqa: BLE001 - the test asserts on what happened
            results[index] = f"{type(problem).__name__}: {problem}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_reviewers_deciding_one_file(scene):
    photo = scene["photo"]
    first, second = scene["leads"]
    results = at_once(
        lambda: services.review_file(
            evidence_file=EvidenceFile.objects.get(pk=photo.pk), user=first, approve=True
        ),
        lambda: services.review_file(
            evidence_file=EvidenceFile.objects.get(pk=photo.pk),
            user=second,
            approve=False,
            note="Buram",
        ),
    )
    assert sorted(r.split(":")[0] for r in results) == ["Conflict", "done"], results
    photo.refresh_from_db()
    winner = first if results[0] == "done" else second
    assert photo.reviewed_by == winner
    assert photo.status == ("approved" if winner == first else "returned")
    assert Activity.objects.filter(file=photo, action__in=["approve", "return"]).count() == 1


def test_a_review_while_the_uploader_withdraws(scene):
    photo = scene["photo"]
    results = at_once(
        lambda: services.review_file(
            evidence_file=EvidenceFile.objects.get(pk=photo.pk),
            user=scene["leads"][0],
            approve=True,
        ),
        lambda: services.withdraw_file(
            evidence_file=EvidenceFile.objects.get(pk=photo.pk),
            user=scene["staf"],
            reason="Salah bulan",
        ),
    )
    assert sorted(r.split(":")[0] for r in results) == ["Conflict", "done"], results
    photo.refresh_from_db()
    assert photo.status in ("approved", "withdrawn")
    assert Activity.objects.filter(file=photo).exclude(action="upload").count() == 1


def test_a_tick_while_a_file_is_being_withdrawn(scene):
    """Both are allowed and neither is lost: the tick (with its reason) and the withdrawal."""
    photo, requirement = scene["photo"], scene["requirement"]
    results = at_once(
        lambda: services.set_realized(
            requirement=requirement,
            month=1,
            user=scene["leads"][0],
            realized=True,
            note="Notula asli ada di arsip",
            expected=False,
            confirm_open=True,
        ),
        lambda: services.withdraw_file(
            evidence_file=EvidenceFile.objects.get(pk=photo.pk),
            user=scene["staf"],
            reason="Foto salah",
        ),
    )
    assert results == ["done", "done"], results
    cell = Cell.objects.get(requirement=requirement, month=1)
    photo.refresh_from_db()
    assert cell.realized and photo.status == "withdrawn"
    assert set(Activity.objects.values_list("action", flat=True)) >= {"tick", "withdraw"}


def test_two_leads_tick_and_untick_from_the_same_page(scene):
    requirement = scene["requirement"]
    first, second = scene["leads"]
    results = at_once(
        lambda: services.set_realized(
            requirement=requirement,
            month=1,
            user=first,
            realized=True,
            note="Sudah",
            expected=False,
            confirm_open=True,
        ),
        lambda: services.set_realized(
            requirement=requirement,
            month=1,
            user=second,
            realized=True,
            note="Ya",
            expected=False,
            confirm_open=True,
        ),
    )
    assert sorted(r.split(":")[0] for r in results) == ["Conflict", "done"], results
    assert Activity.objects.filter(action="tick").count() == 1


def test_a_tick_while_the_chair_signs(scene):
    """Either the tick lands before the signature (and is in the signed state) or it is
    refused: never a tick on a plan whose signed PDF does not show it."""
    from reports.models import SignedMatrix
    from reports.services import sign_plan

    requirement = scene["requirement"]
    plan = requirement.indicator.component.plan
    chair = make_user("ketua", plan.satker, Role.KETUA)
    results = at_once(
        lambda: sign_plan(plan=plan, user=chair, paper="a4", base_url="https://zi.example/"),
        lambda: services.set_realized(
            requirement=requirement,
            month=1,
            user=scene["leads"][0],
            realized=True,
            note="Ada notula",
            expected=False,
            confirm_open=True,
        ),
    )
    cell = Cell.objects.get(requirement=requirement, month=1)
    signed = SignedMatrix.objects.filter(plan=plan).first()
    if signed is not None:
        assert signed.realized_months == int(cell.realized)
    assert "done" in [r.split(":")[0] for r in results], results


def test_two_team_leads_saving_monev_notes_at_once_lose_nothing(scene):
    from monitoring.models import MonevReport

    plan = scene["requirement"].indicator.component.plan
    first, second = scene["leads"]
    MonevReport.save_notes(plan=plan, month=3, notes="awal", follow_ups="", by=first, version=0)
    for round_ in range(10):
        version = MonevReport.objects.get(plan=plan, month=3).version
        results = at_once(
            *(
                lambda lead=lead, round_=round_, version=version: MonevReport.save_notes(
                    plan=plan, month=3, notes=f"{round_} {lead.username}", follow_ups="",
                    by=lead, version=version,
                )
                for lead in (first, second)
            )
        )  # fmt: skip
        assert sorted(r.split(":")[0] for r in results) == ["StaleEdit", "done"], results
        winner = (first, second)[results.index("done")]
        assert MonevReport.objects.get(plan=plan, month=3).notes == f"{round_} {winner.username}"
