"""The administrator's user list gains "deactivate": for members who move to another court."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .services import deactivate_member

User = get_user_model()


@admin.action(description=_("Deactivate (moved away): end memberships and PIC rows"))
def deactivate(modeladmin, request, queryset):
    count = 0
    for person in queryset.exclude(pk=request.user.pk):
        deactivate_member(person=person, by=request.user)
        count += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d member deactivated; their uploads and decisions stay theirs.",
            "%(count)d members deactivated; their uploads and decisions stay theirs.",
            count,
        )
        % {"count": count},  # fmt: skip
        messages.SUCCESS,
    )


class CourtUserAdmin(UserAdmin):
    actions = [deactivate]
    list_filter = (*UserAdmin.list_filter, "memberships__role")


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, CourtUserAdmin)
