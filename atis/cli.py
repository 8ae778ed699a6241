"""The `atis` console command: `atis <django-command> [options]`."""

import os
import sys

# Commands that change the schema or grants run as the database owner role (see
# docs/admin-guide.md, "Database roles"); everything else as the application role.
OWNER_COMMANDS = {"migrate", "db", "backup", "restore"}
# Commands that serve requests keep PostgreSQL's statement timeout; the others (migrations,
# imports, reports, exports) may run long, so theirs is off unless it is set.
SERVING_COMMANDS = {"runserver", "serve"}


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atis.settings")
    from atis.config import SettingsError

    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in OWNER_COMMANDS:
        os.environ["ATIS_DATABASE_AS_OWNER"] = "1"  # ATIS_DATABASE_OWNER_URL, when set
    if not args or args[0] not in SERVING_COMMANDS:
        os.environ.setdefault("ATIS_DB_STATEMENT_TIMEOUT", "0")
    if args and args[0] == "restore":
        _throwaway_keys()
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["atis", *args])
    except SettingsError as exc:
        print(f"atis: configuration error: {exc}", file=sys.stderr)
        return 2
    return 0


def _throwaway_keys() -> None:
    """A restore reads no encrypted value, and its keys are inside the backup: it starts
    without the key settings (what it is given is used, never stored)."""
    import secrets

    from atis.config import KEY_BYTES, encode_key

    def key():
        return encode_key(secrets.token_bytes(KEY_BYTES))

    os.environ.setdefault("ATIS_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ATIS_FIELD_KEYS", f"krestore:{key()}")
    os.environ.setdefault("ATIS_BLIND_INDEX_KEY", key())
    os.environ.setdefault("ATIS_AUDIT_KEYS", f"karestore:{key()}")
    os.environ.setdefault("ATIS_ALLOWED_HOSTS", "localhost")


if __name__ == "__main__":
    sys.exit(main())
