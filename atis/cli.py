"""The `atis` console command: `atis <django-command> [options]`."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atis.settings")
    from atis.config import SettingsError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["atis", *(sys.argv[1:] if argv is None else argv)])
    except SettingsError as exc:
        print(f"atis: configuration error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
