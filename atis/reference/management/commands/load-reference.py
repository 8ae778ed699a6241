from django.core.management.base import BaseCommand

from atis.reference.services import reference_load


class Command(BaseCommand):
    help = "Load the shipped code lists (new codes only; --update-labels overwrites labels)."

    def add_arguments(self, parser):
        parser.add_argument("--update-labels", action="store_true")

    def handle(self, *args, update_labels, **options):
        result = reference_load(actor="cli", update_labels=update_labels)
        self.stdout.write("reference data: " + ", ".join(f"{k} +{v}" for k, v in result.items()))
