"""`atis backup FILE`: the database and its keys in one file, encrypted with age to the
operator's recipients; `atis backup --new-identity FILE` makes a key pair for that."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atis.core import backup


class Command(BaseCommand):
    help = ("Write an encrypted backup (database and keys) to FILE, for the age recipients "
            "given with --recipient or in ATIS_BACKUP_RECIPIENTS (comma-separated). "
            "--new-identity FILE writes a new age identity and prints its recipient.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--recipient", action="append", default=[],
                            help="An age public key (age1…); may be repeated.")
        parser.add_argument("--new-identity", type=Path, metavar="FILE",
                            help="Write a new age identity to FILE (mode 0600) and print its "
                                 "public key: keep FILE away from the backups.")

    def handle(self, *args, file, recipient, new_identity, **options):
        if new_identity is not None:
            return self._new_identity(new_identity)
        if file is None:
            raise CommandError("name the backup file to write", returncode=2)
        given = recipient or os.environ.get("ATIS_BACKUP_RECIPIENTS", "").split(",")
        try:
            manifest = backup.backup(file, backup.recipients_from(given))
        except backup.BackupError as exc:
            raise CommandError(str(exc), returncode=2) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"backup written to {file}: {len(manifest['tables'])} tables, "
                          f"{rows} rows, with the keys, encrypted")

    def _new_identity(self, path: Path):
        from pyrage import x25519

        identity = x25519.Identity.generate()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise CommandError(f"{path} exists already", returncode=2) from None
        with os.fdopen(fd, "w") as fh:
            fh.write(f"# public key: {identity.to_public()}\n{identity}\n")
        self.stdout.write(str(identity.to_public()))
