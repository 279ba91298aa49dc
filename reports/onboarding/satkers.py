"""Satkers from a table: name, slug, class, parent, city. New ones are created, existing
ones (by slug) updated; a parent is a satker already in the app or one of the file."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from components.models import Satker

from .table import read_table, require_columns

COLUMNS = {
    "name": {"name", "nama", "nama satker", "satker", "nama satuan kerja"},
    "slug": {"slug", "kode", "kode satker", "id"},
    "class": {"class", "kelas"},
    "parent": {"parent", "induk", "satker induk", "parent slug", "pengadilan tinggi"},
    "city": {"city", "kota", "kabupaten kota", "kota kabupaten", "kabupaten"},
}
LABELS = {"name": gettext_lazy("name"), "slug": "slug", "class": gettext_lazy("class"),
          "parent": gettext_lazy("parent"), "city": gettext_lazy("city")}  # fmt: skip


def check_satkers(data):
    """The file's rows, each with its action and its problems. One query: the satkers."""
    _header, found, rows = read_table(data, COLUMNS)
    require_columns(found, ["name"], LABELS)
    fields = ("pk", "slug", "name", "parent", "court_class", "city")
    existing = {s.slug: s for s in Satker.objects.all().only(*fields)}
    by_name = {s.name.lower(): s.slug for s in existing.values()}
    in_file = {}
    for row in rows:
        values = row.values
        values["slug"] = values.get("slug") or slugify(values["name"])[:80]
        if not values["name"]:
            row.problems.append(_("The name is empty."))
        if values["slug"] != slugify(values["slug"]) or not values["slug"]:
            row.problems.append(_("The slug may hold only a-z, 0-9 and hyphens: %(slug)s")
                                % {"slug": values["slug"]})  # fmt: skip
        if values["slug"] in in_file:
            where = {"slug": values["slug"], "row": in_file[values["slug"]]}
            row.problems.append(_("Slug %(slug)s is also on row %(row)s.") % where)
        in_file.setdefault(values["slug"], row.number)
        row.action = "update" if values["slug"] in existing else "create"
    for row in rows:
        _check_parent(row, in_file, existing, by_name)
    _refuse_cycles(rows, existing)
    slug_of = {s.pk: slug for slug, s in existing.items()}
    for row in rows:
        values = row.values
        if row.action == "update" and _same(existing[values["slug"]], values, slug_of):
            row.action = "unchanged"
        row.shown = {
            key: values.get(key, "") for key in ("name", "slug", "class", "parent", "city")
        }
    return rows


def _same(satker, values, slug_of):
    """Whether applying the row would leave the satker as it is."""
    return (
        satker.name == values["name"][:200]
        and satker.court_class == values.get("class", satker.court_class)[:50]
        and satker.city == values.get("city", satker.city)[:100]
        and (
            not values.get("parent_slug") or slug_of.get(satker.parent_id) == values["parent_slug"]
        )
    )


def _check_parent(row, in_file, existing, by_name):
    parent = row.values.get("parent", "")
    if not parent:
        return
    slug = parent if (parent in in_file or parent in existing) else by_name.get(parent.lower())
    if slug is None:
        slug = next((s for s, n in in_file.items() if parent.lower() == s), None)
    if slug is None:
        row.problems.append(_("Parent %(parent)s is neither in the app nor in the file.")
                            % {"parent": parent})  # fmt: skip
    elif slug == row.values["slug"]:
        row.problems.append(_("A unit cannot oversee itself."))
    row.values["parent_slug"] = slug or ""


def _refuse_cycles(rows, existing):
    slug_of = {s.pk: slug for slug, s in existing.items()}
    parent_of = {slug: slug_of.get(s.parent_id, "") for slug, s in existing.items()}
    for row in rows:
        parent_of[row.values["slug"]] = row.values.get("parent_slug", "")
    for row in rows:
        seen, slug = set(), row.values["slug"]
        while slug and slug not in seen:
            seen.add(slug)
            slug = parent_of.get(slug, "")
        if slug:
            row.problems.append(_("The parents of %(slug)s go round in a circle.")
                                % {"slug": row.values["slug"]})  # fmt: skip


def apply_satkers(rows):
    """Create and update the checked rows, parents first; returns (created, updated)."""
    created = updated = 0
    with transaction.atomic():
        saved = {}
        for row in _parents_first(rows):
            if row.action == "unchanged":
                continue
            values = row.values
            satker = Satker.objects.filter(slug=values["slug"]).first() or Satker(
                slug=values["slug"]
            )
            created += satker.pk is None
            updated += satker.pk is not None
            satker.name = values["name"][:200]
            satker.court_class = values.get("class", satker.court_class)[:50]
            satker.city = values.get("city", satker.city)[:100]
            parent = values.get("parent_slug")
            if parent:
                satker.parent = saved.get(parent) or Satker.objects.get(slug=parent)
            satker.save()
            saved[satker.slug] = satker
    return created, updated


def _parents_first(rows):
    by_slug = {row.values["slug"]: row for row in rows}
    ordered, done = [], set()

    def visit(row):
        if row.values["slug"] in done:
            return
        done.add(row.values["slug"])
        parent = by_slug.get(row.values.get("parent_slug", ""))
        if parent is not None:
            visit(parent)
        ordered.append(row)

    for row in rows:
        visit(row)
    return ordered
