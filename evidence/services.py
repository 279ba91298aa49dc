"""Actions that write several rows, files and log entries at once, each all-or-nothing."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from components.models import ActionStep, Cell, Indicator, Membership, Plan, Role, display_name
from components.plandata import create_plan
from zi_tracker.files import StorageFailed, removed_on_failure, store

from .models import Activity, Assignment, EvidenceFile


class Conflict(Exception):
    """Someone else acted first; the message says what happened. Nothing was changed."""


def plan_of(requirement):
    return requirement.indicator.component.plan


def submit_evidence(
    *, requirement, month, prepared, user, description, activity_date, submission, revision_of=None
):
    """Store checked files as evidence for one requirement and month, with their log entries.

    Files are written first, outside the transaction (a long write must not hold the
    database); if anything then fails, the files written are removed again, so no orphan
    and no half-written row remains. A submission token used twice raises Conflict.
    """
    if EvidenceFile.objects.filter(submission=submission).exists():
        raise Conflict(_("This upload was already received; it was not stored twice."))
    plan = plan_of(requirement)
    with removed_on_failure() as written:
        records = []
        for index, item in enumerate(prepared):
            record = EvidenceFile(
                original_name=item.original_name,
                size=item.size,
                content_type=item.content_type,
                sha256=item.sha256,
                original_size=item.original_size,
                original_sha256=item.original_sha256,
                description=description,
                activity_date=activity_date,
                uploaded_by=user,
                submission=submission,
                submission_index=index,
                revision_of=revision_of,
            )
            record.cell = Cell(requirement=requirement, month=month)  # for the storage path
            try:
                store(record.file, f"x{item.extension}", item.content, written)
                if item.thumbnail is not None:
                    store(record.thumbnail, "t.jpg", item.thumbnail, written)
            except StorageFailed as failed:
                raise Conflict(str(failed)) from failed
            records.append((record, item))
        try:
            _record_submission(plan, requirement, month, user, records, revision_of)
        except IntegrityError:
            raise Conflict(
                _("This upload was already received; it was not stored twice.")
            ) from None
    return [record for record, _item in records]


def _record_submission(plan, requirement, month, user, records, revision_of):
    with transaction.atomic():
        cell, _created = Cell.objects.select_for_update().get_or_create(
            requirement=requirement, month=month
        )
        if revision_of is not None and (
            revision_of.cell_id != cell.pk or not revision_of.mark_revised()
        ):
            raise Conflict(_("The file you are revising is no longer waiting for a revision."))
        for record, item in records:
            record.cell = cell
            record.save()
            note = item.note
            if revision_of is not None:
                note = " · ".join(
                    filter(None, [_("revision of %(name)s") % {"name": revision_of}, note])
                )
            Activity.objects.create(
                plan=plan,
                requirement=requirement,
                month=month,
                file=record,
                user=user,
                action=Activity.Action.UPLOAD,
                note=note,
            )


def new_submission_token():
    return uuid.uuid4()


def _lock(evidence_file):
    """Lock the file's month, then the file: every action takes them in this order.

    Without one order, two actions at once can each wait for the other (PostgreSQL checks
    foreign keys at commit, taking locks late).
    """
    # No ordering, so no joins: FOR UPDATE would also lock every joined row (the plan's).
    list(Cell.objects.select_for_update(of=("self",)).filter(pk=evidence_file.cell_id).order_by())
    list(
        EvidenceFile.objects.select_for_update(of=("self",)).filter(pk=evidence_file.pk).order_by()
    )


def review_file(*, evidence_file, user, approve, note=""):
    """Approve a waiting file, or return it with a note. Conflict if already decided."""
    with transaction.atomic():
        _lock(evidence_file)
        if approve:
            done = evidence_file.approve(by=user)
        else:
            if not note.strip():
                raise ValidationError(_("Write what must be revised."))
            done = evidence_file.return_for_revision(by=user, note=note.strip())
        if not done:
            evidence_file.refresh_from_db()
            raise Conflict(_decided_message(evidence_file))
        _log_file(
            evidence_file,
            user,
            Activity.Action.APPROVE if approve else Activity.Action.RETURN,
            note,
        )


def withdraw_file(*, evidence_file, user, reason):
    """Hide a wrong upload, keeping it. Conflict if it was approved or withdrawn meanwhile."""
    if not reason.strip():
        raise ValidationError(_("Write why the file is withdrawn."))
    with transaction.atomic():
        _lock(evidence_file)
        if not evidence_file.withdraw(by=user, reason=reason.strip()):
            evidence_file.refresh_from_db()
            raise Conflict(_decided_message(evidence_file))
        _log_file(evidence_file, user, Activity.Action.WITHDRAW, reason)


def _decided_message(evidence_file):
    Status = EvidenceFile.Status
    who = (
        evidence_file.reviewed_by
        if evidence_file.status in (Status.APPROVED, Status.RETURNED, Status.REVISED)
        else evidence_file.withdrawn_by
    )
    return _("%(name)s was already %(status)s by %(who)s; nothing was changed.") % {
        "name": evidence_file.original_name,
        "status": evidence_file.get_status_display(),
        "who": display_name(who) if who else _("someone"),
    }


def _log_file(evidence_file, user, action, note=""):
    cell = evidence_file.cell
    Activity.objects.create(
        plan=plan_of(cell.requirement),
        requirement=cell.requirement,
        month=cell.month,
        file=evidence_file,
        user=user,
        action=action,
        note=note.strip(),
    )


def set_realized(*, requirement, month, user, realized, note, expected, confirm_open=False):
    """Tick (realized=True) or untick a month.

    Ticking needs an approved file or a written reason, and, while files of the month
    still await review or revision, `confirm_open` (the team lead saw which); unticking
    always needs a reason. `expected` is the state the user saw: if someone changed it
    since, Conflict.
    """
    note = note.strip()
    with transaction.atomic():
        # Lock order everywhere: plan, then month, then file. Signing locks the plan too, so
        # a tick and a signature cannot interleave. "No key" so that the foreign-key checks
        # of other actions' log entries (PostgreSQL takes them at commit) never wait on it.
        plan = Plan.objects.select_for_update(no_key=True).get(pk=plan_of(requirement).pk)
        if plan.signed_version() is not None:
            raise Conflict(
                _("The chairperson has signed this plan: the team lead reopens it first.")
            )
        cell, _created = Cell.objects.select_for_update().get_or_create(
            requirement=requirement, month=month
        )
        if cell.realized != expected:
            who = cell.realized_by
            raise Conflict(
                _("%(who)s changed this month a moment ago; look again before deciding.")
                % {"who": display_name(who) if who else _("Someone")}
            )
        if realized == cell.realized:
            return cell
        if realized:
            _check_tick(cell, note, confirm_open)
        elif not note:
            raise ValidationError(_("Write why the month is no longer realized."))
        changed = Cell.objects.filter(pk=cell.pk, realized=expected).update(
            realized=realized, realized_by=user, realized_at=timezone.now(), realization_note=note
        )
        if not changed:  # pragma: no cover - the row lock above makes this unreachable
            raise Conflict(_("Someone changed this month a moment ago; look again."))
        cell.refresh_from_db()
        Activity.objects.create(
            plan=plan_of(requirement),
            requirement=requirement,
            month=month,
            user=user,
            action=Activity.Action.TICK if realized else Activity.Action.UNTICK,
            note=note,
        )
        return cell


def _check_tick(cell, note, confirm_open):
    """Ticking needs an approved file or a reason, and a confirmation over open files."""
    Status = EvidenceFile.Status
    statuses = set(cell.files.values_list("status", flat=True))
    if Status.APPROVED not in statuses and not note:
        raise ValidationError(
            _("There is no approved file for this month: write why it is realized.")
        )
    if not confirm_open and statuses & {Status.PENDING, Status.RETURNED}:
        names = cell.files.filter(status__in=[Status.PENDING, Status.RETURNED]).values_list(
            "original_name", flat=True
        )
        raise ValidationError(
            _(
                "Files of this month still await review or revision: %(names)s. "
                "Confirm that the month is realized anyway."
            )
            % {"names": ", ".join(names)}
        )


def assign_pic(*, plan, indicator, step, person, user):
    """Make a member of the plan's satker a PIC of an indicator or one of its steps."""
    if not Membership.objects.filter(
        user=person, satker=plan.satker_id, role__in=[Role.STAF, Role.KETUA_TIM]
    ).exists():
        raise PermissionDenied
    with transaction.atomic():
        assignment, created = Assignment.objects.get_or_create(
            indicator=indicator, step=step, user=person, defaults={"assigned_by": user}
        )
        if created:
            Activity.objects.create(
                plan=plan,
                indicator=indicator,
                step=step,
                subject=person,
                user=user,
                action=Activity.Action.ASSIGN,
            )
    return assignment


def unassign_pic(*, plan, assignment, user):
    with transaction.atomic():
        Activity.objects.create(
            plan=plan,
            indicator=assignment.indicator,
            step=assignment.step,
            subject=assignment.user,
            user=user,
            action=Activity.Action.UNASSIGN,
        )
        assignment.delete()


def carry_over_to_next_year(*, old, new, user):
    """What evidence keeps of a plan copied to the next year (components.plandata.
    copy_to_next_year, called first): the new plan's first activity entry, saying where it
    came from, and the PICs of people who are still staff or team lead of the satker."""
    with transaction.atomic():
        Activity.objects.create(
            plan=new,
            user=user,
            action=Activity.Action.CREATE,
            note=_("Copied from the %(year)s plan.") % {"year": old.year},
        )
        _copy_assignments(old, new, user)


def create_logged_plan(*, satker, year, data, framework, user, note):
    """create_plan, and the plan's first activity entry saying where it came from."""
    with transaction.atomic():
        plan = create_plan(satker, year, data, framework=framework)
        if user is not None:
            Activity.objects.create(plan=plan, user=user, action=Activity.Action.CREATE, note=note)
    return plan


def copied_assignments(plan):
    """The plan's PIC assignments that next year's plan takes over: those of people who are
    still active staff or team lead of the satker."""
    members = Membership.objects.filter(
        satker=plan.satker_id, role__in=[Role.STAF, Role.KETUA_TIM], user__is_active=True
    ).values("user_id")
    return Assignment.objects.filter(indicator__component__plan=plan, user_id__in=members)


def _copy_assignments(old, new, user):
    indicators = {
        (i.component.number, i.number): i
        for i in Indicator.objects.filter(component__plan=new).select_related("component")
    }
    steps = {
        (s.indicator_id, s.position): s
        for s in ActionStep.objects.filter(indicator__component__plan=new)
    }
    copies = []
    for assignment in copied_assignments(old).select_related("indicator__component", "step"):
        key = (assignment.indicator.component.number, assignment.indicator.number)
        indicator = indicators[key]
        step = steps[(indicator.pk, assignment.step.position)] if assignment.step else None
        copies.append(
            Assignment(indicator=indicator, step=step, user_id=assignment.user_id, assigned_by=user)
        )
    Assignment.objects.bulk_create(copies)


def deactivate_member(*, person, by):
    """A member who moves away: they can no longer log in, their memberships and PIC
    rows end (each removal logged in the plan's activity), and everything they uploaded,
    reviewed or signed stays theirs."""
    with transaction.atomic():
        for assignment in Assignment.objects.filter(user=person).select_related(
            "indicator__component__plan", "step"
        ):
            unassign_pic(plan=assignment.indicator.component.plan, assignment=assignment, user=by)
        Membership.objects.filter(user=person).delete()
        type(person).objects.filter(pk=person.pk).update(is_active=False)
    person.is_active = False
