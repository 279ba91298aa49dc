from django import forms

from .models import MonevReport


class MonevNotesForm(forms.ModelForm):
    # The version of the notes the form was filled from (zi_tracker.versioning).
    version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    class Meta:
        model = MonevReport
        fields = ["notes", "follow_ups"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "follow_ups": forms.Textarea(attrs={"rows": 4}),
        }
