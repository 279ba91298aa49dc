from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MonevReport, Paper
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


class MonevNotesForm(forms.ModelForm):
    class Meta:
        model = MonevReport
        fields = ["notes", "follow_ups"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "follow_ups": forms.Textarea(attrs={"rows": 4}),
        }
