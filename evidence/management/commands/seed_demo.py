"""Load PN Sarolangun's 2021 plan and create the demo accounts.

Running it again changes nothing in the plan and resets the demo accounts to their demo
state (names, roles, and the password it prints, so the printed password always works).
The plan fixture is loaded only when the plan is missing, because loading it again would
overwrite the months realized since; the frameworks only when they are missing. It never
touches an account it did not create: demo accounts carry a @demo.invalid e-mail address.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from components.models import Framework, Indicator, Membership, Plan, Role, Satker
from evidence.services import assign_pic
from zi_tracker.signals import demo_seeded

SATKER, YEAR = "pn-sarolangun", 2021
DEFAULT_PASSWORD = "zi-demo-2021"

# The Django groups that mirror the roles (the evidence issue gives them their rules).
ROLE_GROUPS = {
    Role.STAF: "Staf",
    Role.KETUA_TIM: "Ketua Tim ZI",
    Role.KETUA: "Ketua Pengadilan",
    Role.PENILAI: "Penilai",
}

# Indicators the demo's staff member is PIC of.
DEMO_PIC_INDICATORS = [(1, 1), (1, 2), (1, 3), (1, 4), (6, 3)]

DEMO_USERS = [
    # username, full name, role (None: the superuser)
    ("admin", "Administrator", None),
    ("staf", "Staf PN Sarolangun", Role.STAF),
    ("ketua-tim", "Ketua Tim ZI PN Sarolangun", Role.KETUA_TIM),
    ("ketua", "Ketua PN Sarolangun", Role.KETUA),
    ("penilai", "Penilai PT Jambi", Role.PENILAI),
]


class Command(BaseCommand):
    help = "Load the PN Sarolangun 2021 plan and create the demo accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="demo accounts' password")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="create the demo accounts even though DEBUG is off",
        )

    def handle(self, *args, password, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: demo accounts with a known password do not belong on a "
                "production server. Pass --allow-production to create them anyway."
            )
        with transaction.atomic():
            if Framework.objects.filter(code__in=["52/2014", "90/2021"]).count() < 2:
                self._load("frameworks.json")
            if not Plan.objects.filter(satker__slug=SATKER, year=YEAR).exists():
                self._load("pn-sarolangun-2021.json")
            satker = Satker.objects.get(slug=SATKER)
            users = {
                username: self._demo_user(username, full_name, role, satker, password)
                for username, full_name, role in DEMO_USERS
            }
            self._demo_pics(satker, users)
            demo_seeded.send(sender=self.__class__, satker=satker, year=YEAR, users=users)

        self.stdout.write(self.style.SUCCESS(f"{satker.name} {YEAR} is loaded. Demo accounts:"))
        for username, _full_name, role in DEMO_USERS:
            label = ROLE_GROUPS[role] if role else "superuser"
            self.stdout.write(f"  {username:<10} {label}")
        self.stdout.write(f"Password for every demo account: {password}")

    def _load(self, fixture):
        call_command("loaddata", settings.BASE_DIR / "fixtures" / fixture, verbosity=0)

    def _demo_user(self, username, full_name, role, satker, password):
        User = get_user_model()
        email = f"{username}@demo.invalid"
        existing = User.objects.filter(username=username).first()
        if existing is not None and existing.email != email:
            raise CommandError(
                f"An account named {username!r} exists and is not a demo account; seed_demo "
                "leaves real accounts alone. Rename it, or load the fixtures without demo "
                "accounts (see README)."
            )
        first, _, last = full_name.partition(" ")
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "email": email,
                "first_name": first,
                "last_name": last,
                "is_staff": role is None,
                "is_superuser": role is None,
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        if role:
            group, _ = Group.objects.get_or_create(name=ROLE_GROUPS[role])
            user.groups.add(group)
            Membership.objects.update_or_create(user=user, satker=satker, defaults={"role": role})
        return user

    def _demo_pics(self, satker, users):
        """Make `staf` PIC of the change-management indicators and 6.3, so the demo can upload."""
        plan = Plan.objects.get(satker=satker, year=YEAR)
        for component, number in DEMO_PIC_INDICATORS:
            indicator = Indicator.objects.get(
                component__plan=plan, component__number=component, number=number
            )
            assign_pic(
                plan=plan,
                indicator=indicator,
                step=None,
                person=users["staf"],
                user=users["ketua-tim"],
            )
