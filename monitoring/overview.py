"""The overview of many satkers: a row per unit, or rolled up by region; a page or Excel.

Who sees which units is Plan.objects.visible_to's rule (an evaluator or overseer at a PT,
a directorate general or the Mahkamah Agung sees every unit below it). Queries are fixed
whatever the number of units: the plans with their progress as subqueries (one), the
columns and counters other apps register (one each), and for the roll-up the regions' own
names (one).
"""

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from components.models import Plan, Satker
from reports import xlsx

from . import panels
from .progress import plans_with_progress

SORTS = {
    "name": lambda row: row["name"].lower(),
    "progress": lambda row: row["percent"],
    "overdue": lambda row: row["overdue"],
    "activity": lambda row: row["last_activity"],
    "units": lambda row: row.get("units"),
}


def sorted_rows(rows, sort, descending):
    """Rows sorted by a column, those without a value (no plan months, no activity) last in
    either direction."""
    key = SORTS.get(sort, SORTS["name"])
    with_value = [row for row in rows if key(row) is not None]
    without = [row for row in rows if key(row) is None]
    return sorted(with_value, key=key, reverse=descending) + sorted(without, key=SORTS["name"])


def visible_plans(user, node=None, query=""):
    plans = Plan.objects.visible_to(user)
    if node is not None:
        plans = plans.filter(satker__in=Satker.objects.below(node))
    if query:
        plans = plans.filter(satker__name__icontains=query)
    return plans


def without_plan(user, year, node=None, query=""):
    """The satkers the user sees (below `node`, named like `query`) that have no plan for
    the year: the courts that have not started. One query."""
    satkers = Satker.objects.visible_to(user)
    if node is not None:
        satkers = satkers.below(node)
    if query:
        satkers = satkers.filter(name__icontains=query)
    started = Plan.objects.filter(year=year).values("satker_id")
    return list(satkers.exclude(pk__in=started).order_by("name").only("name", "slug"))


def latest_year(plans):
    return plans.aggregate(latest=Max("year"))["latest"] or timezone.localdate().year


def _percent(realized, planned):
    return round(100 * realized / planned) if planned else None


def unit_rows(plans, year):
    """A row per plan of the year, with the registered columns' values."""
    today = timezone.localdate()
    rows = [
        {"plan": plan, "name": plan.satker.name, "percent": _percent(plan.realized, plan.planned),
         "realized": plan.realized, "planned": plan.planned, "overdue": plan.overdue,
         "last_activity": plan.last_activity}
        for plan in plans_with_progress(plans.filter(year=year), year, today)
    ]  # fmt: skip
    columns = panels.overview_columns([row["plan"].satker for row in rows], year)
    for row in rows:
        row["extra"] = [values.get(row["plan"].satker_id) for _heading, values in columns]
    return rows, [heading for heading, _values in columns]


def _common_level(rows):
    """How many satkers from the root all rows' paths share: the level to group under."""
    prefix = None
    for row in rows:
        ids = row["plan"].satker.ancestor_ids()
        if prefix is None:
            prefix = ids
        else:
            length = 0
            while length < min(len(prefix), len(ids)) and prefix[length] == ids[length]:
                length += 1
            prefix = prefix[:length]
    return len(prefix or [])


def rollup(rows, year, node=None):
    """Rows grouped by the satker one level below `node` (or below what all rows share):
    units, progress, overdue months, last activity and the registered counters."""
    level = len(node.ancestor_ids()) if node is not None else _common_level(rows)
    if node is None and rows and all(len(r["plan"].satker.ancestor_ids()) == level for r in rows):
        level = max(level - 1, 0)  # one unit only: its own row
    counters = panels.overview_counters([row["plan"].satker for row in rows], year)
    groups = {}
    for row in rows:
        ids = row["plan"].satker.ancestor_ids()
        key = ids[level] if len(ids) > level else ids[-1]
        group = groups.setdefault(
            key,
            {
                "units": 0,
                "realized": 0,
                "planned": 0,
                "overdue": 0,
                "last_activity": None,
                "counts": [0] * len(counters),
            },
        )
        group["units"] += 1
        for field in ("realized", "planned", "overdue"):
            group[field] += row[field]
        if row["last_activity"] and (
            group["last_activity"] is None or row["last_activity"] > group["last_activity"]
        ):
            group["last_activity"] = row["last_activity"]
        for index, (_heading, values) in enumerate(counters):
            group["counts"][index] += bool(values.get(row["plan"].satker_id))
    regions = Satker.objects.in_bulk(list(groups))
    result = []
    for key, group in groups.items():
        region = regions[key]
        group.update(region=region, name=region.name,
                     percent=_percent(group["realized"], group["planned"]))  # fmt: skip
        result.append(group)
    return result, [heading for heading, _values in counters]


def units_workbook(rows, headings, year):
    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    titles = [_("Unit"), _("Progress (%)"), _("Realized"), _("Planned"), _("Overdue"),
              _("Last activity"), *map(str, headings)]  # fmt: skip
    _header(sheet, _("Overview of units, %(year)s") % {"year": year}, titles)
    for row in rows:
        xlsx.append(sheet, [row["name"], row["percent"], row["realized"], row["planned"],
                            row["overdue"], _local(row["last_activity"]),
                            *[str(v) if v is not None else "" for v in row["extra"]]])  # fmt: skip
    return xlsx.workbook_bytes(xlsx.no_formulas(book))


def regions_workbook(rows, headings, year):
    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    titles = [_("Region"), _("Units"), _("Progress (%)"), _("Overdue"), _("Last activity"),
              *map(str, headings)]  # fmt: skip
    _header(sheet, _("Overview by region, %(year)s") % {"year": year}, titles)
    for row in rows:
        xlsx.append(sheet, [row["name"], row["units"], row["percent"], row["overdue"],
                            _local(row["last_activity"]), *row["counts"]])  # fmt: skip
    return xlsx.workbook_bytes(xlsx.no_formulas(book))


def _header(sheet, title, titles):
    xlsx.append(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=12)
    xlsx.append(sheet, titles)
    for cell in sheet[2]:
        cell.font, cell.fill = Font(bold=True), xlsx.HEADER_FILL
    sheet.column_dimensions["A"].width = 45
    sheet.freeze_panes = "A3"


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None
