"""`atis restore FILE --identity IDENTITY --keys-to KEYS`: a backup into the configured
database, which must be empty; the backup's keys go to KEYS for the secret store."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atis.core import backup


class Command(BaseCommand):
    help = ("Restore an `atis backup` file into the configured (empty) database and check "
            "that every table has the rows it had; write the backup's keys to --keys-to.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--identity", type=Path, required=True,
                            help="The age identity file whose public key the backup was made for.")
        parser.add_argument("--keys-to", type=Path, required=True,
                            help="Where to write the backup's keys (NAME=value lines, mode 0600).")

    def handle(self, *args, file, identity, keys_to, **options):
        try:
            manifest = backup.restore(file, identity, keys_to)
        except backup.BackupError as exc:
            raise CommandError(str(exc), returncode=2) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"restored {len(manifest['tables'])} tables, {rows} rows, as they were at "
            f"{manifest['created_at']}; the keys are in {keys_to}: serve with them "
            "(ATIS_ENV_FILE or your secret store), then run `atis audit verify`")
