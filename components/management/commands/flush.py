"""Django's flush, allowed to empty the record tables too.

Emptying the whole database is the one deliberate way records go: an administrator's reset,
`restore --force`, and the test runner between transactional tests. Every other UPDATE or
DELETE of a record is refused by the database (zi_tracker.records).
"""

from django.core.management.commands import flush

from zi_tracker.records import records_unlocked


class Command(flush.Command):
    def handle(self, **options):
        with records_unlocked(using=options["database"]):
            return super().handle(**options)
