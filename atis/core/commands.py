from django.core.management.base import BaseCommand, CommandError

from atis.core.errors import DomainError


class AtisCommand(BaseCommand):
    """A management command whose refused input ends in one line and exit status 2."""

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from None
