from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    AccountEvent,
    ActionStep,
    Cell,
    Component,
    Framework,
    FrameworkArea,
    Indicator,
    Membership,
    Plan,
    Requirement,
    Satker,
    plan_of,
)


class FrozenWhenSignedMixin:
    """The plan and its parts are read-only here while a signed version is in force.

    For inlines, Django passes the parent object; for model admins, the object itself.
    New parts are refused by the models' clean() (components.models.refuse_if_signed).
    """

    def _frozen(self, obj):
        plan = plan_of(obj) if obj is not None else None
        return plan is not None and plan.signed_version() is not None

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class FrozenInlineMixin(FrozenWhenSignedMixin):
    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Satker)
class SatkerAdmin(admin.ModelAdmin):
    list_display = ["name", "court_class", "city", "parent"]
    search_fields = ["name", "slug", "city"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "satker", "role"]
    list_filter = ["role", "satker"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "satker__name"]
    autocomplete_fields = ["user", "satker"]


class FrameworkAreaInline(admin.TabularInline):
    model = FrameworkArea
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "year"]
    inlines = [FrameworkAreaInline]


class ComponentInline(FrozenInlineMixin, admin.TabularInline):
    model = Component
    extra = 0
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(FrozenWhenSignedMixin, admin.ModelAdmin):
    list_display = ["satker", "year", "framework", "adopted_on"]
    list_filter = ["year", "framework"]
    search_fields = ["satker__name", "title"]
    autocomplete_fields = ["satker"]
    inlines = [ComponentInline]
    fieldsets = [
        (None, {"fields": ["satker", "year", "title", "framework", "monev_requirement"]}),
        (
            _("Adoption and signatory"),
            {
                "fields": [
                    "adopted_place",
                    "adopted_on",
                    "signatory_name",
                    "signatory_title",
                    "signatory_nip",
                ]
            },
        ),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The monev report goes to one of this plan's own evidence requirements.
        if db_field.name == "monev_requirement":
            plan_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Requirement.objects.filter(
                indicator__component__plan=plan_id
            ).select_related("indicator__component")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class IndicatorInline(FrozenInlineMixin, admin.StackedInline):
    model = Indicator
    extra = 0
    show_change_link = True
    fields = ["number", "name", "weight", "target"]


@admin.register(Component)
class ComponentAdmin(FrozenWhenSignedMixin, admin.ModelAdmin):
    list_display = ["__str__", "plan", "kind", "weight"]
    list_filter = ["plan__satker", "plan__year", "kind"]
    list_select_related = ["plan__satker"]
    inlines = [IndicatorInline]


class ActionStepInline(FrozenInlineMixin, admin.TabularInline):
    model = ActionStep
    extra = 0


class RequirementInline(FrozenInlineMixin, admin.TabularInline):
    model = Requirement
    extra = 0
    show_change_link = True
    fields = ["position", "number", "text", "step"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only the steps of the indicator being edited.
        if db_field.name == "step":
            indicator_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = ActionStep.objects.filter(indicator_id=indicator_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Indicator)
class IndicatorAdmin(FrozenWhenSignedMixin, admin.ModelAdmin):
    list_display = ["code", "name", "component"]
    list_filter = ["component__plan__satker", "component__plan__year"]
    list_select_related = ["component__plan__satker"]
    search_fields = ["name"]
    inlines = [ActionStepInline, RequirementInline]

    @admin.display(description=_("code"))
    def code(self, obj):
        return obj.code


class CellInline(FrozenInlineMixin, admin.TabularInline):
    """Planned months are edited here; realization only on the matrix, with its rules and log."""

    model = Cell
    extra = 0
    fields = ["month", "planned", "realized", "realized_by", "realized_at", "realization_note"]
    readonly_fields = ["realized", "realized_by", "realized_at", "realization_note"]


@admin.register(Requirement)
class RequirementAdmin(FrozenWhenSignedMixin, admin.ModelAdmin):
    list_display = ["__str__", "indicator"]
    list_filter = ["indicator__component__plan__satker", "indicator__component__plan__year"]
    list_select_related = ["indicator__component__plan__satker"]
    search_fields = ["text"]
    inlines = [CellInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only the steps of the requirement's own indicator. A new requirement has no
        # indicator yet: add it from its indicator's page, where the steps are known.
        if db_field.name == "step":
            requirement_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = (
                ActionStep.objects.filter(indicator__requirements=requirement_id)
                if requirement_id
                else ActionStep.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    """Password changes and second-factor changes, to read: the record is append-only.

    Logins, failed logins and logouts are under "Axes" (access logs); a locked account or
    address is unlocked there by deleting its access attempt.
    """

    list_display = ["created_at", "user", "kind"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
