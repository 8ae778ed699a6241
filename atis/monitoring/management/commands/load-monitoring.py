from atis.core.commands import AtisCommand
from atis.monitoring import loaders


class Command(AtisCommand):
    help = ("Load the shipped monitoring datasets: the Strategy 2017–2022 with its Action Plan "
            "2017–2018, and the National Rapporteur's recommendations with their assessments. "
            "What is already loaded is left alone.")

    def handle(self, *args, **options):
        documents = loaders.strategy_load(actor="cli")
        recommendations = loaders.recommendations_load(actor="cli")
        self.stdout.write(f"strategic documents: +{documents}; recommendations: +{recommendations}")
