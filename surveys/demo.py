"""The demo's survey: PN Sarolangun's fourth quarter of 2021 with 180 responses, so a new
user sees real results. Added by seed_demo (zi_tracker.signals.demo_seeded), once."""

import datetime
import random

from .models import AgeBand, Education, Kind, Occupation, Sex, Source, Survey, record_responses

DEMO_PERIOD = "2021-Q4"
DEMO_RESPONSES = 180
# How often each answer 1-4 comes, per element: a court doing well, fees free, complaints
# handling its weakest point.
WEIGHTS = {Kind.IKM: [1, 4, 45, 50], Kind.IPKP: [1, 5, 50, 44], Kind.IPAK: [1, 2, 30, 67]}


def add_demo_survey(sender, *, satker, year, users, **kwargs):
    if Survey.objects.filter(satker=satker, period=DEMO_PERIOD).exists():
        return
    survey = Survey.create_with_defaults(
        satker=satker, period=DEMO_PERIOD, year=2021, opens_on=datetime.date(2021, 10, 1),
        closes_on=datetime.date(2021, 12, 31), population=300, created_by=users["ketua-tim"],
    )  # fmt: skip
    items = list(survey.items.all())
    pick = random.Random(2021)  # the same demo every time
    services = survey.service_choices()
    rows = []
    for _ in range(DEMO_RESPONSES):
        values = {}
        for item in items:
            weights = WEIGHTS[item.kind]
            if item.kind == Kind.IKM and item.number == 8:
                weights = [3, 10, 50, 37]
            values[item] = pick.choices([1, 2, 3, 4], weights)[0]
        profile = {
            "age_band": pick.choice(AgeBand.values),
            "sex": pick.choice(Sex.values),
            "education": pick.choice(Education.values + [""]),
            "occupation": pick.choice(Occupation.values),
            "service": pick.choice(services),
        }
        rows.append((profile, values))
    record_responses(survey, rows, source=Source.IMPORT)
