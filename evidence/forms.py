import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from components.models import MONTH_ABBREVIATIONS, MONTHS, display_name

from .models import EvidenceFile


class UploadForm(forms.Form):
    """The fields of an upload; the files themselves are checked by evidence.uploads."""

    description = forms.CharField(
        label=_("Short description"),
        max_length=300,
        help_text=_("What the file shows, e.g. “Undangan rapat pembentukan Tim Kerja”."),
    )
    activity_date = forms.DateField(
        label=_("Date of the activity"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    revision_of = forms.ModelChoiceField(
        label=_("Revision of a returned file"),
        queryset=EvidenceFile.objects.none(),
        required=False,
        empty_label=_("— no, a new file —"),
    )
    submission = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, plan, returned_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        # Always a field, so a revision of anything but this month's returned files is
        # refused; the template shows it only when there is something to revise.
        self.fields["revision_of"].queryset = EvidenceFile.objects.filter(
            pk__in=[f.pk for f in returned_files]
        )
        self.offers_revision = bool(returned_files)
        # The browser refuses the dates the server refuses, before anything is sent.
        self.fields["activity_date"].widget.attrs.update(
            min=f"{plan.year - 1}-01-01", max=timezone.localdate().isoformat()
        )
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_description(self):
        return " ".join(self.cleaned_data["description"].split())

    def clean_activity_date(self):
        date = self.cleaned_data["activity_date"]
        today = timezone.localdate()
        if date > today:
            raise forms.ValidationError(_("The activity date cannot be in the future."))
        if date < datetime.date(self.plan.year - 1, 1, 1):
            raise forms.ValidationError(
                _("The activity date must be in %(year)s or the year before.")
                % {"year": self.plan.year}
            )
        return date


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("return", _("Return"))])
    note = forms.CharField(
        label=_("Note for the uploader"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("note", "").strip():
            self.add_error("note", _("Write what must be revised."))
        return data


class ReviewFilterForm(forms.Form):
    """The review queue's filters; every choice is optional."""

    component = forms.TypedChoiceField(label=_("Component"), coerce=int, required=False)
    pic = forms.TypedChoiceField(label=_("PIC"), coerce=int, required=False)
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, required=False)

    def __init__(self, *args, components, pics, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("all"))]
        self.fields["component"].choices = everything + [
            (c.number, f"{c.number}. {c.name}") for c in components
        ]
        self.fields["pic"].choices = everything + [(u.pk, display_name(u)) for u in pics]
        self.fields["month"].choices = everything + list(
            zip(MONTHS, MONTH_ABBREVIATIONS, strict=True)
        )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class PicForm(forms.Form):
    """Add a PIC to an indicator or step, or remove one; ids checked against the plan."""

    action = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")])
    indicator = forms.IntegerField(min_value=1)
    step = forms.IntegerField(min_value=1, required=False)
    user = forms.IntegerField(min_value=1, required=False)
    assignment = forms.IntegerField(min_value=1, required=False)


class RealizationForm(forms.Form):
    realized = forms.TypedChoiceField(
        choices=[("1", _("Tick")), ("0", _("Untick"))], coerce=lambda v: v == "1"
    )
    expected = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
    note = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The team lead saw the month's files still awaiting review or revision, and ticks anyway.
    confirm_open = forms.BooleanField(required=False)
