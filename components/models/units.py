"""Who works on the plans: units (satker), their members and roles, and what a person keeps
about themselves."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _

nip_validator = RegexValidator(
    r"^\d{18}$",
    _("An NIP has 18 digits, for example 19801208 200312 2 001."),
)


class NIPField(models.CharField):
    """An 18-digit NIP, accepted as printed ("19801208 200312 2 001") and stored as digits."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("validators", [nip_validator])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return "".join(value.split()) if value else value

    def formfield(self, **kwargs):
        # Room for the spaces people type; the model field strips them before validating.
        return super().formfield(**{"max_length": 24, **kwargs})


def display_name(user):
    """How the app names a person: the full name, else the username."""
    return user.get_full_name() or user.username


def format_nip(value):
    """Print an 18-digit NIP the way it appears on letters: "19801208 200312 2 001"."""
    if len(value) != 18 or not value.isdigit():
        return value
    return f"{value[:8]} {value[8:14]} {value[14]} {value[15:]}"


class Role(models.TextChoices):
    STAF = "staf", _("Staff (PIC)")
    KETUA_TIM = "ketua_tim", _("ZI team lead")
    KETUA = "ketua", _("Chairperson")
    PENILAI = "penilai", _("Evaluator")
    PENGAWAS = "pengawas", _("Overseer")


# Roles that reach down the tree: a membership with one of them at a satker (a PT, Badilum,
# the Mahkamah Agung) gives that role in every satker below it.
OVERSIGHT_ROLES = (Role.PENILAI, Role.PENGAWAS)


class SatkerQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Satkers the user is a member of, and those below a satker where they evaluate
        or oversee (OVERSIGHT_ROLES). A subquery each, no join: no duplicate rows."""
        if user.is_superuser:
            return self
        oversees = Membership.objects.filter(
            user=user,
            role__in=OVERSIGHT_ROLES,
            satker__tree_path=Substr(OuterRef("tree_path"), 1, Length("satker__tree_path")),
        ).exclude(satker__tree_path="")
        own = Membership.objects.filter(user=user).values("satker_id")
        return self.filter(Q(pk__in=own) | Exists(oversees))

    def below(self, satker):
        """The satker and every satker under it."""
        if not satker.tree_path:
            return self.filter(pk=satker.pk)
        return self.filter(tree_path__startswith=satker.tree_path)


class SatkerManager(models.Manager.from_queryset(SatkerQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def rebuild_paths(self):
        """Recompute every tree_path from the parents (after a bulk load). Two queries
        and one update per satker whose path changes."""
        rows = dict(self.values_list("pk", "parent_id"))
        paths = {}

        def path(pk, seen=()):
            if pk not in paths:
                parent = rows.get(pk)
                prefix = "/" if parent is None or parent in seen else path(parent, (*seen, pk))
                paths[pk] = f"{prefix}{pk}/"
            return paths[pk]

        current = dict(self.values_list("pk", "tree_path"))
        for pk in rows:
            if current[pk] != path(pk):
                self.filter(pk=pk).update(tree_path=paths[pk])


class Satker(models.Model):
    """A unit that runs a Zona Integritas programme: a court, for now.

    District courts (PN) have their appeal court (PT) as parent, which oversees them.
    """

    name = models.CharField(_("name"), max_length=200, help_text="Pengadilan Negeri Sarolangun")
    slug = models.SlugField(_("slug"), max_length=80, unique=True, help_text="pn-sarolangun")
    court_class = models.CharField(_("class"), max_length=50, blank=True, help_text="Kelas II")
    city = models.CharField(_("city"), max_length=100, blank=True, help_text="Sarolangun")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The appeal court that oversees this unit."),
    )
    chair_name = models.CharField(_("chairperson"), max_length=200, blank=True)
    chair_nip = NIPField(_("chairperson's NIP"))
    motto = models.CharField(_("motto"), max_length=200, blank=True)
    # The pks from the root down, "/1/4/9/": satkers below this one are those whose path
    # starts with it. Kept by components.signals on every save.
    tree_path = models.CharField(
        max_length=255, blank=True, editable=False, db_index=True, db_default=""
    )

    objects = SatkerManager()

    class Meta:
        verbose_name = _("unit (satker)")
        verbose_name_plural = _("units (satker)")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def file_label(self):
        """The unit in downloaded files' names: "pn-sarolangun" -> "PN-Sarolangun"."""
        return "-".join(
            part.upper() if len(part) <= 3 else part.capitalize() for part in self.slug.split("-")
        )

    def clean(self):
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A unit cannot oversee itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def ancestor_ids(self):
        """Pks from the root down to this satker (itself included)."""
        return [int(pk) for pk in self.tree_path.strip("/").split("/") if pk] or [self.pk]

    @property
    def chair_nip_display(self):
        return format_nip(self.chair_nip)


class Profile(models.Model):
    """What a person keeps about themselves: their NIP, and whether they get reminders."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    nip = NIPField(_("NIP"))
    reminders = models.BooleanField(
        _("e-mail reminders"),
        default=True,
        help_text=_(
            "Planned months not yet realized, and overdue ones, of the rows you are PIC of."
        ),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    @property
    def nip_display(self):
        return format_nip(self.nip)


class Membership(models.Model):
    """A user's role in one satker.

    Staff, team leads and chairpersons belong to their own court; an evaluator has one
    membership for each satker they are assigned to evaluate.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    satker = models.ForeignKey(
        Satker, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "satker"], name="membership_unique_user_satker"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.satker}"
