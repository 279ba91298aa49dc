"""Date fields are <input type="date">, which browsers fill only from an ISO value
(yyyy-mm-dd): the Indonesian display format ("04-12-2026") would leave them empty."""

import datetime

from evidence.forms import UploadForm
from reports.forms import ImportDetailsForm
from surveys.forms import SurveyForm


def test_date_inputs_carry_iso_values():
    day = datetime.date(2021, 12, 4)
    for widget in (
        UploadForm.base_fields["activity_date"].widget,
        SurveyForm.base_fields["opens_on"].widget,
        ImportDetailsForm.base_fields["adopted_on"].widget,
    ):
        assert 'value="2021-12-04"' in widget.render("d", day)
