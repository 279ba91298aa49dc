"""Room on the home page for the apps above components (evidence's "My tasks" card).

components must not import those apps, so each registers a card here in its
AppConfig.ready(); the home view shows every card whose `values(user, today)` returns a
context (None leaves the card out). A card costs a fixed number of queries; the home
page's count is pinned in tests/test_home.py.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeCard:
    template: str
    values: Callable  # (user, today) -> dict for the template, or None


_cards: dict[str, HomeCard] = {}


def register_home_card(key, *, template, values):
    _cards[key] = HomeCard(template=template, values=values)


def home_cards(user, today):
    """[(template, values)] of the registered cards with something to show the user."""
    shown = []
    for card in _cards.values():
        values = card.values(user, today)
        if values is not None:
            shown.append((card.template, values))
    return shown
