"""The LKE on the monitoring pages: a card on the plan's dashboard, columns on the overview."""

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from .models import Assessment


def _shown(total, verdict):
    if total is None:
        return None
    return f"{floatformat(total, 2)} · {verdict or _('not yet WBK')}"  # rounded, localized


def lke_card(plan):
    """The year's LKE for the dashboard card: one query. None hides nothing: the card then
    offers to start it."""
    assessment = Assessment.objects.filter(satker=plan.satker_id, year=plan.year).first()
    return {"lke": assessment}


def lke_unit_column(satkers, year):
    rows = Assessment.objects.filter(satker__in=satkers, year=year).values_list(
        "satker_id", "unit_total", "unit_verdict"
    )
    return {satker: _shown(total, verdict) for satker, total, verdict in rows}


def lke_tpi_column(satkers, year):
    rows = Assessment.objects.filter(satker__in=satkers, year=year).values_list(
        "satker_id", "tpi_total", "tpi_verdict"
    )
    return {satker: _shown(total, verdict) for satker, total, verdict in rows}


def _verdicts(satkers, year):
    """{satker pk: the LKE's verdict}: the TPI's once final, else the unit's own."""
    rows = Assessment.objects.filter(satker__in=satkers, year=year).values_list(
        "satker_id", "status", "unit_verdict", "tpi_verdict"
    )
    return {
        satker: tpi if status == Assessment.Status.FINAL else unit
        for satker, status, unit, tpi in rows
    }


def ready_for_wbk(satkers, year):
    return {pk: verdict in ("WBK", "WBBM") for pk, verdict in _verdicts(satkers, year).items()}


def ready_for_wbbm(satkers, year):
    return {pk: verdict == "WBBM" for pk, verdict in _verdicts(satkers, year).items()}
