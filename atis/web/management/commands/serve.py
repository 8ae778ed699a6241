"""`atis serve`: the production server (gunicorn with `atis.gunicorn_conf`), in place of
this process so that the process supervisor's signals reach it."""

import os
import shutil
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve ATIS with gunicorn (settings: ATIS_BIND, ATIS_WEB_WORKERS, ATIS_WEB_THREADS)."
    requires_system_checks = []

    def handle(self, *args, **options):
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or \
            shutil.which("gunicorn")
        if gunicorn is None:
            raise CommandError("gunicorn is not installed (pip install -r requirements/base.txt)")
        os.execv(gunicorn, [gunicorn, "--config", "python:atis.gunicorn_conf"])  # noqa: S606 (fixed arguments)
