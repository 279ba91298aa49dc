"""The LKE's evidence as one ZIP, in the folders evaluators ask for:

    AREA 1 Manajemen Perubahan/
      i. Penyusunan Tim Kerja/
        a. Unit kerja telah membentuk tim .../
          undangan-rapat.pdf
    HASIL/I. Birokrasi yang Bersih dan Akuntabel/a. .../survei.pdf
    index.html, index.xlsx      every question with its evidence (files, links), who
                                attached it, its SHA-256; questions without evidence marked

Written as it is sent (reports.bundle's streaming), so memory stays flat.
"""

import logging
import zipfile
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from reports import bundle as plan_bundle
from reports.xlsx import HEADER_FILL, append, no_formulas, person, workbook_bytes

from .evidence import evidence_by_question
from .links import link_node
from .tree import framework_tree

logger = logging.getLogger(__name__)
SMALL_WORDS = {"DAN", "YANG", "DI", "KE", "ATAU", "BAGI", "DARI", "DALAM", "TERHADAP", "UNTUK"}


@dataclass
class Item:
    question: object
    folder: str
    evidence: object  # QuestionEvidence, or None for a question without any
    path: str = ""  # in the ZIP, for files
    problem: str = ""


def readable(name):
    """ "PENATAAN SISTEM MANAJEMEN SDM APARATUR" -> "Penataan Sistem Manajemen SDM Aparatur"."""
    if name != name.upper():
        return name
    words = []
    for word in name.split():
        if word in SMALL_WORDS:
            words.append(word.lower())
        elif len(word) <= 4 and word.isalpha() and word not in {"KERJA", "PADA"}:
            words.append(word)  # an acronym: SDM, SOP, SPBE, SPIP
        else:
            words.append(word.capitalize())
    return " ".join(words)


def _folder(tree, question):
    node = link_node(question.node_obj)
    chain = []
    while node is not None:
        chain.append(node)
        node = node.parent_node
    chain.reverse()  # component, sub-component, area, sub-area
    parts = []
    if chain[0].name.upper().startswith("HASIL"):
        parts = ["HASIL"] + [f"{n.label} {readable(n.name)}".strip() for n in chain[1:]]
    else:
        area = next((n for n in chain if n.level == "area"), None)
        if area is not None:
            parts.append(f"AREA {area.area_number} {readable(area.name.split('. ', 1)[-1])}")
        parts += [f"{n.label} {n.name}".strip() for n in chain if n.level == "sub_area"]
    parts.append(f"{question.label} {question.text}".strip())
    return "/".join(plan_bundle.safe_name(part) for part in parts)


def bundle_items(assessment, tier):
    """Every scored question in order, with its evidence (one Item per piece, or one
    without). Two queries: the evidence, and nothing else (the tree is cached)."""
    tree = framework_tree(assessment.framework_id)
    attached = evidence_by_question(assessment)
    items, taken = [], set()
    for question in tree.questions:
        if question.percent_of_id or not question.is_scored:
            continue
        folder = _folder(tree, question)
        pieces = attached.get((question.pk, tier), [])
        if not pieces:
            items.append(Item(question, folder, None))
        for piece in pieces:
            item = Item(question, folder, piece)
            if piece.kind != "link":
                name = piece.download_name
                item.path = plan_bundle.unique_path(
                    f"{folder}/{plan_bundle.safe_name(name)}", taken
                )
            items.append(item)
    return items


def stream(assessment, items):
    pipe = plan_bundle.Pipe()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for item in items:
            if not item.path:
                continue
            piece = item.evidence
            stored = piece.evidence_file.file if piece.evidence_file else piece.file
            size = piece.evidence_file.size if piece.evidence_file else piece.size
            digest = piece.evidence_file.sha256 if piece.evidence_file else piece.sha256
            item.problem = yield from plan_bundle.copy_into(
                archive, pipe, item.path, stored, size, piece.added_at, digest
            )
        now = timezone.now()
        for name, build in (("index.html", _index_html), ("index.xlsx", _index_xlsx)):
            try:
                with translation.override("id"):
                    data = build(assessment, items, now)
            except Exception:
                logger.exception("LKE bundle: %s of %s could not be made", name, assessment)
                continue
            plan_bundle.write_entry(archive, name, data, now)
        yield pipe.take()
    yield pipe.take()


def _index_html(assessment, items, now):
    context = {"assessment": assessment, "items": items, "made_at": now,
               "without": sum(1 for item in items if item.evidence is None)}  # fmt: skip
    return render_to_string("assessment/bundle_index.html", context).encode()


def index_rows(items):
    for item in items:
        piece = item.evidence
        if piece is None:
            yield [item.folder, _("NO EVIDENCE"), "", "", "", None, ""]
            continue
        digest = piece.evidence_file.sha256 if piece.evidence_file else piece.sha256
        where = piece.url if piece.kind == "link" else item.path
        if item.problem:
            where = f"{where} ({str(plan_bundle.PROBLEM_LABELS[item.problem])})"
        yield [item.folder, piece.get_kind_display(), piece.name, where, person(piece.added_by),
               timezone.localtime(piece.added_at).replace(tzinfo=None), digest]  # fmt: skip


def _index_xlsx(assessment, items, now):
    book = Workbook()
    sheet = book.active
    sheet.title = "Indeks"
    append(sheet, [_("LKE evidence of %(satker)s %(year)s")
                   % {"satker": assessment.satker.name, "year": assessment.year}])  # fmt: skip
    sheet["A1"].font = Font(bold=True, size=12)
    columns = [(_("Question (folder)"), 70), (_("Kind"), 22), (_("Name"), 36),
               (_("File in the ZIP, or link"), 60), (_("Attached by"), 22),
               (_("Attached on"), 18), ("SHA-256", 66)]  # fmt: skip
    append(sheet, [title for title, _width in columns])
    for cell in sheet[2]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for row in index_rows(items):
        append(sheet, row)
    for index, (_title, width) in enumerate(columns):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A3"
    return workbook_bytes(no_formulas(book))


def filename(assessment):
    return f"bukti-lke-{assessment.satker.slug}-{assessment.year}.zip"
