import sys
from pathlib import Path

from django.core.management.base import CommandError
from tqdm import tqdm

from atis.core.commands import AtisCommand
from atis.core.errors import AccessDenied
from atis.core.models import User
from atis.imports import services


class Command(AtisCommand):
    help = ("The legacy import: `atis import cases FILE --user USERNAME [--source NAME] "
            "[--dry-run]`. FILE is an XLSX workbook from the template, a ZIP of CSV files or "
            "one CSV named after its sheet. Exit status 0: imported (or checked, with "
            "--dry-run); 1: the file was refused, nothing written; 2: the command is wrong.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["cases"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True,
                            help="the Centre manager the import is done as (and recorded by)")
        parser.add_argument("--source", default=services.DEFAULT_SOURCE,
                            help="the source system's name (default: legacy)")
        parser.add_argument("--dry-run", action="store_true",
                            help="check every row and report, write nothing")

    def handle(self, *args, kind, file, user, source, dry_run, **options):
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"no active user {user}", returncode=2)
        try:
            content = file.read_bytes()
        except OSError:
            raise CommandError("the file cannot be read", returncode=2) from None
        bar = tqdm(total=0, unit=" rows", file=sys.stderr, disable=None, leave=False)
        shown = {"phase": "", "done": 0}

        def progress(phase: str, done: int, total: int) -> None:
            if shown["phase"] != phase:
                shown.update(phase=phase, done=0)
                bar.set_description(phase)
                bar.reset(total=total)
            bar.total = max(total, done)
            bar.update(done - shown["done"])
            shown["done"] = done

        try:
            run = services.import_file(actor=actor, content=content, filename=file.name,
                                       source=source, dry_run=dry_run, progress=progress)
        except AccessDenied as exc:
            raise CommandError(f"{user}: {exc.message}", returncode=2) from None
        finally:
            bar.close()
        self._report(run)

    def _report(self, run) -> None:
        result = run.result
        for sheet, counts in result["counts"].items():
            self.stdout.write(f"{sheet}: {counts['rows']} rows, {counts['new']} new, "
                              f"{counts['existing']} already imported, {counts['created']} created")
        for dup in result["duplicates"]:
            matches = ", ".join(m["pseudonym"] for m in dup["matches"])
            rows = ", ".join(str(r) for r in dup["rows"])
            self.stdout.write(f"possible duplicate: persons row {dup['row']}"
                              + (f" matches {matches}" if matches else "")
                              + (f" same as row {rows}" if rows else ""))
        if run.status == run.Status.REFUSED and all(not e["sheet"] for e in result["errors"]):
            raise CommandError(f"nothing imported: {result['errors'][0]['message']}", returncode=1)
        for error in result["errors"]:
            where = ", ".join(part for part in (
                f"sheet {error['sheet']}" if error["sheet"] else "",
                f"row {error['row']}" if error["row"] else "",
                f"column {error['column']}" if error["column"] else "") if part)
            self.stderr.write(f"{where}: {error['message']}" if where else error["message"])
        if run.status == run.Status.REFUSED:
            raise CommandError(f"nothing imported: the file has {result['error_count']} error(s) "
                               f"(checksum {run.checksum})", returncode=1)
        verb = "checked (dry run), nothing written" if run.dry_run else "imported"
        self.stdout.write(f"{verb}: {sum(c['created'] for c in result['counts'].values())} records "
                          f"created; checksum {run.checksum}; run {run.pk}")
