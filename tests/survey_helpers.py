"""Surveys for tests: one for the seed's satker with responses from fixed answer sets."""

import datetime

from surveys.models import Kind, Survey, record_responses


def make_survey(satker, period="2021-Q4", population=None, **fields):
    from surveys.periods import parse_period

    code, year, start, end = parse_period(period)
    return Survey.create_with_defaults(
        satker=satker,
        period=code,
        year=year,
        opens_on=fields.pop("opens_on", start),
        closes_on=fields.pop("closes_on", end),
        population=population,
        **fields,
    )


def answer_all(survey, count, ikm=4, ipkp=4, ipak=4, **fields):
    """`count` responses, every IKM element answered `ikm` (a value or a list of nine)."""
    items = list(survey.items.all())
    ikm_values = ikm if isinstance(ikm, list) else [ikm] * 9
    values = {}
    for item in items:
        if item.kind == Kind.IKM:
            values[item] = ikm_values[item.number - 1]
        else:
            values[item] = ipkp if item.kind == Kind.IPKP else ipak
    return record_responses(survey, [({}, values)] * count, **fields)


TODAY = datetime.date(2021, 11, 15)
