from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AgeBand, Education, Occupation, Sex, Survey
from .periods import PeriodError, parse_period


class AnswerField(forms.TypedChoiceField):
    """One question: 1-4, as large buttons. Anything else is refused."""

    def __init__(self, item, **kwargs):
        text, labels = item.localized()
        choices = [(str(value), label) for value, label in enumerate(labels, 1)]
        choose = _("Choose one answer.")
        super().__init__(
            label=text, choices=choices, coerce=int, widget=forms.RadioSelect,
            error_messages={"required": choose, "invalid_choice": choose}, **kwargs,
        )  # fmt: skip
        self.item = item


def _optional(choices):
    return forms.ChoiceField(
        choices=[("", _("(rather not say)")), *choices], required=False, widget=forms.RadioSelect
    )


class ResponseForm(forms.Form):
    """The questionnaire: the survey's items in order, the optional profile and a honeypot
    (`website`: hidden from people, filled by bots)."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, survey, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"q{item.pk}"] = AnswerField(item)
        self.fields["age_band"] = _optional(AgeBand.choices)
        self.fields["sex"] = _optional(Sex.choices)
        self.fields["education"] = _optional(Education.choices)
        self.fields["occupation"] = _optional(Occupation.choices)
        self.fields["service"] = _optional([(s, s) for s in survey.service_choices()])
        labels = {"age_band": _("Age"), "sex": _("Sex"), "education": _("Education"),
                  "occupation": _("Occupation"), "service": _("Service you used")}  # fmt: skip
        for name, label in labels.items():
            self.fields[name].label = label

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    def question_fields(self):
        return [self[f"q{item.pk}"] for item in self.items]

    def profile_fields(self):
        return [self[name] for name in ("age_band", "sex", "education", "occupation", "service")]

    def answers(self):
        return {item: self.cleaned_data[f"q{item.pk}"] for item in self.items}

    def profile(self):
        return {
            name: self.cleaned_data[name]
            for name in ("age_band", "sex", "education", "occupation", "service")
        }


class SurveyForm(forms.ModelForm):
    """The team lead sets a survey up: the period fixes the year; dates default to it."""

    class Meta:
        model = Survey
        fields = ["period", "opens_on", "closes_on", "population", "services"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "services": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_period(self):
        try:
            code, self.year, _start, _end = parse_period(self.cleaned_data["period"])
        except PeriodError:
            raise forms.ValidationError(
                _("Write the period as 2021-Q4 (quarter), 2021-S1 (semester) or 2021 (year).")
            ) from None
        return code

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing date must be after the opening date."))
        return cleaned


class ItemForm(forms.Form):
    """The IPKP or IPAK items, one a line, while the survey has no response."""

    ipkp = forms.CharField(label=_("IPKP items, one a line"), widget=forms.Textarea)
    ipak = forms.CharField(label=_("IPAK items, one a line"), widget=forms.Textarea)

    def _lines(self, name):
        lines = [line.strip() for line in self.cleaned_data[name].splitlines() if line.strip()]
        if not lines:
            raise forms.ValidationError(_("Give at least one item."))
        if len(lines) > 30:
            raise forms.ValidationError(_("At most 30 items."))
        return lines

    def clean_ipkp(self):
        return self._lines("ipkp")

    def clean_ipak(self):
        return self._lines("ipak")
