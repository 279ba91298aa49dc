"""Responses from a spreadsheet (CSV or XLSX, such as a Google Forms export).

The header row's columns are mapped to the survey's questions: by default an IKM element by
`U1`..`U9` or its name in the header, an IPKP/IPAK item by its text, a profile question by
its name (umur/usia, jenis kelamin, pendidikan, pekerjaan, layanan). Answers are numbers 1-4
or their labels (Indonesian or English). Every row is checked first; a file with any
problem imports nothing, and the problems are listed by row number.
"""

import csv
import io
import re
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from reports.plan_import import ImportRefused, check_file

from .models import AgeBand, Education, Kind, Occupation, Sex, Source, record_responses

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_PROBLEMS = 50
PROFILE_HEADERS = {
    "age_band": ("umur", "usia", "age"),
    "sex": ("jenis kelamin", "kelamin", "sex", "gender"),
    "education": ("pendidikan", "education"),
    "occupation": ("pekerjaan", "occupation"),
    "service": ("layanan", "jenis layanan", "service"),
}
PROFILE_TITLES = {
    "age_band": gettext_lazy("Age"),
    "sex": gettext_lazy("Sex"),
    "education": gettext_lazy("Education"),
    "occupation": gettext_lazy("Occupation"),
    "service": gettext_lazy("Service used"),
}
PROFILE_CHOICES = {
    "age_band": AgeBand,
    "sex": Sex,
    "education": Education,
    "occupation": Occupation,
}
# What Google Forms and paper tallies write, beyond our own codes and labels.
PROFILE_WORDS = {
    "sex": {"laki-laki": "l", "laki laki": "l", "pria": "l", "perempuan": "p", "wanita": "p"},
    "education": {"sd": "sd", "smp": "smp", "sma": "sma", "smk": "sma", "d1": "d1-d3",
                  "d2": "d1-d3", "d3": "d1-d3", "d4": "d4-s1", "s1": "d4-s1", "s2": "s2+",
                  "s3": "s2+"},
    "occupation": {"pns": "pns", "tni": "pns", "polri": "pns", "swasta": "swasta",
                   "wirausaha": "wirausaha", "pelajar": "pelajar", "mahasiswa": "pelajar",
                   "lainnya": "lainnya"},
}  # fmt: skip


@dataclass
class Parsed:
    header: list
    mapping: dict  # column index -> target (an item code such as U1 or IPKP2, or a profile)
    rows: list = field(default_factory=list)  # (profile, {item: value})
    problems: list = field(default_factory=list)  # (row number or None, message)

    @property
    def ok(self):
        return not self.problems and bool(self.rows)


def normal(text):
    return re.sub(r"[^a-z0-9]+", " ", str(text or "").lower()).strip()


def read_table(data, name):
    """The file's rows as lists of strings (first row the header). ImportRefused if it is
    neither a CSV nor an .xlsx workbook we can read."""
    if not data:
        raise ImportRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("The file is larger than 10 MB."))
    if data.startswith(b"PK\x03\x04") or name.lower().endswith((".xlsx", ".xls")):
        check_file(data)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = []
        for row in book.worksheets[0].iter_rows(values_only=True):
            rows.append(["" if v is None else _cell(v) for v in row])
            if len(rows) > MAX_ROWS + 1:
                break
        book.close()
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else None
        rows = list(csv.reader(io.StringIO(text), dialect or csv.excel))[: MAX_ROWS + 2]
    rows = [row for row in rows if any(str(cell).strip() for cell in row)]
    if len(rows) < 2:
        raise ImportRefused(_("The file has no rows of answers under its header."))
    if len(rows) > MAX_ROWS + 1:
        raise ImportRefused(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
    return rows


def _cell(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def default_mapping(header, items, remembered=None):
    """{column index: target}, from the mapping remembered for these headers, else by name."""
    remembered = remembered or {}
    by_text = {normal(i.text): i.code for i in items}
    elements = {normal(i.name): i.code for i in items if i.kind == Kind.IKM}
    mapping = {}
    for index, title in enumerate(header):
        key = normal(title)
        target = remembered.get(str(title).strip())
        if target is None:
            target = _guess(key, by_text, elements)
        if target and target not in mapping.values():
            mapping[index] = target
    return mapping


def _guess(key, by_text, elements):
    code = re.match(r"^u([1-9])\b", key)
    if code:
        return f"U{code[1]}"
    for text, target in by_text.items():
        if text and (key == text or (len(text) > 15 and text in key)):
            return target
    for name, target in elements.items():
        if name and name in key:
            return target
    for target, words in PROFILE_HEADERS.items():
        if any(key == w or key.startswith(w + " ") for w in words):
            return target
    return None


def parse(rows, mapping, items):
    """Check every row against the mapping; the first row is the header."""
    header, body = rows[0], rows[1:]
    by_code = {item.code: item for item in items}
    parsed = Parsed(header=header, mapping=mapping)
    missing = [i.code for i in items if i.kind == Kind.IKM and i.code not in mapping.values()]
    if missing:
        parsed.problems.append(
            (None, _("No column for the IKM elements %(codes)s.") % {"codes": ", ".join(missing)})
        )
        return parsed
    for number, row in enumerate(body, 2):
        profile, values, problems = _row(row, mapping, by_code)
        if not values and not problems:
            problems.append(_("no answer in this row"))
        if problems:
            parsed.problems.append((number, "; ".join(problems)))
            if len(parsed.problems) >= MAX_PROBLEMS:
                break
        else:
            parsed.rows.append((profile, values))
    return parsed


def _row(row, mapping, by_code):
    profile, values, problems = {}, {}, []
    for index, target in mapping.items():
        raw = row[index].strip() if index < len(row) else ""
        if not raw:
            continue
        if target in PROFILE_HEADERS:
            value = _profile_value(target, raw)
            if value is None:
                problems.append(_("%(column)s: unknown answer %(value)s")
                                % {"column": target, "value": raw[:40]})  # fmt: skip
            profile[target] = value
            continue
        item = by_code.get(target)
        if item is None:
            continue
        value = _answer(item, raw)
        if value is None:
            problems.append(_("%(code)s: %(value)s is not an answer 1-4")
                            % {"code": item.code, "value": raw[:40]})  # fmt: skip
        values[item] = value
    return profile, values, problems


def _answer(item, raw):
    text = normal(raw)
    if re.fullmatch(r"[1-4](?: 0)?", text):
        return int(text[0])
    for labels in (item.labels, item.labels_en):
        for value, label in enumerate(labels, 1):
            if normal(label) == text:
                return value
    return None


def _profile_value(target, raw):
    if target == "service":
        return raw[:100]
    choices = PROFILE_CHOICES[target]
    if raw in choices.values:
        return raw
    text = normal(raw)
    if target == "age_band" and text.isdigit():
        age = int(text)
        bands = [(20, "<20"), (30, "20-29"), (40, "30-39"), (50, "40-49")]
        return next((band for limit, band in bands if age < limit), "50+")
    for value, label in choices.choices:
        if text in (normal(value), normal(label)):
            return value
    return PROFILE_WORDS.get(target, {}).get(text)


@transaction.atomic
def import_parsed(survey, parsed):
    """Store every row of a checked file, and remember its mapping. Returns the count."""
    if not parsed.ok:
        raise ValueError("Only a file without problems is imported.")
    record_responses(survey, parsed.rows, source=Source.IMPORT, import_batch=uuid.uuid4())
    survey.import_mapping = {
        str(parsed.header[index]).strip(): target for index, target in parsed.mapping.items()
    }
    survey.save(update_fields=["import_mapping"])
    return len(parsed.rows)


def remembered_mapping(survey):
    """The mapping of this survey's last import, else of the satker's latest import."""
    if survey.import_mapping:
        return survey.import_mapping
    previous = survey.satker.surveys.exclude(import_mapping={}).order_by("-opens_on").first()
    return previous.import_mapping if previous else {}
