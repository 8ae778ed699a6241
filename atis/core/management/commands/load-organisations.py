from pathlib import Path

from django.core.management.base import CommandError

from atis.core import services
from atis.core.commands import AtisCommand


class Command(AtisCommand):
    help = "Load organisations from a JSON file (default: Serbia's institutional landscape)."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=services.ORGANISATIONS_FILE)

    def handle(self, *args, file, **options):
        if not file.is_file():
            raise CommandError(f"no such file: {file}", returncode=2)
        created = services.organisations_load(actor="cli", path=file)
        self.stdout.write(f"organisations: +{created}")
