"""Edits that must not overwrite each other: a version number on the record.

A form carries the version of the record it was filled from; saving applies the change
only if the record still has that version, and bumps it. A second person who saves a
copy read before the first one's save is refused (StaleEdit, naming who changed it and
when) instead of silently undoing that change; the page keeps what they typed.
"""

from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _


class StaleEdit(Exception):
    """The record was saved by someone else after this edit's copy of it was read."""

    def __init__(self, by, at):
        super().__init__(by, at)
        self.by, self.at = by, at

    def __str__(self):
        when = formats.date_format(timezone.localtime(self.at), "DATETIME_FORMAT")
        return _(
            "Changed by %(name)s at %(time)s while you were editing; nothing of yours was "
            "saved. Reload the page, then make your change again."
        ) % {"name": self.by or _("someone"), "time": when}


def save_if_current(queryset, version, **changes):
    """Apply `changes` to the row of `queryset` if it still has `version`; bump the version.

    One UPDATE, so two saves at the same moment cannot both pass. True if it was saved.
    A version of None (a client that did not send one: our forms always do) saves over
    whatever is there.
    """
    if version is not None:
        queryset = queryset.filter(version=version)
    return queryset.update(version=F("version") + 1, **changes) == 1
