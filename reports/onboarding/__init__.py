"""Onboarding in bulk: satkers and members from a CSV or XLSX file, previewed first.

`read_table` turns a file into rows (a header row, then one row per satker or member),
`check_satkers` / `check_members` say what each row will do and what is wrong with it, by
row number, and `apply_satkers` / `apply_members` write a checked batch in one transaction:
a file with any problem imports nothing. New members get an invitation by e-mail with a
one-time link to set their password (`invite`).
"""

from .members import apply_members, check_members, invite
from .satkers import apply_satkers, check_satkers
from .table import MAX_ROWS, TableRefused, read_table

__all__ = [
    "MAX_ROWS",
    "TableRefused",
    "apply_members",
    "apply_satkers",
    "check_members",
    "check_satkers",
    "invite",
    "read_table",
]
