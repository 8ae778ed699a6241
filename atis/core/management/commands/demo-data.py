import random
from importlib import import_module

from django.core.management.base import CommandError
from django.db import transaction

from atis.core.commands import AtisCommand
from atis.reference.services import reference_load

# Each capability adds its own step; order follows the dependencies between apps.
STEPS = ["atis.people.demo", "atis.intake.demo", "atis.protection.demo", "atis.justice.demo",
         "atis.coordination.demo", "atis.monitoring.demo", "atis.statistics.demo"]


class Command(AtisCommand):
    help = ("Deterministic synthetic demo data: organisations, one user per role, and "
            "records for every capability. Never real persons.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", type=int, default=1, help="1 = a small office's year")

    def handle(self, *args, seed, scale, **options):
        if not 1 <= scale <= 10000:
            raise CommandError("--scale must be between 1 and 10000", returncode=2)
        rng = random.Random(seed)
        reference_load(actor="demo-data")
        self.stdout.write("Demo users (username, password, role @ organisation):")
        from atis.core import demo

        with transaction.atomic():
            users = demo.generate(rng=rng, scale=scale, out=self.stdout.write)
            for step in STEPS:
                import_module(step).generate(rng=rng, scale=scale, users=users,
                                             out=self.stdout.write)
        self.stdout.write("Demo data ready.")
