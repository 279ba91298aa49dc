from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from components.models import MONTH_ABBREVIATIONS

register = template.Library()


def state_labels():
    return {
        "planned": _("planned"),
        "realized": _("realized"),
        "realized-unplanned": _("realized outside the plan"),
        "submitted": _("awaiting review"),
        "returned": _("returned for revision"),
        "approved": _("approved, ready to tick"),
        "overdue": _("overdue"),
        "": _("not planned"),
    }


@register.simple_tag(takes_context=True)
def month_cell(context, mark, requirement_id, base_url, oob=False):
    """One month <td> of the matrix: its state, file count and a link to the month's page.

    A tag rather than an include: the matrix renders thousands of these. With oob, the
    cell carries hx-swap-oob so a month panel's response can refresh it in the matrix.
    """
    labels = context.get("_state_labels")
    if labels is None:
        labels = context["_state_labels"] = state_labels()
    state = mark.state
    symbol = "✓" if mark.realized else ("V" if mark.planned else "")
    files = mark.files
    label = f"{MONTH_ABBREVIATIONS[mark.month - 1]} · {labels[state]}"
    if files:
        label += " · " + ngettext("%(n)d file", "%(n)d files", files) % {"n": files}
    # A ticked month still shows a file that waits for its revision (the tick hides it).
    revise = mark.returned and state != "returned"
    if revise:
        label += " · " + ngettext(
            "%(n)d file awaits revision", "%(n)d files await revision", mark.returned
        ) % {"n": mark.returned}
    if mark.note:
        label += " · " + mark.note
    return format_html(
        '<td class="zi-month {}{}" id="m-{}-{}"{}><a class="zi-cell" href="{}{}/{}/" '
        'title="{}" aria-label="{}">{}{}{}{}</a></td>',
        state,
        " zi-revise" if revise else "",
        requirement_id,
        mark.month,
        mark_safe(' hx-swap-oob="true"') if oob else "",
        base_url,
        requirement_id,
        mark.month,
        label,
        label,
        symbol,
        format_html("<sup>{}</sup>", files) if files else "",
        mark_safe('<span class="zi-note">*</span>') if mark.note else "",
        mark_safe('<span class="zi-revise-mark" aria-hidden="true">!</span>') if revise else "",
    )


@register.simple_tag
def state_label(state):
    return state_labels()[state]


@register.simple_tag
def month_abbreviation(month):
    return str(MONTH_ABBREVIATIONS[month - 1])
