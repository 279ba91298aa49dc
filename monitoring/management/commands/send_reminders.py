"""E-mail PICs their due and overdue items, and team leads their weekly digest.

Run daily from cron (see README). Running it again the same day sends nothing new: each
e-mail is recorded (monitoring.ReminderLog) before it is sent, in one transaction.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from monitoring.models import ReminderLog
from monitoring.reminders import digest_reminders, pic_reminders

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Send the day's reminders (idempotent); --dry-run prints them instead."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="print, send nothing")

    def handle(self, *args, dry_run, **options):
        today = timezone.localdate()
        sent = skipped = failed = 0
        with translation.override("id"):
            for reminder in pic_reminders(today) + digest_reminders(today):
                if ReminderLog.objects.filter(
                    user=reminder.user, kind=reminder.kind, period=reminder.period
                ).exists():
                    skipped += 1
                    continue
                subject, body = self._message(reminder, today)
                if dry_run:
                    self.stdout.write(f"To: {reminder.user.email}\nSubject: {subject}\n\n{body}\n")
                    sent += 1
                    continue
                try:
                    with transaction.atomic():
                        ReminderLog.objects.create(
                            user=reminder.user,
                            kind=reminder.kind,
                            period=reminder.period,
                            items=reminder.items,
                        )
                        send_mail(subject, body, None, [reminder.user.email])
                except IntegrityError:  # another run sent it a moment ago
                    skipped += 1
                    continue
                except (smtplib.SMTPException, OSError) as error:
                    # One refused address must not stop the others; no log was kept, so
                    # tomorrow's run tries again.
                    failed += 1
                    logger.warning("Reminder to %s failed: %s", reminder.user.email, error)
                    self.stderr.write(f"FAILED   {reminder.user.email}: {error}")
                    continue
                sent += 1
        verb = "would send" if dry_run else "sent"
        summary = f"{today}: {verb} {sent} reminder(s), {skipped} already sent, {failed} failed."
        if failed:
            raise CommandError(summary)
        self.stdout.write(summary)

    def _message(self, reminder, today):
        context = {
            "reminder": reminder,
            "user": reminder.user,
            "site": settings.SITE_URL or "http://127.0.0.1:8000",
            "today": today,
        }
        subject = render_to_string(f"monitoring/email/{reminder.kind}_subject.txt", context)
        body = render_to_string(f"monitoring/email/{reminder.kind}.txt", context)
        return " ".join(subject.split()), body
