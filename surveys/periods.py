"""Survey periods as courts name them: a quarter (2021-Q4), a semester (2021-S1) or a year."""

import datetime
import re

from django.utils.translation import gettext

PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>[QS])(?P<number>\d))?$")


class PeriodError(ValueError):
    pass


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_label(period):
    """`2021-Q4` -> "Triwulan IV 2021", `2021-S1` -> "Semester I 2021", `2021` -> "Tahun 2021"
    (in the active language)."""
    code, year, _start, _end = parse_period(period)
    if code == str(year):
        return gettext("Year %(year)s") % {"year": year}
    kind, number = code[5], ROMAN[int(code[6])]
    if kind == "Q":
        return gettext("Quarter %(n)s %(year)s") % {"n": number, "year": year}
    return gettext("Semester %(n)s %(year)s") % {"n": number, "year": year}


def parse_period(text):
    """`2021-Q4` -> ("2021-Q4", 2021, first day, last day); PeriodError if malformed."""
    match = PERIOD_RE.match(text.strip().upper())
    if not match:
        raise PeriodError(text)
    year = int(match["year"])
    kind, number = match["kind"], int(match["number"] or 0)
    if kind is None:
        return str(year), year, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    months = 3 if kind == "Q" else 6
    if not 1 <= number <= 12 // months:
        raise PeriodError(text)
    first_month = (number - 1) * months + 1
    start = datetime.date(year, first_month, 1)
    end_month = first_month + months
    if end_month > 12:
        end = datetime.date(year, 12, 31)
    else:
        end = datetime.date(year, end_month, 1) - datetime.timedelta(days=1)
    return f"{year}-{kind}{number}", year, start, end
