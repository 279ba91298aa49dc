"""The LKE in the official workbook, out and back in.

Out: for 90/2021, the official template itself (its layout and formulas kept) with a tier's
answers in K, notes in O, evidence names in P and links in Q, so Excel computes the same
score; for a PortalRB list, a workbook whose "Jawaban" sheet has the answers in the cells
the list names (excel_baris / excel_kolom_*).

In: a filled copy of the official workbook, as courts keep them (notes, Drive links, hidden
columns, a retyped answer-type label): each question is found by its row and its text;
what cannot be matched, or an answer outside the question's scheme, is refused with the
row it stands in, and nothing is imported unless everything can be.
"""

import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from reports.plan_import import ImportRefused
from reports.plan_import.workbook import check_file

from .forms import AnswerForm
from .models import AnswerType, Tier
from .tree import framework_tree

TEMPLATE = Path(settings.BASE_DIR) / "fixtures" / "lke" / "lke-90-2021.xlsx"
SHEET = "LKE ZI"
JAWABAN = "Jawaban"
SEARCH_ROWS = 6  # how far from its template row a court's copy may have moved a question
PORTALRB_COLUMNS = {Tier.UNIT: ("jawaban_unit", "catatan_unit"),
                    Tier.TPI: ("jawaban_tpi", "catatan_tpi")}  # fmt: skip


def _clean(text):
    return ILLEGAL_CHARACTERS_RE.sub("", str(text or ""))


def _as_cell(question, value):
    if question.answer_type == AnswerType.COUNT:
        return int(value)
    if question.answer_type == AnswerType.SURVEY:
        return float(value)
    return value


def export_workbook(assessment, tier, evidence=None):
    """The assessment's `tier` as the official workbook; bytes."""
    tree = framework_tree(assessment.framework_id)
    answers = {a.question_id: a for a in assessment.answers.filter(tier=tier)}
    evidence = evidence or {}
    if tree.framework.code.startswith("90/"):
        book = load_workbook(TEMPLATE)
        sheet = book[SHEET]
        for question in tree.questions:
            answer = answers.get(question.pk)
            if not question.excel_row or question.answer_type == AnswerType.PERCENT:
                continue
            row = question.excel_row
            if answer and answer.value:
                sheet[f"K{row}"] = _as_cell(question, answer.value)
            if answer and answer.note:
                sheet[f"O{row}"] = _clean(answer.note)
            names, links = evidence.get(question.pk, ([], []))
            if names:
                sheet[f"P{row}"] = _clean("\n".join(names))
            if links:
                sheet[f"Q{row}"] = _clean("\n".join(links))
    else:
        book = _jawaban_workbook(tree, assessment)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _jawaban_workbook(tree, assessment):
    book = Workbook()
    sheet = book.active
    sheet.title = JAWABAN
    sheet["A1"] = _clean(f"LKE {tree.framework.code} · {assessment.satker.name} {assessment.year}")
    answers = {(a.question_id, a.tier): a for a in assessment.answers.all()}
    for question in tree.questions:
        if not question.excel_row or question.answer_type == AnswerType.PERCENT:
            continue
        sheet[f"G{question.excel_row}"] = _clean(question.text)
        for tier, (answer_column, note_column) in PORTALRB_COLUMNS.items():
            answer = answers.get((question.pk, tier))
            column = question.excel_columns.get(answer_column)
            if answer and answer.value and column:
                sheet[f"{column}{question.excel_row}"] = _as_cell(question, answer.value)
            if answer and answer.note and question.excel_columns.get(note_column):
                sheet[f"{question.excel_columns[note_column]}{question.excel_row}"] = _clean(
                    answer.note
                )
    return book


# --- reading a filled workbook back ---------------------------------------------------------


@dataclass
class LkeImport:
    answers: dict = field(default_factory=dict)  # question pk -> (value, note)
    problems: list = field(default_factory=list)  # (row, message)

    @property
    def ok(self):
        return not self.problems


def _norm(text):
    text = unicodedata.normalize("NFKC", str(text or "")).lower()
    text = re.sub(r"^[\s\-–]+", "", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _same_text(cell_text, question_text):
    a, b = _norm(cell_text), _norm(question_text)
    return bool(a) and (a == b or a.startswith(b[:60]) or b.startswith(a[:60]))


def read_answers(data, assessment, tier):
    """The answers of a filled workbook for the assessment's framework (LkeImport)."""
    check_file(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=False, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ImportRefused(_("The workbook cannot be read.")) from None
    tree = framework_tree(assessment.framework_id)
    if tree.framework.code.startswith("90/"):
        if SHEET not in book.sheetnames:
            raise ImportRefused(
                _('This is not the official LKE workbook: it has no sheet "LKE ZI".')
            )
        return _read_official(book[SHEET], tree)
    if JAWABAN not in book.sheetnames:
        raise ImportRefused(_('This is not an LKE %(code)s workbook: it has no sheet "Jawaban".')
                            % {"code": tree.framework.code})  # fmt: skip
    return _read_jawaban(book[JAWABAN], tree, tier)


def _text_cell(sheet, question, row):
    column = "E" if question.weight else "G"  # the results' questions are worded in E
    return sheet[f"{column}{row}"].value


def _find_row(sheet, question, taken):
    """The row holding the question: its template row, else the nearest with its text."""
    offsets = [0] + [d for n in range(1, SEARCH_ROWS + 1) for d in (n, -n)]
    for row in (question.excel_row + offset for offset in offsets):
        text = _text_cell(sheet, question, row) if row > 0 else None
        if row not in taken and _same_text(text, question.text):
            return row
    return None


def _read_official(sheet, tree):
    result, taken = LkeImport(), set()
    if not any(_find_row(sheet, question, set()) for question in tree.questions[:3]):
        raise ImportRefused(_("This workbook is the LKE of another framework, or not an LKE."))
    for question in tree.questions:
        if not question.excel_row or question.answer_type == AnswerType.PERCENT:
            continue
        row = _find_row(sheet, question, taken)
        if row is None:
            result.problems.append((question.excel_row, _("Question not found: %(text)s")
                                    % {"text": question.text[:80]}))  # fmt: skip
            continue
        taken.add(row)
        cell = sheet[f"K{row}"]
        if cell.data_type == "f":
            result.problems.append(
                (row, _("The answer cell K%(row)s holds a formula.") % {"row": row})
            )
            continue
        _take(result, question, row, cell.value, sheet[f"O{row}"].value)
    return result


def _read_jawaban(sheet, tree, tier):
    result = LkeImport()
    answer_column, note_column = PORTALRB_COLUMNS[tier]
    for question in tree.questions:
        column = question.excel_columns.get(answer_column)
        if not column or question.answer_type == AnswerType.PERCENT:
            continue
        row = question.excel_row
        cell = sheet[f"{column}{row}"]
        if cell.data_type == "f":
            result.problems.append((row, _("The answer cell %(cell)s holds a formula.")
                                    % {"cell": f"{column}{row}"}))  # fmt: skip
            continue
        note = (
            sheet[f"{question.excel_columns[note_column]}{row}"].value
            if question.excel_columns.get(note_column)
            else ""
        )
        _take(result, question, row, cell.value, note)
    return result


def _take(result, question, row, value, note):
    if isinstance(value, float) and value.is_integer() and question.answer_type == AnswerType.COUNT:
        value = int(value)
    text = "" if value is None else str(value).strip()
    form = AnswerForm({"value": text, "note": _clean(note or "")[:5000]}, question=question)
    if not form.is_valid():
        message = " ".join(" ".join(errors) for errors in form.errors.values())
        result.problems.append((row, f"{question.text[:60]}: {message}"))
        return
    if form.cleaned_data["value"] or form.cleaned_data["note"]:
        result.answers[question.pk] = (form.cleaned_data["value"], form.cleaned_data["note"])
