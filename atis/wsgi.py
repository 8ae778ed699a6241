import os
import sys

from atis.config import SettingsError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atis.settings")
try:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    from atis.core.keycheck import startup

    startup()  # a wrong or missing key: refuse to serve (one line, below)
except SettingsError as exc:
    print(f"atis: configuration error: {exc}", file=sys.stderr)
    sys.exit(2)
