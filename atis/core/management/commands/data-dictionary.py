from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from atis.core.datadict import render

DEFAULT = Path(__file__).resolve().parents[4] / "docs" / "data-dictionary.md"


class Command(BaseCommand):
    help = "Write the data dictionary (docs/data-dictionary.md) from the models; --check compares."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")
        parser.add_argument("--out", type=Path, default=DEFAULT)

    def handle(self, *args, check, out, **options):
        text = render()
        if check:
            if not out.exists() or out.read_text() != text:
                raise CommandError(f"{out} is out of date: run `atis data-dictionary`", returncode=1)
            return
        out.write_text(text)
        self.stdout.write(f"wrote {out}")
