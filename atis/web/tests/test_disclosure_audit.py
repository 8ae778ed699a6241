"""No page or API answer shows personal data without leaving an audit entry.

Every encrypted field of every row of the matrix's data set is overwritten with a marker
naming its row; then every GET route of the site and of /api/v1/ is requested as each role
and anonymously. Wherever a marker comes back, the same request must have appended a
`personal.read` entry for that user and that row. A new view cannot escape this: it shows
what it decrypts, and the decryption is what is audited (`atis.audit.middleware`).
"""

import itertools

import pytest
from django.db import transaction

from atis.audit.models import AuditEntry
from atis.core.fields import EncryptedDateField, EncryptedJSONField
from atis.core.keys import encrypted_models
from atis.web.tests import access_matrix as spec
from atis.web.tests.test_access_matrix import ROUTES, request_once, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _marker_value(field, marker: str):
    if isinstance(field, EncryptedJSONField):
        return [{"type": "passport", "number": marker}] if field.name == "documents" else [marker]
    return marker


@pytest.fixture(scope="module")
def markers(world):  # noqa: F811 (the imported fixture)
    """marker → (model label, pk), planted in every audited encrypted field."""
    planted, counter = {}, itertools.count(1)
    for model, fields in encrypted_models():
        fields = [f for f in fields if f.audited and not isinstance(f, EncryptedDateField)]
        if not fields:
            continue
        for obj in model._default_manager.all():
            for f in fields:
                marker = f"QZX{next(counter):05d}XZQ"
                planted[marker] = (model._meta.label_lower, str(obj.pk))
                setattr(obj, f.attname, _marker_value(f, marker))
            obj.save(update_fields=[f.attname for f in fields])
    return planted


def _cases():
    """Every route, method and role the matrix lets through (a refused, hidden or signed-out
    request shows nothing: the matrix test holds those to their status)."""
    shows = {spec.OK, spec.REASON}
    return [pytest.param(name, method, role, id=f"{name}-{method}-{role}")
            for name, route in sorted(ROUTES.items()) if name in spec.MATRIX
            for method in route.methods if method in spec.MATRIX[name].methods
            for role, outcome in spec.MATRIX[name].methods[method].roles.items()
            if outcome in shows]


def _shown(content: bytes, markers: dict) -> set[tuple[str, str]]:
    text = content.decode("utf-8", "replace")
    return {row for marker, row in markers.items() if marker in text}


@pytest.mark.parametrize(("name", "method", "identity"), _cases())
def test_personal_data_shown_is_audited(world, markers, name, method, identity):  # noqa: F811
    with transaction.atomic():
        before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        response = request_once(world, name, method, identity)
        shown = _shown(response.content, markers)
        entries = AuditEntry.objects.filter(seq__gt=before, action="personal.read")
        audited = set(entries.values_list("object_type", "object_id"))
        actors = set(entries.values_list("actor_id", flat=True))
        transaction.set_rollback(True)
    url = response.wsgi_request.get_full_path()
    assert shown <= audited, f"{url} shows {sorted(shown - audited)} without an audit entry"
    if shown:
        assert actors == {world["users"][identity].pk}


def test_the_walk_sees_identities_where_the_policy_shows_them(world, markers):  # noqa: F811
    """The walk is meaningful: revealing an identity to the caseworker shows the planted
    name (and the entry the walk looks for is there)."""
    from atis.core.roles import Role

    person, user = world["objects"]["person"], world["users"][Role.CENTRE_CASEWORKER]
    with transaction.atomic():
        response = request_once(world, "person-identity", "POST", Role.CENTRE_CASEWORKER)
        shown = _shown(response.content, markers)
        read = AuditEntry.objects.filter(action="personal.read", actor_id=user.pk,
                                         object_type="people.personidentity",
                                         object_id=str(person.pk)).exists()
        transaction.set_rollback(True)
    assert ("people.personidentity", str(person.pk)) in shown and read
