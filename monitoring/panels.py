"""Room on the monitoring pages for the apps above monitoring (surveys, assessment ...).

monitoring must not import the apps above it, yet their figures belong on a plan's
dashboard and on the overview of units. So such an app registers a provider here, in its
AppConfig.ready(), and the monitoring views call every provider registered:

    # assessment/apps.py
    class AssessmentConfig(AppConfig):
        name = "assessment"

        def ready(self):
            from monitoring import panels

            from .panels import lke_card, lke_scores

            panels.register_dashboard_card(
                "lke", template="assessment/_dashboard_card.html", values=lke_card
            )
            panels.register_overview_column("lke", heading=_("LKE score"), values=lke_scores)

- A dashboard card's `values(plan)` returns the context its template is included with
  (beside the page's own: `plan`, `access`, `progress`), or None to leave the card out.
- An overview column's `values(satkers, year)` gets the units listed, each with its plan
  of that year, and returns {satker pk: value}; a unit without a value shows "–".
- An overview counter's `values(satkers, year)` returns {satker pk: bool}; the roll-up by
  region counts the units for which it is true ("ready for WBK").

A provider costs a fixed number of queries whatever the plan's size or the number of
units (one, typically: an aggregate, or a filter on `satker__in`); the pages' query counts
are pinned in the tests. Cards and columns appear in the order they were registered (the
order of INSTALLED_APPS); registering a key again replaces its entry.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DashboardCard:
    template: str
    values: Callable  # (plan) -> dict for the template, or None


@dataclass(frozen=True)
class OverviewColumn:
    heading: str
    values: Callable  # (satkers, year) -> {satker pk: value}


@dataclass(frozen=True)
class Card:
    """A card to show: its template and what it is included with."""

    template: str
    values: dict


@dataclass(frozen=True)
class OverviewCounter:
    heading: str
    values: Callable  # (satkers, year) -> {satker pk: bool}, counted per region


_cards: dict[str, DashboardCard] = {}
_columns: dict[str, OverviewColumn] = {}
_counters: dict[str, OverviewCounter] = {}


def register_dashboard_card(key, *, template, values):
    _cards[key] = DashboardCard(template=template, values=values)


def register_overview_column(key, *, heading, values):
    _columns[key] = OverviewColumn(heading=heading, values=values)


def register_overview_counter(key, *, heading, values):
    """A count of units per region on the overview's roll-up ("ready for WBK")."""
    _counters[key] = OverviewCounter(heading=heading, values=values)


def unregister(key):
    """Remove the card, column and counter registered under `key`, if any."""
    _cards.pop(key, None)
    _columns.pop(key, None)
    _counters.pop(key, None)


def dashboard_cards(plan):
    """The registered cards with something to show for the plan."""
    cards = []
    for card in _cards.values():
        values = card.values(plan)
        if values is not None:
            cards.append(Card(template=card.template, values=values))
    return cards


def overview_columns(satkers, year):
    """[(heading, {satker pk: value})] of the registered columns."""
    return [(column.heading, column.values(satkers, year)) for column in _columns.values()]


def overview_counters(satkers, year):
    """[(heading, {satker pk: bool})] of the registered counters."""
    return [(counter.heading, counter.values(satkers, year)) for counter in _counters.values()]
