"""The search app's part of the access policy (atis.core.access): who may look persons up
by name and date of birth. Registered from SearchConfig.ready().

Searching by pseudonym, report reference or case number needs no action of its own: each
kind of result comes from its app's visibility rule, so a role finds exactly the records
it could open. A name search is different: its answer links a name to a pseudonym, which
only the Centre may learn (the Centre's roles are the roles whose policy shows identities
for their cases, `person.view_identity`; the partner and the Shelter see an identity only
person by person, so they are not given a search over identities)."""

from atis.core import access
from atis.core.roles import CENTRE_ROLES

ACTIONS = {
    "search.by_name": CENTRE_ROLES,
}


def register() -> None:
    access.register_actions("search", ACTIONS)
