"""Checking the draft: what would make the plan invalid, each a Problem with its sheet."""

from decimal import Decimal

from django.utils.translation import gettext as _

from .problems import Problem


def check_draft(data, sheet, result):
    """What would make the plan invalid: nothing to import, duplicate numbers, lengths.

    Details too long for their field are cut rather than refused; an NIP that is not 18
    digits is dropped."""
    if not data.components:
        result.problems.append(Problem(_("The sheet has no plan rows under its header."), sheet))
        return
    seen = set()
    for component in data.components:
        if component.number in seen:
            result.problems.append(
                Problem(
                    _("Component %(number)s appears twice.") % {"number": component.number},
                    sheet,
                )
            )
        seen.add(component.number)
        _check_component(component, sheet, result)
        _check_indicators(component, sheet, result)
    _fit_details(data)


def _check_component(component, sheet, result):
    if not 1 <= component.number <= 99:
        result.problems.append(
            Problem(
                _("Component number %(number)s is not between 1 and 99.")
                % {"number": component.number},
                sheet,
            )
        )
    weights = [(component.name, component.weight)] + [
        (f"{component.number}.{i.number}", i.weight) for i in component.indicators
    ]
    for name, weight in weights:
        if weight is not None and not 0 <= Decimal(weight) <= 100:
            result.problems.append(
                Problem(
                    _("The weight of %(name)s, %(weight)s%%, is not between 0 and 100.")
                    % {"name": name, "weight": weight},
                    sheet,
                )
            )
    if len(component.name) > 300:
        result.problems.append(
            Problem(
                _("The name of component %(number)s is longer than 300 characters.")
                % {"number": component.number},
                sheet,
            )
        )


def _check_indicators(component, sheet, result):
    numbers = set()
    for indicator in component.indicators:
        code = f"{component.number}.{indicator.number}"
        if indicator.number in numbers:
            result.problems.append(
                Problem(_("Indicator %(code)s appears twice.") % {"code": code}, sheet)
            )
        numbers.add(indicator.number)
        if not 1 <= indicator.number <= 99:
            result.problems.append(
                Problem(
                    _("Indicator %(code)s: its number is not between 1 and 99.") % {"code": code},
                    sheet,
                )
            )
        if not indicator.name:
            result.problems.append(
                Problem(_("Indicator %(code)s has no name.") % {"code": code}, sheet)
            )
        if len(indicator.target) > 300:
            result.problems.append(
                Problem(
                    _("The target of indicator %(code)s is longer than 300 characters.")
                    % {"code": code},
                    sheet,
                )
            )


def _fit_details(data):
    if len(data.title) > 1000:
        data.title = data.title[:1000]
    for key, limit in (("adopted_place", 100), ("signatory_name", 200),
                       ("signatory_title", 200)):  # fmt: skip
        if len(getattr(data, key)) > limit:
            setattr(data, key, getattr(data, key)[:limit])
    if len(data.signatory_nip) != 18:
        data.signatory_nip = ""
