from django import forms
from django.core.validators import MaxLengthValidator

from .models import MonevReport

# A month's notes run to a page or two of the report, not a book.
NOTES_MAX_LENGTH = 10_000


class MonevNotesForm(forms.ModelForm):
    # The version of the notes the form was filled from (zi_tracker.versioning).
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for name in ("notes", "follow_ups"):
            field = self.fields[name]
            field.max_length = NOTES_MAX_LENGTH
            field.validators.append(MaxLengthValidator(NOTES_MAX_LENGTH))
            field.widget.attrs["maxlength"] = NOTES_MAX_LENGTH

    class Meta:
        model = MonevReport
        fields = ["notes", "follow_ups"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "follow_ups": forms.Textarea(attrs={"rows": 4}),
        }
