from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atis.audit import services


class Command(BaseCommand):
    help = ("Audit trail tools. `atis audit verify` checks the whole chain against the audit "
            "key, its head and every signed checkpoint; `atis audit checkpoint` writes a "
            "signed checkpoint of the chain's end (run it on a schedule, ship the directory "
            "elsewhere) and prints a line for an external witness; `atis audit seal` chains "
            "the entries written since (run it every few seconds: requests seal after "
            "commit when no other sealer is busy, this catches what they leave).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "checkpoint", "seal"])
        parser.add_argument("--checkpoints", type=Path, metavar="DIR",
                            help="the checkpoint directory (default: ATIS_AUDIT_CHECKPOINT_DIR)")

    def handle(self, *args, **options):
        if options["action"] == "checkpoint":
            return self.checkpoint(options["checkpoints"])
        if options["action"] == "seal":
            self.stdout.write(f"sealed {services.seal()} audit entries")
            return None
        result = services.verify(checkpoints=options["checkpoints"])
        if not result.ok:
            where = (f"audit chain broken at entry {result.broken_seq}"
                     if result.broken_seq is not None else "audit verification failed")
            raise CommandError(f"{where}: {result.problem} "
                               f"({result.checked} entries verified before it)", returncode=1)
        self.stdout.write(f"audit chain intact: {result.checked} entries verified, "
                          f"{result.checkpoints} checkpoints matched")

    def checkpoint(self, directory):
        try:
            mark, path = services.checkpoint("cli:checkpoint", directory=directory)
        except services.CheckpointError as exc:
            raise CommandError(str(exc), returncode=1) from None
        self.stderr.write(f"checkpoint written to {path}")
        self.stdout.write(mark.witness_line())
