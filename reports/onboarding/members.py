"""Members from a table: name, NIP, e-mail, satker, role (and a username, if the court has
one). A new person gets an account without a password and an invitation to set one; a
person already in the app (by username or e-mail) gets the membership or its new role."""

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from components.models import Membership, Profile, Role, Satker

from .table import _key, read_table, require_columns

COLUMNS = {
    "name": {"name", "nama", "nama lengkap", "nama pegawai"},
    "nip": {"nip"},
    "email": {"email", "e mail", "surel", "alamat email"},
    "satker": {"satker", "unit", "satuan kerja", "satker slug", "kode satker"},
    "role": {"role", "peran", "jabatan zi", "peran zi"},
    "username": {"username", "nama pengguna", "user"},
}
LABELS = {"name": gettext_lazy("name"), "nip": "NIP", "email": gettext_lazy("e-mail"),
          "satker": "satker", "role": gettext_lazy("role")}  # fmt: skip
ROLE_NAMES = {
    Role.STAF: {"staf", "staff", "pic", "staf pic", "staff pic"},
    Role.KETUA_TIM: {"ketua tim", "ketua tim zi", "ketua tim zona integritas", "team lead",
                     "zi team lead"},
    Role.KETUA: {"ketua", "ketua pengadilan", "chairperson", "chair"},
    Role.PENILAI: {"penilai", "tpi", "evaluator", "penilai tpi"},
    Role.PENGAWAS: {"pengawas", "overseer"},
}  # fmt: skip


def role_of(text):
    key = _key(text)
    return next((role for role, names in ROLE_NAMES.items() if key in names), None)


def check_members(data):
    """The file's rows, each with its action and problems. Three queries: the satkers,
    the users, the memberships."""
    _header, found, rows = read_table(data, COLUMNS)
    require_columns(found, ["name", "email", "satker", "role"], LABELS)
    satkers = {s.slug: s for s in Satker.objects.only("pk", "slug", "name")}
    by_name = {s.name.lower(): s for s in satkers.values()}
    users = get_user_model().objects.only("pk", "username", "email")
    by_username = {u.username.lower(): u for u in users}
    by_email = {u.email.lower(): u for u in by_username.values() if u.email}
    memberships = {
        (user, satker): role
        for user, satker, role in Membership.objects.values_list("user", "satker", "role")
    }
    seen = {}
    for row in rows:
        _check_member(row, satkers, by_name, by_username, by_email, memberships, seen)
    return rows


def _check_member(row, satkers, by_name, by_username, by_email, memberships, seen):
    values, problems = row.values, row.problems
    if not values["name"]:
        problems.append(_("The name is empty."))
    try:
        validate_email(values["email"])
    except ValidationError:
        problems.append(_("%(email)s is not an e-mail address.") % {"email": values["email"]})
    nip = re.sub(r"\s+", "", values.get("nip", ""))
    if nip and not re.fullmatch(r"\d{18}", nip):
        problems.append(_("An NIP has 18 digits: %(nip)s") % {"nip": values["nip"]})
    values["nip"] = nip
    satker = satkers.get(values["satker"]) or by_name.get(values["satker"].lower())
    if satker is None:
        problems.append(_("Satker %(satker)s is not in the app.") % {"satker": values["satker"]})
    role = role_of(values["role"])
    if role is None:
        problems.append(_("Unknown role %(role)s; use staf, ketua tim, ketua, penilai or "
                          "pengawas.") % {"role": values["role"]})  # fmt: skip
    user = by_username.get(values.get("username", "").lower()) or by_email.get(
        values["email"].lower()
    )
    if user is not None and user.email and user.email.lower() != values["email"].lower():
        problems.append(_("Username %(username)s belongs to someone with another e-mail.")
                        % {"username": user.username})  # fmt: skip
    key = (values["email"].lower(), satker.slug if satker else "")
    if key in seen:
        problems.append(_("The same person and satker are also on row %(row)s.")
                        % {"row": seen[key]})  # fmt: skip
    seen.setdefault(key, row.number)
    values.update(satker_slug=satker.slug if satker else "", role_code=role or "",
                  user_pk=user.pk if user else None)  # fmt: skip
    if user is None:
        row.action = "create"
    elif satker is not None and (user.pk, satker.pk) in memberships:
        row.action = "unchanged" if memberships[(user.pk, satker.pk)] == role else "update"
    else:
        row.action = "add"
    row.shown = {"name": values["name"], "email": values["email"], "nip": nip,
                 "satker": satker.name if satker else values["satker"],
                 "role": Role(role).label if role else values["role"]}  # fmt: skip


def _username(values, taken):
    base = values.get("username") or values["nip"] or values["email"].split("@")[0]
    base = slugify(base)[:140] or "pengguna"
    name, counter = base, 2
    while name.lower() in taken:
        name, counter = f"{base}-{counter}", counter + 1
    taken.add(name.lower())
    return name


def apply_members(rows):
    """Write the checked rows in one transaction; returns the users created."""
    User = get_user_model()
    created = []
    with transaction.atomic():
        taken = {name.lower() for name in User.objects.values_list("username", flat=True)}
        satkers = {s.slug: s for s in Satker.objects.all()}
        for row in rows:
            values = row.values
            user = User.objects.filter(pk=values["user_pk"]).first() if values["user_pk"] else None
            if user is None:
                user = User(username=_username(values, taken), email=values["email"],
                            first_name=values["name"][:150])  # fmt: skip
                user.set_unusable_password()
                user.save()
                created.append(user)
            if values["nip"]:
                Profile.objects.update_or_create(user=user, defaults={"nip": values["nip"]})
            Membership.objects.update_or_create(
                user=user, satker=satkers[values["satker_slug"]],
                defaults={"role": values["role_code"]},
            )  # fmt: skip
    return created


def invitation_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("invitation", args=[uid, token])
    return settings.SITE_URL.rstrip("/") + path


def invite(users):
    """E-mail each user a one-time link to set their password (valid for
    PASSWORD_RESET_TIMEOUT; it stops working once the password is set). Returns the
    number sent."""
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            if not user.email:
                continue
            body = _(
                "Hello %(name)s,\n\nAn account on ZI Tracker has been made for you "
                "(username: %(username)s). Set your password with this link, which works "
                "once:\n\n%(url)s\n\nZI Tracker"
            ) % {"name": user.get_full_name() or user.username, "username": user.username,
                 "url": invitation_url(user)}  # fmt: skip
            send_mail(_("Your ZI Tracker account"), body, None, [user.email])
            sent += 1
    return sent
