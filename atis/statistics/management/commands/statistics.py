from atis.core.commands import AtisCommand
from atis.statistics import facts


class Command(AtisCommand):
    help = ("`atis statistics rebuild`: recompute the statistics facts from the records (after "
            "a restore, or a load that bypassed the services).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"])

    def handle(self, *args, action, **options):
        from atis.audit import services as audit

        counts = facts.rebuild()
        audit.record("cli", "statistics.rebuild", None, **counts)
        self.stdout.write("statistics facts rebuilt: " + ", ".join(
            f"{kind} {n:,}" for kind, n in counts.items()))
