from django import forms
from django.utils.translation import gettext_lazy as _

from components.models import ComponentKind

from .models import Paper
from .plan_import.workbook import MAX_CELL_CHARS as MAX_TEXT
from .services import BadSignatureImage, signature_png


class SignForm(forms.Form):
    paper = forms.ChoiceField(
        label=_("Paper"), choices=Paper.choices, initial=Paper.A4, widget=forms.RadioSelect
    )
    signature = forms.FileField(
        label=_("Scanned signature and stamp (optional)"),
        required=False,
        help_text=_(
            "PNG with a transparent background, or JPEG. Without it, the PDF leaves "
            "room for a wet signature."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I have checked the matrix and sign it as the chairperson."), required=True
    )

    def clean_signature(self):
        upload = self.cleaned_data.get("signature")
        if not upload:
            return None
        try:
            return signature_png(upload)
        except BadSignatureImage:
            raise forms.ValidationError(
                _("The signature must be a PNG, JPEG or WebP image of at most 4 megapixels.")
            ) from None


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must the signed plan change?"),
        max_length=2000,
        error_messages={"required": _("Write why the signed plan must change.")},
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class VerifyForm(forms.Form):
    file = forms.FileField(label=_("PDF to check"))


def _framework_choices():
    from components.models import Framework

    return Framework.objects.order_by("-year")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        help_text=_("Our own Excel export, or a workbook laid out like the printed matrix."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    year = forms.IntegerField(label=_("Year of the new plan"), min_value=2010, max_value=2100)
    framework = forms.ModelChoiceField(
        label=_("Assessment framework (LKE)"),
        queryset=None,
        required=False,
        empty_label=_("as written in the workbook (else the newest)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = _framework_choices()


class DraftEditForm(forms.Form):
    """An edit of an import draft, made on its copy at `version` (zi_tracker.versioning)."""

    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)


class ImportDetailsForm(DraftEditForm):
    """The plan's details in the preview, to correct before creating the plan."""

    year = forms.IntegerField(label=_("Year"), min_value=2010, max_value=2100)
    framework = forms.ModelChoiceField(
        label=_("Assessment framework (LKE)"), queryset=None, empty_label=None
    )
    title = forms.CharField(
        label=_("Title"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    adopted_place = forms.CharField(label=_("Adopted at"), max_length=100, required=False)
    adopted_on = forms.DateField(
        label=_("Adopted on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    signatory_name = forms.CharField(label=_("Signatory's name"), max_length=200, required=False)
    signatory_title = forms.CharField(label=_("Signatory's title"), max_length=200, required=False)
    signatory_nip = forms.RegexField(
        label=_("Signatory's NIP"),
        regex=r"^\d{18}$",
        required=False,
        error_messages={"invalid": _("A NIP has 18 digits.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = _framework_choices()

    def clean_signatory_nip(self):
        return "".join(self.cleaned_data["signatory_nip"].split())


def _months_field():
    from components.models import MONTH_ABBREVIATIONS

    return forms.TypedMultipleChoiceField(
        label=_("Planned months"),
        choices=[(m, name) for m, name in enumerate(MONTH_ABBREVIATIONS, 1)],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ImportComponentForm(DraftEditForm):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=99)
    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=ComponentKind.choices)
    weight = forms.DecimalField(
        label=_("Weight (%)"), min_value=0, max_value=100, decimal_places=2, required=False
    )


class ImportIndicatorForm(DraftEditForm):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=99)
    name = forms.CharField(
        label=_("Name"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    target = forms.CharField(label=_("Target"), max_length=300, required=False)
    weight = forms.DecimalField(
        label=_("Weight (%)"), min_value=0, max_value=100, decimal_places=2, required=False
    )


class ImportStepForm(DraftEditForm):
    number = forms.IntegerField(
        label=_("Printed number"), min_value=1, max_value=999, required=False
    )
    text = forms.CharField(
        label=_("Text"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )


class ImportRequirementForm(DraftEditForm):
    number = forms.IntegerField(
        label=_("Printed number"), min_value=1, max_value=999, required=False
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    step = forms.TypedChoiceField(
        label=_("Action step"), coerce=int, required=False, empty_value=None
    )
    months = _months_field()

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", _("no step"))] + [
            (index, f"{step.number or '–'}. {step.text[:80]}") for index, step in enumerate(steps)
        ]
