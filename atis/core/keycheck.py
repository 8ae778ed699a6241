"""Start-up refusal of a wrong or missing key (see `atis.core.keys.key_problems`).

* `atis check` (and every management command that runs the system checks, `runserver`
  included) reports each problem as an error `atis.E201`, one line each;
* the WSGI entry (`atis.wsgi`) stores check values for keys used for the first time, then
  refuses to start with one line naming the setting and the key id;
* after `migrate`, check values are stored for the configured keys.

The check reads the database; before the first `migrate` (no table yet) it has nothing to
compare and passes.
"""

from django.core import checks
from django.db import DatabaseError, connection
from django.db.models.signals import post_migrate

from atis.config import SettingsError

TABLE = "core_keycanary"


def _table_exists() -> bool:
    try:
        return TABLE in connection.introspection.table_names()
    except DatabaseError:
        return False


@checks.register("atis_keys")
def check_keys(app_configs=None, **kwargs):
    from atis.core.keys import key_problems

    if not _table_exists():
        return []
    try:
        problems = key_problems()
    except DatabaseError:
        return []
    return [checks.Error(problem, hint="see docs/admin-guide.md, \"Keys and rotation\"", id="atis.E201")
            for problem in problems]


def startup() -> None:
    """Refuse to serve with a wrong or missing key: raises SettingsError (one line)."""
    from atis.core.keys import ensure_canaries, key_problems

    if not _table_exists():
        return
    problems = key_problems()
    if problems:
        raise SettingsError(problems[0])
    ensure_canaries()


def _after_migrate(sender, **kwargs):
    from atis.core.keys import ensure_canaries, key_problems

    if getattr(sender, "label", None) != "core" or not _table_exists():
        return
    if not key_problems():
        ensure_canaries()


post_migrate.connect(_after_migrate, dispatch_uid="atis.keycheck.after_migrate")
