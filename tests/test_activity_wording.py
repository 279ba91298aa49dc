"""The activity log reads as sentences: who did what to which file or person.

Indonesian puts the object inside the phrase ("mengembalikan undangan.pdf untuk revisi"),
so the file is part of the translated sentence, not tacked on after a passive participle.
"""

import pytest
from django.conf import settings

from evidence import services
from evidence.models import Activity, EvidenceFile
from tests import samples
from tests.evidence_helpers import BASE, login, month_url, upload

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def lines(client, url):
    html = client.get(url).content.decode()
    start = html.index('class="list-unstyled small zi-activity"')
    return " ".join(html[start:].split())


def test_it_names_the_file_inside_the_sentence(client, users, requirement):
    login(client, users["staf"])
    upload(
        client, requirement, [("undangan.pdf", samples.pdf()), ("foto-rapat.jpg", samples.jpeg())]
    )
    invitation, photo = EvidenceFile.objects.order_by("submission_index")
    lead = users["ketua_tim"]
    services.review_file(evidence_file=photo, user=lead, approve=True)
    services.review_file(evidence_file=invitation, user=lead, approve=False, note="Tanpa stempel")
    login(client, lead)
    english(client)
    text = lines(client, month_url(requirement))
    assert 'returned <span class="text-break">undangan.pdf</span> for revision' in text
    assert 'approved <span class="text-break">foto-rapat.jpg</span>' in text
    assert 'uploaded <span class="text-break">undangan.pdf</span>' in text


def test_it_names_the_pic_inside_the_sentence(client, users, requirement):
    login(client, users["ketua_tim"])
    english(client)
    text = lines(client, f"{BASE}activity/")
    assert 'assigned <span class="text-break">staf</span> as PIC' in text


def test_an_action_without_an_object_keeps_its_label(users, requirement):
    entry = Activity(plan=requirement.indicator.component.plan, user=users["ketua_tim"])
    entry.action = Activity.Action.TICK
    assert entry.describe() == (str(Activity.Action.TICK.label), "", "")
