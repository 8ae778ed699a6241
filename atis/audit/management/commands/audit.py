from django.core.management.base import BaseCommand, CommandError

from atis.audit import services


class Command(BaseCommand):
    help = "Audit trail tools. `atis audit verify` checks the whole hash chain."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        result = services.verify()
        if not result.ok:
            raise CommandError(f"audit chain broken at entry {result.broken_seq}: "
                               f"{result.problem} ({result.checked} entries verified before it)",
                               returncode=1)
        self.stdout.write(f"audit chain intact: {result.checked} entries verified")
