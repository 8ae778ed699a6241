import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from atis.core import years
from atis.core.commands import AtisCommand
from atis.statistics import exports


class Command(AtisCommand):
    help = ("The annual report: `atis report annual --year YYYY --format json|csv|xlsx|html|pdf "
            "[--published] [--language en|sr-latn|sr] [--out FILE]`.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=["annual"])
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=exports.FORMATS, default="json")
        parser.add_argument("--published", action="store_true",
                            help="apply disclosure control (for publication)")
        parser.add_argument("--language", choices=["en", "sr-latn", "sr"], default="en")
        parser.add_argument("--out", type=Path)

    def handle(self, *args, kind, year, format, published, language, out, **options):
        if not settings.FIRST_YEAR <= year <= years.last_year():
            raise CommandError(f"--year must be between {settings.FIRST_YEAR} and "
                               f"{years.last_year()}", returncode=2)
        try:
            content, _type = exports.render(year, format, published=published, language=language,
                                            fresh=True)
        except exports.PdfUnavailable:
            raise CommandError("PDF output needs the Pango libraries (apt-get install "
                               "libpango-1.0-0 libpangoft2-1.0-0)", returncode=2) from None
        from atis.audit import services as audit

        audit.record("cli", "statistics.export", None, year=year, format=format,
                     edition="published" if published else "internal")
        if out:
            out.write_bytes(content)
            self.stdout.write(f"wrote {out}")
        else:
            sys.stdout.buffer.write(content)
