"""Answers as people type them, checked against the question's answer scheme."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AnswerType, Assessment, LkeFramework

MAX_COUNT = 1_000_000


class StartForm(forms.Form):
    framework = forms.ModelChoiceField(label=_("LKE framework"), queryset=None, empty_label=None)
    wbk_held = forms.BooleanField(label=_("The unit already holds WBK"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        newest = {}
        for framework in LkeFramework.objects.order_by("code", "-version"):
            newest.setdefault(framework.code, framework.pk)
        self.fields["framework"].queryset = LkeFramework.objects.filter(pk__in=newest.values())
        self.has_frameworks = bool(newest)


class AnswerForm(forms.Form):
    """One tier's answer to one question: its value and the narrative or note."""

    value = forms.CharField(required=False, max_length=20)
    note = forms.CharField(required=False, max_length=5000, widget=forms.Textarea)
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, question, **kwargs):
        self.question = question
        super().__init__(*args, **kwargs)

    def clean_value(self):
        value = self.cleaned_data["value"].strip()
        kind = self.question.answer_type
        if value == "":
            return ""
        if kind == AnswerType.COUNT:
            return _count(value)
        if kind == AnswerType.SURVEY:
            return _survey(value)
        keys = {str(key).lower(): key for key, *_rest in self.question.choices}
        if value.lower() not in keys:
            raise forms.ValidationError(
                _("Choose one of: %(keys)s.") % {"keys": ", ".join(keys.values())}
            )
        return keys[value.lower()]


def _count(value):
    if not value.isdigit():
        raise forms.ValidationError(_("Enter a whole number, 0 or more."))
    if int(value) > MAX_COUNT:
        raise forms.ValidationError(
            _("%(max)s at most: no unit has more.") % {"max": f"{MAX_COUNT:,}".replace(",", ".")}
        )
    return str(int(value))


def _survey(value):
    try:
        number = Decimal(value.replace(",", "."))
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite() or not Decimal(0) <= number <= Decimal(4):
        raise forms.ValidationError(_("Enter the survey value, from 0 to 4 (such as 3,60)."))
    if -number.as_tuple().exponent > 4:
        raise forms.ValidationError(_("At most four decimals."))
    return str(number)


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What should the unit look at again?"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


__all__ = ["AnswerForm", "Assessment", "ReturnForm", "StartForm"]
