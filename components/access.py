"""Who may do what with which plan: the one place the satker and role rules live.

A user works in the satkers they have a membership in (their own court, or the courts they
are assigned to evaluate); a superuser (the administrator) everywhere.

| role      | read plan and files | upload        | review, tick, assign PICs | sign |
|-----------|---------------------|---------------|---------------------------|------|
| staf      | own satker          | assigned rows | -                         | -    |
| ketua_tim | own satker          | every row     | yes                       | -    |
| ketua     | own satker          | -             | -                         | yes  |
| penilai   | assigned satkers    | -             | -                         | -    |
| pengawas  | assigned satkers    | -             | -                         | -    |
| superuser | all                 | every row     | yes                       | -    |

An evaluator's or overseer's membership reaches down the satker tree: one at a Pengadilan
Tinggi gives that role in every court below it, one at Badilum in every court of Badilum
(OVERSIGHT_ROLES). A membership in the satker itself comes first.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import OVERSIGHT_ROLES, Membership, Plan, Role, Satker


@dataclass(frozen=True)
class PlanAccess:
    """What one user may do with one plan."""

    plan: Plan
    user: object
    role: str | None  # None for a superuser without a membership

    @property
    def is_admin(self):
        return self.user.is_superuser

    @property
    def can_manage(self):
        """Review evidence, tick and untick months, assign PICs."""
        return self.is_admin or self.role == Role.KETUA_TIM

    @property
    def can_sign(self):
        return self.role == Role.KETUA

    @property
    def may_upload_somewhere(self):
        return self.can_manage or self.role == Role.STAF

    def can_upload(self, requirement, assigned_requirement_ids):
        """Upload to a requirement: the team lead anywhere, staff where they are PIC.

        `assigned_requirement_ids` is the set from evidence.models.assigned_requirement_ids,
        computed once per page.
        """
        if self.can_manage:
            return True
        return self.role == Role.STAF and requirement.pk in assigned_requirement_ids

    def require(self, allowed):
        if not allowed:
            raise PermissionDenied


def get_plan_access(user, satker_slug, year):
    """Return the user's PlanAccess, or raise Http404.

    A plan of a satker the user has no part in is "not found" like a plan that does not
    exist, so outsiders cannot learn which courts have which plans. (A member refused an
    action gets PermissionDenied from `require`.) Costs two queries: the plan with its
    satker and framework, and the membership.
    """
    plan = get_object_or_404(
        Plan.objects.select_related("satker", "framework"), satker__slug=satker_slug, year=year
    )
    role = _role(user, plan.satker)
    if role is None and not user.is_superuser:
        raise Http404
    return PlanAccess(plan=plan, user=user, role=role)


def _role(user, satker):
    """The user's role in the satker (their own membership there, else an evaluator's or
    overseer's membership in a satker above it), or None. One query."""
    ancestors = satker.ancestor_ids()
    roles = dict(
        Membership.objects.filter(user=user, satker__in=ancestors).values_list("satker", "role")
    )
    if satker.pk in roles:
        return roles[satker.pk]
    for pk in reversed(ancestors):  # the nearest above first
        if roles.get(pk) in OVERSIGHT_ROLES:
            return roles[pk]
    return None


@dataclass(frozen=True)
class SatkerAccess:
    """What one user may do in one satker, for pages of the satker rather than a plan."""

    satker: Satker
    user: object
    role: str | None  # None for a superuser without a membership

    @property
    def is_admin(self):
        return self.user.is_superuser

    @property
    def can_manage(self):
        return self.is_admin or self.role == Role.KETUA_TIM

    @property
    def is_chair(self):
        return self.role == Role.KETUA

    @property
    def is_evaluator(self):
        return self.role == Role.PENILAI

    def require(self, allowed):
        if not allowed:
            raise PermissionDenied


def get_satker_access(user, satker_slug):
    """The user's SatkerAccess, or Http404 for a satker they have no part in. Two queries."""
    satker = get_object_or_404(Satker, slug=satker_slug)
    role = _role(user, satker)
    if role is None and not user.is_superuser:
        raise Http404
    return SatkerAccess(satker=satker, user=user, role=role)


def get_satker_for_manager(user, satker_slug):
    """The satker if the user is its team lead (or an administrator): for actions on the
    satker rather than one plan, such as importing a plan. 404 for outsiders, 403 for other
    members. Two queries."""
    satker = get_object_or_404(Satker, slug=satker_slug)
    if user.is_superuser:
        return satker
    role = _role(user, satker)
    if role is None:
        raise Http404
    if role != Role.KETUA_TIM:
        raise PermissionDenied
    return satker
