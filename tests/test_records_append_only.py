"""The database itself refuses to rewrite or remove records, whatever code asks it to.

The models already refuse save() and delete() on one object; these go round them, with a
queryset's update() and delete() and raw SQL, as a bulk admin action or a careless script
would. Run on SQLite and on PostgreSQL (DATABASE_URL).
"""

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from components.models import Cell
from evidence.models import Activity, EvidenceFile
from reports.models import SignedMatrix
from tests.factories import make_files
from zi_tracker import records

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(plan, users):
    cell = Cell.objects.filter(requirement__indicator__component__plan=plan, planned=True).first()
    return make_files(cell, users["staf"], 2)


@pytest.fixture
def signed(plan, users):
    return SignedMatrix.objects.create(
        plan=plan,
        version=1,
        paper="a4",
        file="signed/pn-sarolangun/2021/v1-TEST.pdf",
        sha256="a" * 64,
        size=10,
        fingerprint="b" * 64,
        signed_by=users["ketua"],
        signatory_name="Ketua",
        verify_url="https://zi.example.go.id/verify/TEST/",
    )


def refused(change):
    """True if the database refuses `change` (and leaves the transaction usable)."""
    try:
        with transaction.atomic():
            change()
    except IntegrityError as error:
        assert "holds records" in str(error)
        return True
    return False


def test_it_refuses_to_rewrite_an_evidence_files_provenance(evidence, users):
    files = EvidenceFile.objects.filter(pk=evidence[0].pk)
    assert refused(lambda: files.update(sha256="f" * 64))
    assert refused(lambda: files.update(uploaded_at=timezone.now()))
    assert refused(lambda: files.update(file="evidence/other.pdf"))
    assert refused(lambda: files.update(uploaded_by=users["ketua"]))
    assert files.get().sha256 == "0" * 64


def test_it_refuses_to_delete_evidence_files_in_bulk(evidence):
    everything = EvidenceFile.objects.all()
    assert refused(lambda: everything._raw_delete(everything.db))  # past the PROTECTing log
    with connection.cursor() as cursor:
        assert refused(lambda: cursor.execute("DELETE FROM evidence_evidencefile"))
    assert refused(lambda: Activity.objects.filter(file__in=evidence).delete())
    assert EvidenceFile.objects.filter(pk__in=[f.pk for f in evidence]).count() == 2


def test_the_review_moves_only_as_the_app_moves_it(evidence, users):
    first, second = evidence
    assert first.approve(by=users["ketua_tim"])
    one = EvidenceFile.objects.filter(pk=first.pk)
    assert refused(lambda: one.update(status="pending"))  # an approval is not undone
    assert refused(lambda: one.update(status="withdrawn"))
    assert refused(lambda: one.update(review_note="rewritten later"))  # no move, no change
    assert one.get().status == "approved"
    assert second.return_for_revision(by=users["ketua_tim"], note="Kurang tanda tangan")
    assert second.withdraw(by=users["staf"], reason="Salah bulan")
    assert EvidenceFile.objects.get(pk=second.pk).status == "withdrawn"


def test_it_refuses_any_change_to_the_activity_log(evidence):
    log = Activity.objects.filter(file=evidence[0])
    assert refused(lambda: log.update(note="rewritten"))
    assert refused(lambda: log.update(created_at=timezone.now()))
    assert refused(lambda: log.delete())
    with connection.cursor() as cursor:
        assert refused(lambda: cursor.execute("DELETE FROM evidence_activity"))
    assert log.count() == 1


def test_a_signed_version_is_only_ever_reopened_once(signed, users):
    one = SignedMatrix.objects.filter(pk=signed.pk)
    assert refused(lambda: one.update(sha256="c" * 64))
    assert refused(lambda: one.update(file="signed/forged.pdf"))
    assert refused(lambda: one.update(reopen_reason="no reopening"))
    assert refused(lambda: one.delete())
    assert signed.reopen(by=users["ketua_tim"], reason="Salah angka")
    assert refused(lambda: one.update(reopened_at=None))  # it cannot come back in force
    assert refused(lambda: one.update(reopen_reason="another reason"))
    assert one.get().reopen_reason == "Salah angka"


def test_only_an_unlocked_transaction_empties_records(evidence):
    with records.records_unlocked():
        Activity.objects.filter(file__in=evidence).delete()
        EvidenceFile.objects.filter(pk__in=[f.pk for f in evidence]).delete()
    assert not EvidenceFile.objects.filter(pk__in=[f.pk for f in evidence]).exists()
    again = make_files(evidence[0].cell, evidence[0].uploaded_by, 1)
    assert refused(lambda: Activity.objects.filter(file__in=again).delete())  # locked again


def test_triggers_a_table_rebuild_dropped_come_back_after_migrate(evidence):
    records.drop_rules(connection, *records_of("evidence"))
    assert not refused(lambda: Activity.objects.filter(file=evidence[0]).update(note="x"))
    records.ensure_installed(apps.get_app_config("evidence"), using="default")
    assert refused(lambda: Activity.objects.filter(file=evidence[0]).update(note="y"))


def records_of(label):
    return [rules for app, _m, all_rules in records.REGISTRY if app == label for rules in all_rules]


def test_a_visitors_survey_answers_are_never_changed_or_removed(satker):
    from surveys.models import Answer, Response
    from tests.survey_helpers import answer_all, make_survey

    survey = make_survey(satker)
    answer_all(survey, 2)
    answers = Answer.objects.filter(response__survey=survey)
    assert refused(lambda: answers.update(value=1))
    assert refused(lambda: answers.delete())
    assert refused(lambda: Response.objects.filter(survey=survey).update(service="diubah"))
    with connection.cursor() as cursor:
        assert refused(lambda: cursor.execute("DELETE FROM surveys_response"))
    assert sorted(set(answers.values_list("value", flat=True))) == [4]
    assert Response.objects.filter(survey=survey).count() == 2
