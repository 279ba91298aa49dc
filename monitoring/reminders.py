"""Who is reminded of what, and when: the rules behind `manage.py send_reminders`.

- A PIC gets, once a day, the planned months of their rows that are not realized and have
  no file awaiting review: this month's from REMINDER_DAYS_BEFORE_MONTH_END days before it
  ends (7: from the 24th of a 31-day month), and every overdue one. Only while they are
  still staff or team lead of the plan's satker.
- A team lead gets, once a week (on REMINDER_DIGEST_WEEKDAY or the first run after it), what
  awaits their review and what is overdue in their plans.
Plans of this year and last year count, unless a signed version is in force. Users who
turned reminders off, have no e-mail address or are inactive get nothing.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q

from components.matrix import annotate_file_counts
from components.models import Cell, Membership, Plan, Role
from evidence.models import Assignment


@dataclass
class Reminder:
    user: object
    kind: str
    period: str
    due: list = field(default_factory=list)  # cells of this month
    overdue: list = field(default_factory=list)
    waiting: dict = field(default_factory=dict)  # plan -> files awaiting review

    @property
    def items(self):
        return len(self.due) + len(self.overdue) + sum(self.waiting.values())


def month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _wants_reminders(user):
    profile = getattr(user, "profile", None)
    return user.is_active and user.email and (profile is None or profile.reminders)


def _open_plans(today):
    """Plans still being worked on: this year's and last year's, without a signed version
    in force (one filter() call, so both conditions hold for the same version)."""
    signed = Plan.objects.filter(
        signed_versions__isnull=False, signed_versions__reopened_at__isnull=True
    ).values("pk")
    return Plan.objects.filter(year__in=[today.year, today.year - 1]).exclude(pk__in=signed)


def pic_reminders(today):
    """One Reminder per PIC with something due or overdue today."""
    plans = _open_plans(today)
    assignments = Assignment.objects.filter(indicator__component__plan__in=plans).select_related(
        "user__profile", "indicator__component__plan"
    )
    members = set(
        Membership.objects.filter(role__in=[Role.STAF, Role.KETUA_TIM]).values_list(
            "user_id", "satker_id"
        )
    )
    by_indicator, by_step, users = defaultdict(set), defaultdict(set), {}
    for assignment in assignments:
        if (assignment.user_id, assignment.indicator.component.plan.satker_id) not in members:
            continue  # no longer works there
        users[assignment.user_id] = assignment.user
        if assignment.step_id:
            by_step[assignment.step_id].add(assignment.user_id)
        else:
            by_indicator[assignment.indicator_id].add(assignment.user_id)

    cells = (
        annotate_file_counts(
            Cell.objects.filter(
                requirement__indicator__component__plan__in=plans, planned=True, realized=False
            )
        )
        .select_related("requirement__indicator__component__plan__satker")
        .order_by("requirement__indicator__component__plan__year", "month")
    )
    reminders = {}
    start_reminding = settings.REMINDER_DAYS_BEFORE_MONTH_END
    for cell in cells:
        if cell.pending_count:
            continue  # the PIC has done their part; the team lead's digest carries it
        requirement = cell.requirement
        plan = requirement.indicator.component.plan
        end = month_end(plan.year, cell.month)
        if end < today:
            bucket = "overdue"
        elif (plan.year, cell.month) == (today.year, today.month) and (end - today).days <= (
            start_reminding
        ):
            bucket = "due"
        else:
            continue
        pics = by_indicator[requirement.indicator_id] | by_step.get(requirement.step_id, set())
        for user_id in pics:
            user = users[user_id]
            if not _wants_reminders(user):
                continue
            reminder = reminders.setdefault(
                user_id, Reminder(user=user, kind="pic", period=today.isoformat())
            )
            getattr(reminder, bucket).append(cell)
    return list(reminders.values())


def digest_reminders(today):
    """One Reminder per team lead, in the week's digest window."""
    weekday = settings.REMINDER_DIGEST_WEEKDAY
    if today.weekday() < weekday:
        return []
    year, week, _day = today.isocalendar()
    period = f"{year}-W{week:02d}"
    plans = list(
        _open_plans(today)
        .select_related("satker")
        .annotate(
            waiting=Count(
                "components__indicators__requirements__cells__files",
                filter=Q(components__indicators__requirements__cells__files__status="pending"),
            )
        )
    )
    overdue = defaultdict(list)
    cells = Cell.objects.filter(
        requirement__indicator__component__plan__in=[p.pk for p in plans],
        planned=True,
        realized=False,
    ).select_related("requirement__indicator__component__plan")
    for cell in cells:
        plan = cell.requirement.indicator.component.plan
        if month_end(plan.year, cell.month) < today:
            overdue[plan.pk].append(cell)
    leads = Membership.objects.filter(
        role=Role.KETUA_TIM, satker__in={p.satker_id for p in plans}
    ).select_related("user__profile")
    reminders = {}  # one digest per team lead, whatever the number of satkers they lead
    for membership in leads:
        if not _wants_reminders(membership.user):
            continue
        reminder = reminders.setdefault(
            membership.user_id, Reminder(user=membership.user, kind="digest", period=period)
        )
        for plan in plans:
            if plan.satker_id == membership.satker_id:
                reminder.waiting[plan] = plan.waiting
                reminder.overdue.extend(overdue[plan.pk])
    return [reminder for reminder in reminders.values() if reminder.items]
