from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Profile


class AccountForm(forms.ModelForm):
    """A user's own name and e-mail address."""

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["nip", "reminders"]
        labels = {"reminders": _("Send me e-mail reminders")}
