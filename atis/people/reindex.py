"""`atis keys reindex` for persons: recompute the blind-index rows of every person whose
rows were made under another blind-index key or an older folding (`FOLD_SCHEME`), from the
decrypted identity.

Persons are taken in batches of ascending id, each batch in one transaction with the
identities locked (`select_for_update`, as identity edits do), so an edit cannot interleave
with its person's new rows. A person whose rows are all current is skipped: re-running
after an interruption continues where it stopped. Persons without any index row are
recomputed each time (their names may have folded to nothing before).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from atis.core import crypto
from atis.people.identifiers import FOLD_SCHEME, index_rows
from atis.people.models import IdentifierIndex, PersonIdentity

IDENTITY_FIELDS = ("given_name", "family_name", "aliases", "date_of_birth", "documents", "phones")


@dataclass
class ReindexReport:
    persons: int = 0
    rows: int = 0
    stale: int = 0  # rows still not under the active key and scheme at the end


def _not_current(active: str):
    return ~Q(key_id=active, scheme=FOLD_SCHEME)


def to_do(active: str):
    """Identities whose person has a stale index row or none at all."""
    rows = IdentifierIndex.objects.filter(person=OuterRef("person_id"))
    return (PersonIdentity.objects
            .filter(Exists(rows.filter(_not_current(active))) | ~Exists(rows))
            .order_by("person_id"))


def reindex(batch: int = 500) -> ReindexReport:
    report, active, last = ReindexReport(), crypto.blind_keys()[0].key_id, None
    while True:
        pending = to_do(active)
        if last is not None:
            pending = pending.filter(person_id__gt=last)
        ids = list(pending.values_list("person_id", flat=True)[:batch])
        if not ids:
            break
        with transaction.atomic():
            fresh = []
            for identity in (PersonIdentity.objects.select_for_update()
                             .filter(person_id__in=ids).only("person_id", *IDENTITY_FIELDS)):
                values = {name: getattr(identity, name) for name in IDENTITY_FIELDS}
                for row in index_rows(None, values):
                    row.person_id = identity.person_id
                    fresh.append(row)
            IdentifierIndex.objects.filter(person_id__in=ids).delete()
            IdentifierIndex.objects.bulk_create(fresh)
        report.persons += len(ids)
        report.rows += len(fresh)
        last = ids[-1]
    report.stale = IdentifierIndex.objects.filter(_not_current(active)).count()
    return report
