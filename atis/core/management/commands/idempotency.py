from atis.core import idempotency
from atis.core.commands import AtisCommand


class Command(AtisCommand):
    help = ("Idempotency keys of the API. `purge`: delete the answers kept longer than "
            "ATIS_IDEMPOTENCY_HOURS (run daily from cron).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["purge"])

    def handle(self, *args, action, **options):
        self.stdout.write(f"expired idempotency records deleted: {idempotency.purge_expired()}")
