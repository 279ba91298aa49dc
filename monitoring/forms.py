from django import forms

from .models import MonevReport


class MonevNotesForm(forms.ModelForm):
    class Meta:
        model = MonevReport
        fields = ["notes", "follow_ups"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 4}),
            "follow_ups": forms.Textarea(attrs={"rows": 4}),
        }
