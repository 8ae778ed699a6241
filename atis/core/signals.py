"""Signals that let an app announce a change to whoever derives data from it, without
knowing who does (the statistics keep facts derived from the records)."""

from django.dispatch import Signal

# Sent by bulk writers that bypass model signals (bulk_create, COPY) once their rows are
# written, with `person_ids`: the persons whose records they wrote, and `case_ids` (optional):
# the criminal cases they wrote or wrote the parties or proceedings of; the sender is the
# model written, when there is only one.
records_loaded = Signal()
