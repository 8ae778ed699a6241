from pathlib import Path

from django.core.management.base import CommandError

from atis.core.commands import AtisCommand
from atis.intake import services


class Command(AtisCommand):
    help = "Load indicator checklists; a changed list becomes a new version."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=services.CHECKLISTS_FILE)

    def handle(self, *args, file, **options):
        if not file.is_file():
            raise CommandError(f"no such file: {file}", returncode=2)
        result = services.checklists_load(actor="cli", path=file)
        self.stdout.write(f"checklists: +{result['created']} new, {result['revised']} revised")
