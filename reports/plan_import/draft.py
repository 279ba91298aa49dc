"""Building the draft: the table's rows into PlanData, then the details under the table
(the signature block) and in the Keterangan sheet."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from components.models import ComponentKind, Framework
from components.plandata import (
    ComponentData,
    IndicatorData,
    PlanData,
    RequirementData,
    StepData,
    decimal_text,
)

from .cells import (
    DIGITS,
    IGNORED_MARKS,
    MARKS,
    cell_text,
    iso_date,
    one_item,
    split_items,
    weight_value,
)
from .checks import check_draft
from .problems import Problem, formula_problem

# The first line of the signature block under the table: "Ditetapkan di : Sarolangun",
# "Mengetahui,", "Sarolangun, 31 Desember 2021", "KETUA PENGADILAN NEGERI ...", "NIP. ...".
SIGNATURE = re.compile(
    r"^(?:DITETAPKAN\s+DI\b|MENGETAHUI\b|NIP[.:\s]|(?:KETUA|KEPALA)\s+PENGADILAN\b"
    r"|[A-Z][A-Za-z .]+,\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}$)",
    re.IGNORECASE,
)
CODE = re.compile(r"^\s*(\d{1,2})\s*\.\s*(\d{1,2})\s*\.?\s+(.*)$", re.S)
WEIGHT = re.compile(r"\s*\(\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*%\s*\)\s*$")
LEADING_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s+(.*)$", re.S)


@dataclass
class _State:
    component: ComponentData | None = None
    component_raw: str = ""
    component_no: str = ""
    indicator: IndicatorData | None = None
    indicator_raw: str = ""
    step_raw: str = ""
    step: int | None = None  # index of the current step in the indicator
    numbered_rows: bool = False


def read_matrix(sheet_name, rows, layout, info, result, framework):
    """The matrix sheet's rows into result.data: the title above the header, the table's
    rows, then the details (signature block, Keterangan sheet) and the checks."""
    data = PlanData()
    data.title = _title(rows, layout)
    columns = layout.columns
    letters = {kind: get_column_letter(column) for kind, column in columns.items()}
    state = _State()
    signature = []
    in_signature = False
    previous_blank = False
    ours = bool(info.get("title") or info.get("year"))  # our export: one item a cell
    for number, cells in rows:
        if number < layout.first_data_row:
            continue
        values = dict(enumerate(cells, 1))
        _refuse_formulas(sheet_name, number, values, result)
        filled = [text for text in (cell_text(cell.value) for cell in cells) if text]
        if in_signature or _starts_signature(filled, previous_blank):
            in_signature = True
            signature.extend(filled)
            _refuse_months_under_signature(sheet_name, number, layout, values, result)
            continue
        previous_blank = not filled
        if not filled:
            continue
        months = _planned_months(sheet_name, number, layout, values, result)
        if months is None:
            continue
        texts = {kind: _text_in(values, columns.get(kind)) for kind in KINDS}
        _read_row(sheet_name, number, letters, texts, months, state, data, result, ours)

    if state.numbered_rows:
        for index, component in enumerate(data.components, 1):
            component.number = index
        result.notes.append(_("The NO column numbers rows; components are numbered in order."))
    _apply_info(data, info, signature, result, framework)
    check_draft(data, sheet_name, result)
    result.data = data


KINDS = ("no", "component", "indicator", "step", "evidence")


def _title(rows, layout):
    """The first text of each row above the header, as one line."""
    title_lines = []
    for number, cells in rows:
        if number >= layout.header_rows[0]:
            break
        for cell in cells:
            text = cell_text(cell.value)
            if text:
                title_lines.append(text)
                break
    return " ".join(title_lines)


def _text_in(values, column):
    return cell_text(values[column].value) if column in values else ""


def _refuse_formulas(sheet_name, number, values, result):
    for column, cell in values.items():
        if getattr(cell, "data_type", "") == "f":
            result.problems.append(formula_problem(sheet_name, number, get_column_letter(column)))


def _refuse_months_under_signature(sheet_name, number, layout, values, result):
    marked = [
        column
        for column in layout.months.values()
        if column in values and cell_text(values[column].value).upper() in MARKS
    ]
    if marked:
        result.problems.append(
            Problem(
                _("A row under the signature block has planned months; move it "
                  "above the signature block or remove it."),
                sheet_name,
                number,
                get_column_letter(marked[0]),
            )
        )  # fmt: skip


def _planned_months(sheet_name, number, layout, values, result):
    """The row's planned months, or None (with a problem for each) if a mark is unknown."""
    months, bad = [], False
    for month, column in layout.months.items():
        cell = values.get(column)
        mark = cell_text(cell.value).upper() if cell is not None else ""
        if not mark or mark in IGNORED_MARKS:
            continue
        if mark in MARKS:
            months.append(month)
        else:
            bad = True
            result.problems.append(
                Problem(
                    _(
                        "Unknown month mark %(mark)s: mark a planned month with V "
                        "(or v, ✓, √, X, 1) and leave the others empty."
                    )
                    % {"mark": mark[:20]},
                    sheet_name,
                    number,
                    get_column_letter(column),
                )
            )
    return None if bad else months


def _starts_signature(filled, previous_blank):
    """Whether a row is the first of the signature block: "Ditetapkan di" anywhere in the
    row; the other openings ("Mengetahui", "Sarolangun, 31 Desember 2021", "KETUA
    PENGADILAN ...") only alone in their row and after a blank row, since an evidence
    row may read "Ketua Pengadilan ..." too."""
    if any(re.match(r"DITETAPKAN\s+DI\b", text, re.IGNORECASE) for text in filled):
        return True
    return previous_blank and len(filled) == 1 and SIGNATURE.match(filled[0]) is not None


def _read_row(sheet, row, letters, texts, months, state, data, result, ours=False):
    """One table row into the plan being built; `texts` by column kind. `ours`: the
    workbook is our export, where a cell holds one item and names are as written."""
    no, component, indicator = texts["no"], texts["component"], texts["indicator"]
    step, evidence = texts["step"], texts["evidence"]

    def problem(message, kind):
        result.problems.append(Problem(message, sheet, row, letters.get(kind, "")))

    if no and not component and state.component is not None and no != state.component_no:
        state.numbered_rows = True  # NO numbers rows, not components
    # A component starts where its name appears and differs from the current one.
    if component and component != state.component_raw:
        _start_component(component, no, state, data, ours)
    if indicator and indicator != state.indicator_raw:
        if state.component is None:
            problem(_("An indicator before any component."), "indicator")
            return
        state.indicator = _indicator(indicator, state.component, result)
        state.component.indicators.append(state.indicator)
        state.indicator_raw = indicator
        state.step_raw, state.step = "", None
    if not (step or evidence or months):
        return
    if state.indicator is None:
        problem(_("A row of steps or evidence without an indicator above it."), "indicator")
        return
    _add_steps_and_requirements(state, step, evidence, months, one_item if ours else split_items)


def _start_component(raw, no, state, data, ours):
    name = raw
    number = int(no) if DIGITS.fullmatch(no) else None
    match = LEADING_NUMBER.match(name)
    if match and number is None and not ours:  # "1. Manajemen Perubahan" without a NO
        number, name = int(match.group(1)), match.group(2)
    weight = None
    found = WEIGHT.search(name)
    if found:
        weight = weight_value(found.group(1))
        name = name[: found.start()].strip()
    if number is None:
        number = (state.component.number + 1) if state.component else 1
    state.component = ComponentData(number=number, name=name, weight=weight)
    data.components.append(state.component)
    state.component_raw, state.component_no = raw, no
    state.indicator, state.indicator_raw = None, ""


def _add_steps_and_requirements(state, step, evidence, months, split):
    """The row's steps (if new) and evidence requirements into the current indicator."""
    current = state.indicator
    new_steps = []
    # A blank step cell under a merged (or repeated) one continues it.
    if step and step != state.step_raw:
        for number, text in split(step):
            current.steps.append(StepData(number=number, text=text))
            new_steps.append(len(current.steps) - 1)
        state.step_raw, state.step = step, new_steps[-1]
    if evidence:
        items = split(evidence)
    elif months:
        items = [(None, "")]  # planned months without evidence text (6.5 in the seed)
    else:
        return
    if len(new_steps) > 1 and len(new_steps) == len(items):
        pairs = new_steps  # "1. a / 2. b" beside "1. x / 2. y": paired in order
    else:
        pairs = [state.step] * len(items)
    for (number, text), step_index in zip(items, pairs, strict=True):
        current.requirements.append(
            RequirementData(number=number, text=text, step=step_index, months=list(months))
        )


def _indicator(raw, component, result):
    lines = raw.split("\n")
    head, rest = lines[0], lines[1:]
    number = None
    match = CODE.match(head)
    if match:
        if int(match.group(1)) != component.number:
            result.notes.append(
                _("Indicator %(code)s is under component %(number)s; it is numbered %(new)s.")
                % {
                    "code": f"{match.group(1)}.{match.group(2)}",
                    "number": component.number,
                    "new": f"{component.number}.{match.group(2)}",
                }
            )
        number, head = int(match.group(2)), match.group(3)
    else:
        used = [i.number for i in component.indicators]
        number = max(used, default=0) + 1
    weight = None
    found = WEIGHT.search(head)
    if found:
        weight = weight_value(found.group(1))
        head = head[: found.start()].strip()
    target = ""
    description = []
    for line in rest:
        if line.lower().startswith("target:") or line.lower().startswith("target :"):
            target = line.split(":", 1)[1].strip()
        else:
            description.append(line)
    return IndicatorData(
        number=number, name=head, description="\n".join(description), weight=weight,
        target=target,
    )  # fmt: skip


def _apply_info(data, info, signature, result, framework):
    """Metadata from the Keterangan sheet, else from the signature block and defaults."""
    parsed = _signature(signature)
    for key in ("adopted_place", "adopted_on", "signatory_name", "signatory_title",
                "signatory_nip"):  # fmt: skip
        value = info.get(key)
        setattr(data, key, parsed.get(key, "") if value in (None, "") else value)
    if info.get("title"):
        data.title = cell_text(info["title"]).replace("\n", " ")
    data.adopted_on = iso_date(data.adopted_on)
    data.adopted_place = cell_text(data.adopted_place)
    data.signatory_name = cell_text(data.signatory_name)
    data.signatory_title = cell_text(data.signatory_title)
    data.signatory_nip = re.sub(r"\D", "", cell_text(data.signatory_nip))
    data.monev_requirement = cell_text(info.get("monev_requirement"))
    year = cell_text(info.get("year"))
    result.year = int(year) if DIGITS.fullmatch(year) else None
    if result.year is None:
        found = re.search(r"\b(20\d\d)\s*$", data.title)
        result.year = int(found.group(1)) if found else None
    code = framework.code if framework else cell_text(info.get("framework"))
    chosen = Framework.objects.filter(code=code).first() if code else None
    chosen = chosen or Framework.objects.order_by("-year").first()
    data.framework = chosen.code if chosen else ""
    areas = {a.number: a for a in chosen.areas.all()} if chosen else {}
    for component in data.components:
        kind, weight = info.get("components", {}).get(component.number, (None, None))
        area = areas.get(component.number)
        if kind:
            component.kind = kind
        elif "HASIL" in component.name.upper():
            component.kind = ComponentKind.HASIL
        elif area is not None:
            component.kind = area.kind
        if weight is not None:
            component.weight = weight
        elif component.weight is None and area is not None and area.kind == component.kind:
            component.weight = decimal_text(area.weight)
        for indicator in component.indicators:
            code = f"{component.number}.{indicator.number}"
            if code in info.get("indicators", {}):
                indicator.weight = info["indicators"][code]


def _signature(lines):
    """Place, date, title, name and NIP from the lines under the table."""
    found = {}
    for index, line in enumerate(lines):
        upper = line.upper()
        if upper.startswith("DITETAPKAN DI"):
            found["adopted_place"] = line.split(":", 1)[-1].strip()
        elif upper.startswith("PADA TANGGAL") or upper.startswith("TANGGAL"):
            found["adopted_on"] = line.split(":", 1)[-1].strip()
        elif upper.startswith("NIP"):
            found["signatory_nip"] = line[3:].strip(" .:")
            before = lines[index - 1] if index > 0 else ""
            if before and ":" not in before and not before.upper().startswith(("KETUA", "KEPALA")):
                found.setdefault("signatory_name", before)
        elif upper.startswith("KETUA") or upper.startswith("KEPALA"):
            found.setdefault("signatory_title", line)
    return found
