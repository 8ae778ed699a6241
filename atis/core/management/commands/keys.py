from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from atis import config
from atis.audit import services as audit
from atis.core import crypto, keys


class Command(BaseCommand):
    help = ("Encryption and blind-index keys. `status`: values per key, every value read "
            "back; `generate`: print a new key for ATIS_FIELD_KEYS or ATIS_BLIND_INDEX_KEY; "
            "`rotate`: re-encrypt everything under the first field key (in development a new "
            "key is created in var/dev-keys.json first); `reindex`: recompute every blind "
            "index under the first blind-index key; `check`: compare the keys with their "
            "check values.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "generate", "rotate", "reindex", "check"])
        parser.add_argument("--batch", type=int, default=keys.BATCH,
                            help="Rows per transaction (rotate, reindex).")

    def handle(self, *args, action, batch, **options):
        if batch < 1:
            raise CommandError("--batch must be at least 1")
        self.batch = batch
        if action not in ("generate", "status"):
            self._refuse_wrong_keys()
        # `check` is also BaseCommand's system-check method: the action runs `verify`.
        getattr(self, "verify" if action == "check" else action)()

    def _refuse_wrong_keys(self):
        problems = keys.key_problems()
        if problems:
            raise CommandError(problems[0], returncode=2)

    def verify(self):
        keys.ensure_canaries()
        self.stdout.write("every configured key matches its check value")

    def status(self):
        for problem in keys.key_problems():
            self.stderr.write(problem)
        report = keys.key_status()
        active = settings.FIELD_KEYS[0].key_id
        self.stdout.write(f"active key: {active}")
        for key_id, count in sorted(report.by_key.items()):
            self.stdout.write(f"  {key_id}: {count} values")
        if report.legacy:
            self.stdout.write(f"  {report.legacy} values bound to their column only (v1): "
                              "`atis keys rotate` binds them to their row")
        if report.unreadable:
            raise CommandError(f"{len(report.unreadable)} values cannot be decrypted, first: "
                               f"{report.unreadable[0]}", returncode=1)
        self.stdout.write(f"{report.values} values, all readable")

    def generate(self):
        self.stdout.write(config.format_field_keys([keys.new_key()]))

    def rotate(self):
        old = list(settings.FIELD_KEYS)
        if config.keys_from_dev_file():
            # The key file gets the new key before any value uses it, so an interrupted
            # rotation never leaves a value under a key that is written nowhere.
            data = config.load_dev_keys()
            rotated = [keys.new_key(), *old]
            data["field_keys"] = config.format_field_keys(rotated)
            config.write_dev_keys(data)
            keys.use_keys(rotated)
        keys.ensure_canaries()
        active = settings.FIELD_KEYS[0].key_id
        done = keys.reencrypt_all(batch=self.batch)
        report = keys.key_status()
        stale = report.not_current(active)
        if report.unreadable or stale:
            first = f", first unreadable: {report.unreadable[0]}" if report.unreadable else ""
            raise CommandError(f"rotation incomplete: {len(report.unreadable)} unreadable, "
                               f"{stale} not yet under key {active}{first}; old keys kept, "
                               "run `atis keys rotate` again", returncode=1)
        retired = keys.retire_canaries("field", keep=active)
        if config.keys_from_dev_file():
            data = config.load_dev_keys()
            data["field_keys"] = config.format_field_keys([settings.FIELD_KEYS[0]])
            config.write_dev_keys(data)
        audit.record("cli", "keys.rotate", None, active_key=active, rows=done.rows,
                     values=report.values, conflicts=done.conflicts)
        self.stdout.write(f"re-encrypted {done.values} values in {done.rows} rows "
                          f"({done.conflicts} edited meanwhile, taken up again); all "
                          f"{report.values} values read back under key {active}")
        retired = sorted(set(retired) | {k.key_id for k in old if k.key_id != active})
        if retired and not config.keys_from_dev_file():
            self.stdout.write(f"no value uses {', '.join(retired)} any more: remove it from "
                              "ATIS_FIELD_KEYS and restart the application")

    def reindex(self):
        keys.ensure_canaries()
        active = crypto.blind_keys()[0].key_id
        persons = rows = stale = 0
        for name in keys.REINDEXERS:
            result = import_module(name).reindex(batch=self.batch)
            persons += result.persons
            rows += result.rows
            stale += result.stale
        if stale:
            raise CommandError(f"re-index incomplete: {stale} index rows not under key {active} "
                               "or an older folding; run `atis keys reindex` again",
                               returncode=1)
        retired = keys.retire_canaries("blind", keep=active)
        audit.record("cli", "keys.reindex", None, active_key=active, persons=persons, rows=rows)
        self.stdout.write(f"re-indexed {persons} persons ({rows} index rows); every index row "
                          f"is under key {active}")
        others = sorted({k.key_id for k in crypto.blind_keys()[1:]} | set(retired))
        if others:
            self.stdout.write(f"no index row uses {', '.join(others)} any more: remove it from "
                              "ATIS_BLIND_INDEX_KEY and restart the application")
