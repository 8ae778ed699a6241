from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from atis import config
from atis.audit import services as audit
from atis.core import keys


class Command(BaseCommand):
    help = ("Field-encryption keys. `status`: values per key; `generate`: print a new key for "
            "ATIS_FIELD_KEYS; `rotate`: re-encrypt everything under the first key (in "
            "development a new key is created in var/dev-keys.json first).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "generate", "rotate"])

    def handle(self, *args, action, **options):
        getattr(self, action)()

    def status(self):
        report = keys.key_status()
        self.stdout.write(f"active key: {settings.FIELD_KEYS[0].key_id}")
        for key_id, count in sorted(report.by_key.items()):
            self.stdout.write(f"  {key_id}: {count} values")
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
        active = settings.FIELD_KEYS[0].key_id
        rows = keys.reencrypt_all()
        report = keys.key_status()
        stale = {k: n for k, n in report.by_key.items() if k != active}
        if report.unreadable or stale:
            raise CommandError(f"rotation incomplete: {len(report.unreadable)} unreadable, "
                               f"{sum(stale.values())} still under old keys; old keys kept",
                               returncode=1)
        if config.keys_from_dev_file():
            data = config.load_dev_keys()
            data["field_keys"] = config.format_field_keys([settings.FIELD_KEYS[0]])
            config.write_dev_keys(data)
        audit.record("cli", "keys.rotate", None, active_key=active, rows=rows,
                     values=report.values)
        self.stdout.write(f"re-encrypted {rows} rows; all {report.values} values read back "
                          f"under key {active}")
        retired = [k.key_id for k in old if k.key_id != active]
        if retired and not config.keys_from_dev_file():
            self.stdout.write(f"no value uses {', '.join(retired)} any more: remove it from "
                              "ATIS_FIELD_KEYS and restart the application")
