"""What a cell holds, as the import reads it: clean text, header labels, month names and
marks, numbered items, weights and dates."""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from components.plandata import decimal_text

MARKS = {"V", "✓", "√", "✔", "X", "1", "●"}
IGNORED_MARKS = {"+", "-", "0", "–"}  # realized but not planned (ours), or "none"
MONTH_WORDS = {
    1: ["JAN", "JANUARI", "JANUARY"],
    2: ["FEB", "FEBRUARI", "PEB", "PEBRUARI", "FEBRUARY"],
    3: ["MAR", "MARET", "MARCH"],
    4: ["APR", "APRIL"],
    5: ["MEI", "MAY"],
    6: ["JUN", "JUNI", "JUNE"],
    7: ["JUL", "JULI", "JULY"],
    8: ["AGS", "AGT", "AGU", "AGUS", "AGUSTUS", "AUG", "AUGUST"],
    9: ["SEP", "SEPT", "SEPTEMBER"],
    10: ["OKT", "OKTOBER", "OCT", "OCTOBER"],
    11: ["NOV", "NOP", "NOVEMBER", "NOPEMBER"],
    12: ["DES", "DESEMBER", "DEC", "DECEMBER"],
}
MONTH_BY_WORD = {word: month for month, words in MONTH_WORDS.items() for word in words}
DIGITS = re.compile(r"[0-9]{1,6}")  # str.isdigit() also takes "²", which int() refuses
ITEM = re.compile(r"^\s*(\d{1,3})\s*[.)]\s*(?=\S)")
INDONESIAN_MONTHS = [
    "januari", "februari", "maret", "april", "mei", "juni",
    "juli", "agustus", "september", "oktober", "november", "desember",
]  # fmt: skip


def cell_text(value):
    """A cell's value as clean text: "" for nothing; numbers without a trailing .0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("_x000D_", "")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def cell_label(value):
    """A header cell as a comparable label: upper case, single spaces, no punctuation."""
    text = cell_text(value).upper()
    text = re.sub(r"[^\w\s/]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def month_of(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value)
        return number if number == value and 1 <= number <= 12 else None
    label = cell_label(value)
    if DIGITS.fullmatch(label):
        number = int(label)
        return number if 1 <= number <= 12 else None
    return MONTH_BY_WORD.get(label)


def one_item(text):
    """A cell holding one item, "5. Penetapan" → [(5, "Penetapan")]."""
    bare = re.fullmatch(r"\s*(\d{1,3})\s*[.)]\s*", text)
    if bare:
        return [(int(bare.group(1)), "")]
    match = ITEM.match(text)
    if match:
        return [(int(match.group(1)), text[match.end() :].strip())]
    return [(None, text)] if text else []


def split_items(text):
    """Numbered items in one cell: [(number, text)], split at sequential "1." "2." lines.

    A cell that does not start with a number is one item without a number; a number that
    does not follow the one before starts no new item.
    """
    if not text:
        return []
    bare = re.fullmatch(r"\s*(\d{1,3})\s*[.)]\s*", text)
    if bare:
        return [(int(bare.group(1)), "")]  # a numbered row without text
    lines = text.split("\n")
    first = ITEM.match(lines[0])
    if not first:
        return [(None, text)]
    items = [[int(first.group(1)), [lines[0][first.end() :]]]]
    for line in lines[1:]:
        match = ITEM.match(line)
        if match and int(match.group(1)) == items[-1][0] + 1:
            items.append([int(match.group(1)), [line[match.end() :]]])
        else:
            items[-1][1].append(line)
    return [(number, "\n".join(parts).strip()) for number, parts in items]


def weight_value(value):
    """A weight as PlanData text, rounded to two decimals; None if it is not a number."""
    text = cell_text(value).replace(",", ".").rstrip("%").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) >= 1000:
        return "1000"  # refused by _check: weights are percentages
    return decimal_text(number.quantize(Decimal("0.01")))


def iso_date(value):
    """ISO date text from a date cell, "2021-12-31", or "31 Desember 2021"; else ""."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = cell_text(value)
    if not text:
        return ""
    try:
        return datetime.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        pass
    match = re.match(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$", text)
    if match and match.group(2).lower() in INDONESIAN_MONTHS:
        month = INDONESIAN_MONTHS.index(match.group(2).lower()) + 1
        try:
            return datetime.date(int(match.group(3)), month, int(match.group(1))).isoformat()
        except ValueError:
            return ""
    return ""
