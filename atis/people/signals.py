"""What the people app tells the apps that depend on it (it knows none of them)."""

from django.dispatch import Signal

# A case was transferred (`services.case_reassign`), inside its transaction. Arguments:
# person, user (the new caseworker, or None when the case went to a team), team, actor.
case_reassigned = Signal()
