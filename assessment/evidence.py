"""Attaching bukti dukung to LKE questions, and who may draft a sub-area's narrative.

Queries for the page: the question evidence of the assessment (one), the user's PIC
indicators (one, staff only), the saved links (one, once edited).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from components.models import Role
from evidence.models import EvidenceFile
from zi_tracker.files import removed_on_failure

from .links import drafting_nodes, link_node, links_of, pic_indicator_ids, plan_indicators
from .models import AssessmentLog, QuestionEvidence, SubAreaLink, Tier


@dataclass
class Rights:
    """What the user may do on the LKE page, question by question."""

    answer_unit: bool
    answer_tpi: bool
    draft_nodes: set = field(default_factory=set)  # staff PIC: narrative and evidence here

    def may_draft(self, question, tier):
        """Write the narrative or note and attach evidence."""
        if tier == Tier.TPI:
            return self.answer_tpi
        return self.answer_unit or link_node(question.node_obj).pk in self.draft_nodes

    def may_answer(self, tier):
        return self.answer_unit if tier == Tier.UNIT else self.answer_tpi


def rights(access, assessment, tree, links=None):
    """Rights of the user. A staff member (PIC) drafts the sub-areas linked to their rows."""
    answer_unit = access.can_manage and assessment.tier_open(Tier.UNIT)
    answer_tpi = access.is_evaluator and assessment.tier_open(Tier.TPI)
    nodes = set()
    if access.role == Role.STAF and assessment.tier_open(Tier.UNIT) and assessment.plan_id:
        mine = pic_indicator_ids(access.user, assessment.plan_id)
        if mine:
            if links is None:
                links = links_of(assessment, tree, plan_indicators(assessment.plan))
            nodes = drafting_nodes(links, mine)
    return Rights(answer_unit, answer_tpi, nodes)


def evidence_by_question(assessment, question=None):
    """{(question pk, tier): [QuestionEvidence, ...]} of what is attached now (to one
    question, if given). One query."""
    grouped = {}
    rows = QuestionEvidence.objects.filter(assessment=assessment, removed_at__isnull=True)
    if question is not None:
        rows = rows.filter(question=question)
    for item in rows.select_related("evidence_file__cell__requirement__indicator__component"):
        grouped.setdefault((item.question_id, item.tier), []).append(item)
    return grouped


def plan_files(assessment, indicator_ids=None):
    """Approved evidence files of the assessment's plan (of `indicator_ids` only, if given),
    in plan order. One query."""
    if assessment.plan_id is None:
        return []
    files = EvidenceFile.objects.filter(status=EvidenceFile.Status.APPROVED)
    if indicator_ids is not None:
        files = files.filter(cell__requirement__indicator_id__in=indicator_ids)
    return list(files.of_plan_in_order(assessment.plan))


def _check_open(assessment, tier):
    if not assessment.tier_open(tier):
        raise PermissionDenied


def _log(assessment, question, tier, by, action, note):
    AssessmentLog.objects.create(assessment=assessment, user=by, tier=tier, question=question,
                                 action=action, note=note[:2000])  # fmt: skip


def attach_plan_file(*, assessment, question, tier, evidence_file, by):
    _check_open(assessment, tier)
    if (
        evidence_file.status != EvidenceFile.Status.APPROVED
        or evidence_file.cell.requirement.indicator.component.plan_id != assessment.plan_id
    ):
        raise ValidationError(
            _("Only approved evidence files of this year's plan can be attached.")
        )
    with transaction.atomic():
        if QuestionEvidence.objects.filter(
            assessment=assessment, question=question, tier=tier, evidence_file=evidence_file,
            removed_at__isnull=True,
        ).exists():  # fmt: skip
            raise ValidationError(_("This file is attached to the question already."))
        item = QuestionEvidence.objects.create(
            assessment=assessment, question=question, tier=tier,
            kind=QuestionEvidence.Kind.PLAN_FILE, evidence_file=evidence_file, added_by=by,
        )  # fmt: skip
        _log(assessment, question, tier, by, AssessmentLog.Action.EVIDENCE, str(evidence_file))
    return item


def attach_upload(*, assessment, question, tier, prepared, by):
    """Store a checked upload (evidence.uploads.prepare) as the question's evidence."""
    _check_open(assessment, tier)
    with removed_on_failure() as written:
        item = QuestionEvidence(
            assessment=assessment, question=question, tier=tier,
            kind=QuestionEvidence.Kind.UPLOAD, original_name=prepared.original_name,
            size=prepared.size, content_type=prepared.content_type, sha256=prepared.sha256,
            added_by=by,
        )  # fmt: skip
        item.file.save(f"x{prepared.extension}", prepared.content, save=False)
        written.append(item.file.name)
        with transaction.atomic():
            item.save()
            _log(assessment, question, tier, by, AssessmentLog.Action.EVIDENCE,
                 prepared.original_name)  # fmt: skip
    return item


def attach_link(*, assessment, question, tier, url, title, by):
    _check_open(assessment, tier)
    with transaction.atomic():
        item = QuestionEvidence.objects.create(
            assessment=assessment, question=question, tier=tier,
            kind=QuestionEvidence.Kind.LINK, url=url, title=title, added_by=by,
        )  # fmt: skip
        _log(assessment, question, tier, by, AssessmentLog.Action.EVIDENCE, url)
    return item


def remove_evidence(*, item, by):
    _check_open(item.assessment, item.tier)
    with transaction.atomic():
        item.remove(by=by)
        _log(item.assessment, item.question, item.tier, by, AssessmentLog.Action.UNEVIDENCE,
             item.name)  # fmt: skip


def save_links(*, assessment, links, by):
    """Replace the assessment's links with {node pk: [indicator pk, ...]}, and log it."""
    _check_open(assessment, Tier.UNIT)
    with transaction.atomic():
        SubAreaLink.objects.filter(assessment=assessment).delete()
        SubAreaLink.objects.bulk_create(
            SubAreaLink(assessment=assessment, node_id=node, indicator_id=indicator)
            for node, indicators in links.items()
            for indicator in indicators
        )
        type(assessment).objects.filter(pk=assessment.pk).update(links_edited=True)
        assessment.links_edited = True
        AssessmentLog.objects.create(assessment=assessment, user=by,
                                     action=AssessmentLog.Action.LINKS)  # fmt: skip


def workbook_evidence(assessment, tier):
    """{question pk: ([names], [links])} for the official workbook's columns P and Q: the
    files' names, and the address of each (the app's, for files; the link itself)."""
    from django.conf import settings
    from django.urls import reverse

    site = settings.SITE_URL.rstrip("/")
    result = {}
    for (question_id, item_tier), items in evidence_by_question(assessment).items():
        if item_tier != tier:
            continue
        names, links = result.setdefault(question_id, ([], []))
        for item in items:
            if item.kind == QuestionEvidence.Kind.LINK:
                links.append(item.url)
                continue
            names.append(item.name)
            if item.kind == QuestionEvidence.Kind.PLAN_FILE:
                args = [assessment.satker.slug, assessment.year, item.evidence_file.public_id]
                links.append(site + reverse("evidence_file", args=args))
            else:
                args = [assessment.satker.slug, assessment.year, item.public_id]
                links.append(site + reverse("assessment_evidence_open", args=args))
    return result
