from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccountEvent(models.Model):
    """An append-only record of a change to how someone logs in.

    Logins, failed logins and logouts are in django-axes' access logs; this adds what
    they do not record: password changes and the second factor turned on or off.
    """

    class Kind(models.TextChoices):
        PASSWORD_CHANGED = "password", _("password changed")
        OTP_ENABLED = "otp_on", _("two-step verification turned on")
        OTP_DISABLED = "otp_off", _("two-step verification turned off")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="account_events",
    )
    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Account events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Account events are append-only.")
