"""Read an LKE framework from its official sources into plain specs, then store a version.

Two sources: the official PermenPANRB 90/2021 workbook (sheet "LKE ZI": the tree in
columns B..G, weights in H, criteria in I, answer types in J, and in K the formulas that
say how a "%" question is computed from the counts below it), and KemenPANRB's PortalRB
JSON (the 2026 list), whose "%" questions are implicit: each run of "Jumlah" items stands
for one, which `PORTALRB_PERCENTS` names as the 90/2021 workbook does.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from .models import AnswerType, LkeFramework, LkeNode, LkeQuestion, NodeKind, PercentRule
from .models.framework import DEFAULT_CHOICES

Role = LkeQuestion.CountRole
Level = LkeNode.Level


NOTE_LHK = (
    "The official 90/2021 workbook averages the LHKPN part with its own question here and "
    "leaves LHKASN out (AVERAGE(L176:L179)); this app scores it as the regulation's "
    "weights say: LHKPN (1) + LHKASN (1)."
)


class FrameworkError(Exception):
    """The file is not a framework this loader understands; the message says why."""


@dataclass
class QuestionSpec:
    text: str
    answer_type: str
    label: str = ""
    criteria: str = ""
    choices: list = field(default_factory=list)
    weight: Decimal | None = None
    rule: str = ""
    counts: list = field(default_factory=list)  # of QuestionSpec, for a % question
    count_role: str = ""
    required: bool = True
    hasil_role: str = ""
    excel_row: int | None = None
    excel_columns: dict = field(default_factory=dict)


@dataclass
class NodeSpec:
    level: str
    name: str
    weight: Decimal
    label: str = ""
    kind: str = NodeKind.SUM
    children: list = field(default_factory=list)
    questions: list = field(default_factory=list)
    area_number: int | None = None
    excel_row: int | None = None
    note: str = ""


def _decimal(value):
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise FrameworkError(_("%(value)r is not a weight.") % {"value": value}) from None


def _choices(answer_type, labels=None):
    labels = labels or {}
    return [[key, mult, labels.get(key, "")] for key, mult in DEFAULT_CHOICES[answer_type]]


def _hasil_role(text):
    text = text.lower()
    if "korupsi" in text:
        return LkeQuestion.HasilRole.IPAK
    if "kualitas pelayanan" in text:
        return LkeQuestion.HasilRole.IPKP
    if "capaian kinerja" in text:
        return LkeQuestion.HasilRole.CAPAIAN
    return ""


# --- the official workbook (90/2021) -------------------------------------------------------

WORKBOOK_TYPES = {
    "YA/TIDAK": AnswerType.YES_NO,
    "A/B/C": AnswerType.ABC,
    "A/B/C/D": AnswerType.ABCD,
    "A/B/C/D/E": AnswerType.ABCDE,
    "%": AnswerType.PERCENT,
    "JUMLAH": AnswerType.COUNT,
    "NILAI (0-4)": AnswerType.SURVEY,
}
ROMAN = re.compile(r"^(i|ii|iii|iv|v|vi|vii|viii|ix|x)\.?$", re.IGNORECASE)
CELL = re.compile(r"K(\d+)")


def workbook_type(value):
    """The answer type a J cell names ("Ya/Tidak", "A/B/C" ...), however it was retyped."""
    text = re.sub(r"\s+", " ", str(value or "")).strip().upper().replace(" / ", "/")
    return WORKBOOK_TYPES.get(text)


def _text(value):
    return re.sub(r"[ \t]+", " ", str(value or "")).strip()


def read_workbook(path):
    """The 90/2021 framework's tree from the official workbook at `path`."""
    try:
        book = load_workbook(path, read_only=False, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise FrameworkError(_("Not an Excel workbook: %(error)s") % {"error": error}) from None
    if "LKE ZI" not in book.sheetnames:
        raise FrameworkError(_('The workbook has no sheet "LKE ZI".'))
    sheet = book["LKE ZI"]
    reader = _WorkbookReader(sheet)
    for row in range(4, sheet.max_row + 1):
        reader.row(row)
    if len(reader.roots) != 2:
        raise FrameworkError(_("Expected the components A. PENGUNGKIT and B. HASIL."))
    return reader.roots


class _WorkbookReader:
    """Walks the LKE ZI sheet row by row, keeping the node each level is in."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.roots, self.component, self.sub_component, self.area = [], None, None, None
        self.sub_area = self.container = self.current = None
        self.percent, self.percent_formula, self.percent_sum_rows = None, "", []

    def cell(self, column, row):
        return self.sheet[f"{column}{row}"].value

    def row(self, r):
        b, c, d, e, f, g = (_text(self.cell(col, r)) for col in "BCDEFG")
        weight = self.cell("H", r)
        kind = workbook_type(self.cell("J", r))
        if self.percent is not None and not (g and kind == AnswerType.COUNT):
            self._settle_percent()
        if b in ("A.", "B.") and c:
            self.component = NodeSpec(Level.COMPONENT, c, _decimal(weight), b, excel_row=r)
            self.roots.append(self.component)
        elif c in ("I.", "II.") and d:
            self.sub_component = NodeSpec(Level.SUB_COMPONENT, d, _decimal(weight), c, excel_row=r)
            self.component.children.append(self.sub_component)
        elif re.fullmatch(r"\d\.", d) and e:
            self.area = NodeSpec(Level.AREA, e, _decimal(weight), d, area_number=int(d[0]),
                                 excel_row=r)  # fmt: skip
            self.sub_component.children.append(self.area)
            self.sub_area = self.container = None
        elif d in ("a", "b", "a.", "b.") and e and kind:
            self._hasil_question(r, d, e, weight, kind)
        elif f and not g and weight is not None:
            self._sub_area(r, e, f, weight)
        elif g and kind:
            self._question(r, f, g, kind)

    def _sub_area(self, r, e, f, weight):
        node = NodeSpec(Level.SUB_AREA, f, _decimal(weight), e, NodeKind.AVERAGE,
                        area_number=self.area.area_number, excel_row=r)  # fmt: skip
        first_part = (
            self.sub_area is not None and not self.sub_area.questions and not self.container
        )
        if first_part:
            # A sub-area made of parts (5.iii: LHKPN and LHKASN), weighed as the regulation
            # does: the sum of its parts.
            self.container = self.sub_area
            self.container.kind = NodeKind.SUM
            self.container.note = NOTE_LHK
        if self.container is not None and (first_part or not ROMAN.match(e)):
            node.level = Level.PART
            self.container.children.append(node)
        else:
            self.container = None
            self.area.children.append(node)
            self.sub_area = node
        self.current = node

    def _question(self, r, f, g, kind):
        spec = QuestionSpec(g, kind, label=f, criteria=_text(self.cell("I", r)), excel_row=r)
        if kind == AnswerType.COUNT:
            if self.percent is None:
                raise FrameworkError(
                    _("Row %(row)s: a count without its %% question.") % {"row": r}
                )
            formula = str(self.cell("K", r) or "")
            if formula.startswith("="):  # a whole computed from the counts below it
                self.percent_sum_rows = [int(n) for n in CELL.findall(formula)]
            else:
                self.percent.counts.append(spec)
            return
        if kind in DEFAULT_CHOICES:
            spec.choices = _choices(kind)
        self.current.questions.append(spec)
        if kind == AnswerType.PERCENT:
            self.percent = spec
            self.percent_formula = str(self.cell("K", r) or "")
            self.percent_sum_rows = []

    def _hasil_question(self, r, d, e, weight, kind):
        criteria = _text(self.cell("I", r))
        spec = QuestionSpec(e, kind, label=d, criteria=criteria, weight=_decimal(weight),
                            hasil_role=_hasil_role(e), excel_row=r)  # fmt: skip
        if kind in DEFAULT_CHOICES:
            spec.choices = _choices(kind)
        self.sub_component.kind = NodeKind.WEIGHTED
        self.sub_component.questions.append(spec)

    def _settle_percent(self):
        """Give the pending % question its rule and its counts their roles, from K's formula."""
        spec, formula = self.percent, self.percent_formula
        self.percent = None
        required = {int(n) for n in re.findall(r'K(\d+)=""', formula)}
        decrease = re.search(r"\(K(\d+)-K(\d+)\)/K(\d+)", formula)
        ratio = re.search(r"K(\d+)/K(\d+)>1", formula)
        if decrease:
            spec.rule = PercentRule.DECREASE
            roles = {int(decrease[1]): Role.LAST_YEAR, int(decrease[2]): Role.THIS_YEAR}
        elif ratio and self.percent_sum_rows:
            spec.rule = PercentRule.SUM_RATIO
            roles = {int(ratio[1]): Role.PART} | dict.fromkeys(self.percent_sum_rows, Role.WHOLE)
            required |= set(self.percent_sum_rows)
        elif ratio:
            spec.rule = PercentRule.RATIO
            roles = {int(ratio[1]): Role.PART, int(ratio[2]): Role.WHOLE}
        else:
            raise FrameworkError(
                _("Row %(row)s: the %% formula is not one this app knows.")
                % {"row": spec.excel_row}
            )
        for count in spec.counts:
            count.count_role = roles.get(count.excel_row, Role.EXTRA)
            count.required = count.excel_row in required or count.excel_row in roles


# --- the PortalRB JSON (2026) --------------------------------------------------------------

PORTALRB_TYPES = {
    "YA_TIDAK": AnswerType.YES_NO,
    "ABC": AnswerType.ABC,
    "ABCD": AnswerType.ABCD,
    "ABCDE": AnswerType.ABCDE,
    "JUMLAH": AnswerType.COUNT,
    "0-4": AnswerType.SURVEY,
}
PORTALRB_LEVELS = {
    "komponen": Level.COMPONENT,
    "sub_komponen": Level.SUB_COMPONENT,
    "area_perubahan": Level.AREA,
    "sub_area": Level.SUB_AREA,
}

# The list names no "%" question: each run of "Jumlah" items stands for one. Keyed by the
# first item's text: the question as the 90/2021 workbook words it, its rule, and the role
# of each item in order.
PORTALRB_PERCENTS = {
    "jumlah agen perubahan": (
        "Agen perubahan telah membuat perubahan yang konkret di Instansi (dalam 1 tahun)",
        PercentRule.RATIO, [Role.WHOLE, Role.PART]),
    "jumlah perubahan yang dibuat": (
        "Perubahan yang dibuat Agen Perubahan telah terintegrasi dalam sistem manajemen",
        PercentRule.RATIO, [Role.WHOLE, Role.PART]),
    "jumlah pelanggaran tahun sebelumnya": (
        "Penurunan pelanggaran disiplin pegawai",
        PercentRule.DECREASE, [Role.LAST_YEAR, Role.THIS_YEAR, Role.EXTRA]),
    "jumlah sasaran kinerja": (
        "Persentase Sasaran dengan capaian 100% atau lebih",
        PercentRule.RATIO, [Role.WHOLE, Role.PART]),
    "jumlah pengaduan masyarakat yang harus ditindaklanjuti": (
        "Persentase penanganan pengaduan masyarakat",
        PercentRule.RATIO, [Role.WHOLE, Role.EXTRA, Role.PART]),
    "jumlah kepala satuan kerja yang harus melaporkan": (
        "Persentase penyampaian LHKPN",
        PercentRule.SUM_RATIO, [Role.WHOLE, Role.WHOLE, Role.WHOLE, Role.PART]),
    "jumlah pejabat administrator (eselon iii) yang harus menyampaikan non lhkpn": (
        "Persentase penyampaian Laporan Harta Kekayaan Non LHKPN",
        PercentRule.SUM_RATIO, [Role.WHOLE, Role.WHOLE, Role.WHOLE, Role.PART]),
    "jumlah perijinan/pelayanan yang terdata/terdaftar": (
        "Upaya dan/atau inovasi pada perijinan/pelayanan telah dipermudah",
        PercentRule.RATIO, [Role.WHOLE, Role.PART]),
}  # fmt: skip


def read_portalrb(data):
    """The framework's tree from PortalRB's JSON (bytes or str)."""
    try:
        document = json.loads(data)
        roots = [_portalrb_node(node) for node in document["data"]]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise FrameworkError(_("Not a PortalRB LKE list: %(error)s") % {"error": error}) from None
    if len(roots) != 2:
        raise FrameworkError(_("Expected the components A. PENGUNGKIT and B. HASIL."))
    return roots


def _split_label(name):
    match = re.match(r"^\s*([A-Z]{1,3}\.|[ivx]+\.|\d+\.|[a-z]\.)\s*(.*)$", name)
    return (match[1], match[2].strip()) if match else ("", name.strip())


def _portalrb_node(node, area_number=None, depth_in_sub_area=0):
    level = PORTALRB_LEVELS[node["level"]]
    label, name = _split_label(node["nama"])
    if level == Level.AREA:
        area_number = int(label.rstrip("."))
    spec = NodeSpec(level, name, _decimal(node["bobot_maksimal"]), label, area_number=area_number)
    if level == Level.SUB_AREA and depth_in_sub_area:
        spec.level = Level.PART
    children = node.get("children") or []
    inner = depth_in_sub_area + (level == Level.SUB_AREA)
    spec.children = [_portalrb_node(child, area_number, inner) for child in children]
    spec.questions = _portalrb_questions(node.get("soals") or [])
    if spec.children:
        spec.kind = NodeKind.SUM
    elif level in (Level.SUB_AREA,) or spec.level == Level.PART:
        spec.kind = NodeKind.AVERAGE
    elif spec.questions:
        spec.kind = NodeKind.WEIGHTED  # the results' sub-components
    if spec.kind != NodeKind.WEIGHTED:
        for question in spec.questions:  # a weight only counts on a results' question
            question.weight, question.hasil_role = None, ""
    if name.startswith("Penyampaian Laporan Harta Kekayaan") and spec.children:
        spec.note = NOTE_LHK
    return spec


def _portalrb_questions(items):
    questions, run = [], []
    for item in sorted(items, key=lambda q: q["excel_baris"]):
        kind = PORTALRB_TYPES.get(str(item["jenis_jawaban"]).upper())
        if kind is None:
            raise FrameworkError(
                _("Unknown answer type %(type)r.") % {"type": item["jenis_jawaban"]}
            )
        if kind == AnswerType.COUNT:
            if run and item["excel_baris"] != run[-1]["excel_baris"] + 1:
                questions.append(_portalrb_percent(run))
                run = []
            run.append(item)
            continue
        if run:
            questions.append(_portalrb_percent(run))
            run = []
        questions.append(_portalrb_question(item, kind))
    if run:
        questions.append(_portalrb_percent(run))
    return questions


def _excel_columns(item):
    return {key[len("excel_kolom_"):]: value for key, value in item.items()
            if key.startswith("excel_kolom_")}  # fmt: skip


def _portalrb_question(item, kind):
    choices = [
        [c["key"], str(c["multiplier"]), c.get("label", "")] for c in item["skema_penilaian"]
    ]
    weight = _decimal(item["bobot_maksimal"]) if item.get("bobot_maksimal") else None
    text = _text(item["teks_pertanyaan"])
    return QuestionSpec(
        text, kind, criteria=_text(item.get("kriteria_nilai")), choices=choices,
        weight=weight, hasil_role=_hasil_role(text) if weight else "",
        excel_row=item["excel_baris"], excel_columns=_excel_columns(item),
    )  # fmt: skip


def _portalrb_percent(run):
    first = _text(run[0]["teks_pertanyaan"]).lower()
    if first not in PORTALRB_PERCENTS or len(PORTALRB_PERCENTS[first][2]) != len(run):
        raise FrameworkError(
            _('The counts starting with "%(text)s" belong to no known %% question.')
            % {"text": run[0]["teks_pertanyaan"]}
        )
    text, rule, roles = PORTALRB_PERCENTS[first]
    counts = [
        QuestionSpec(_text(item["teks_pertanyaan"]), AnswerType.COUNT, count_role=role,
                     excel_row=item["excel_baris"], excel_columns=_excel_columns(item))
        for item, role in zip(run, roles, strict=True)
    ]  # fmt: skip
    return QuestionSpec(text, AnswerType.PERCENT, rule=rule, counts=counts,
                        excel_row=run[0]["excel_baris"] - 1)  # fmt: skip


# --- storing a version ---------------------------------------------------------------------


def read_framework(path):
    """The specs in the file at `path`: a workbook (.xlsx) or PortalRB JSON."""
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:2] == b"PK":
        return read_workbook(path), data
    return read_portalrb(data), data


@transaction.atomic
def store_framework(roots, *, code, name, source, data):
    """Save the specs as the next version of `code`; returns the LkeFramework."""
    newest = LkeFramework.newest(code)
    framework = LkeFramework.objects.create(
        code=code, name=name, source=source, version=(newest.version + 1 if newest else 1),
        sha256=hashlib.sha256(data).hexdigest(),
    )  # fmt: skip
    counter = {"node": 0, "question": 0}
    for spec in roots:
        _store_node(framework, None, spec, counter)
    return framework


def _store_node(framework, parent, spec, counter):
    counter["node"] += 1
    node = LkeNode.objects.create(
        framework=framework, parent=parent, level=spec.level, kind=spec.kind, label=spec.label,
        name=spec.name, weight=spec.weight, position=counter["node"],
        area_number=spec.area_number, excel_row=spec.excel_row, note=spec.note,
    )  # fmt: skip
    for question in spec.questions:
        _store_question(node, None, question, counter)
    for child in spec.children:
        _store_node(framework, node, child, counter)


def _store_question(node, percent_of, spec, counter):
    counter["question"] += 1
    question = LkeQuestion.objects.create(
        node=node, position=counter["question"], label=spec.label, text=spec.text,
        criteria=spec.criteria, answer_type=spec.answer_type, choices=spec.choices,
        weight=spec.weight, rule=spec.rule, percent_of=percent_of, count_role=spec.count_role,
        required=spec.required, hasil_role=spec.hasil_role, excel_row=spec.excel_row,
        excel_columns=spec.excel_columns,
    )  # fmt: skip
    for count in spec.counts:
        _store_question(node, question, count, counter)
