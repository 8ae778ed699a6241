import os
import sys

from atis.config import SettingsError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atis.settings")
try:
    from django.core.asgi import get_asgi_application

    application = get_asgi_application()
except SettingsError as exc:
    print(f"atis: configuration error: {exc}", file=sys.stderr)
    sys.exit(2)
