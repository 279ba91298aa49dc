"""What an import reports: the file refused outright, or the problems and notes of a read."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from components.plandata import PlanData

MAX_PROBLEMS = 50


class ImportRefused(Exception):
    """The file is not a workbook we can read; the message says what it is instead."""


@dataclass
class Problem:
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def where(self):
        parts = []
        if self.sheet:
            parts.append(_("sheet %(sheet)s") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("column %(column)s") % {"column": self.column})
        return ", ".join(parts)

    def __str__(self):
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


@dataclass
class ImportResult:
    data: PlanData | None = None
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # what was ignored or assumed
    sheet: str = ""
    year: int | None = None  # the year the workbook says it is for

    @property
    def ok(self):
        return self.data is not None and not self.problems


def formula_problem(sheet, row, column):
    return Problem(
        _("The cell holds a formula; formulas are not imported. Replace it with plain text."),
        sheet,
        row,
        column,
    )
