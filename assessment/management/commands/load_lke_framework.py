"""Load an LKE framework from the official workbook (90/2021) or PortalRB's JSON (2026).

    python manage.py load_lke_framework FILE --code CODE [--name NAME]
    python manage.py load_lke_framework --builtin

A framework that an assessment uses is never changed: loading the same code again stores a
new version, which new assessments use. --builtin loads the two that ship with the app
(fixtures/lke/) unless they are already there.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessment.loaders import FrameworkError, read_framework, store_framework
from assessment.models import LkeFramework

BUILTIN = [
    ("90/2021", "PermenPANRB 90/2021 (LKE Zona Integritas)", "fixtures/lke/lke-90-2021.xlsx"),
    ("2026", "LKE Zona Integritas 2026 (PortalRB)", "fixtures/lke/lke-zi-2026.json"),
]


class Command(BaseCommand):
    help = "Load an LKE framework (a new version if the code exists); --builtin: the shipped ones."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the official workbook (.xlsx) or JSON")
        parser.add_argument("--code", help='the code, such as "90/2021"')
        parser.add_argument("--name", default="", help="a name to show")
        parser.add_argument("--builtin", action="store_true", help="load the shipped ones")

    def handle(self, *args, file, code, name, builtin, **options):
        if builtin:
            for builtin_code, builtin_name, path in BUILTIN:
                if LkeFramework.objects.filter(code=builtin_code).exists():
                    continue
                self._load(Path(settings.BASE_DIR) / path, builtin_code, builtin_name)
            return
        if not file or not code:
            raise CommandError("Give FILE and --code, or --builtin.")
        self._load(Path(file), code, name or f"LKE {code}")

    def _load(self, path, code, name):
        try:
            roots, data = read_framework(path)
        except (OSError, FrameworkError) as error:
            raise CommandError(f"{path}: {error}") from None
        framework = store_framework(roots, code=code, name=name, source=path.name, data=data)
        nodes = framework.nodes.count()
        self.stdout.write(f"Loaded {framework} from {path.name}: {nodes} nodes.")
