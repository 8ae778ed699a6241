from atis.core.commands import AtisCommand
from atis.justice import services


class Command(AtisCommand):
    help = "Daily: open the risk assessments of releases now within the window (run from cron)."

    def handle(self, *args, **options):
        opened = services.risk_assessments_open_due()
        self.stdout.write(f"risk assessments opened: {opened}")
