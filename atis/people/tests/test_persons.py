import datetime
import re

import pytest
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core.errors import AccessDenied, DomainError
from atis.core.roles import Role
from atis.people import selectors, services
from atis.people.models import CaseAssignment, IdentifierIndex, Person, PersonIdentity


def test_new_person_gets_the_next_pseudonym_of_the_year(make_person):
    first, second = make_person(), make_person()
    year = timezone.localdate().year
    assert re.fullmatch(rf"V-{year}-\d{{4}}", first.pseudonym)
    assert int(second.pseudonym[-4:]) == int(first.pseudonym[-4:]) + 1


def test_caseworker_who_records_a_person_is_assigned_and_it_is_audited(make_user, make_person):
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    person = make_person(actor=caseworker)
    assert CaseAssignment.objects.filter(person=person, user=caseworker, active=True).exists()
    entry = AuditEntry.objects.get(action="person.create", case_ref=person.pseudonym)
    assert entry.actor_id == caseworker.pk


def test_birth_year_is_derived_from_the_date_of_birth(make_person):
    person = make_person(identity={"given_name": "Ana", "date_of_birth": datetime.date(2009, 5, 1)})
    assert person.birth_year == 2009


@pytest.mark.parametrize("kwargs, field", [
    ({"sex": "robot"}, "sex"),
    ({"citizenships": ["XX"]}, "citizenships"),
    ({"languages": ["zz"]}, "languages"),
    ({"birth_year": 1850}, "birth_year"),
    ({"identity": {"given_name": "A" * 101}}, "given_name"),
    ({"identity": {"date_of_birth": timezone.localdate() + datetime.timedelta(days=1)}},
     "date_of_birth"),
    ({"identity": {"date_of_birth": datetime.date(2001, 1, 1)}, "birth_year": 2002}, "birth_year"),
    ({"identity": {"documents": [{"type": "passport", "number": ""}]}}, "documents"),
    ({"identity": {"documents": [{"type": "library_card", "number": "1"}]}}, "documents"),
    ({"identity": {"phones": ["1" * 41]}}, "phones"),
    ({"identity": {"eye_colour": "green"}}, "identity"),
])
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(make_user, kwargs, field):
    actor = make_user(Role.CENTRE_CASEWORKER)
    counts = (Person.objects.count(), PersonIdentity.objects.count(), AuditEntry.objects.count())
    kwargs.setdefault("sex", "female")
    with pytest.raises(DomainError) as exc:
        services.person_create(actor=actor, **kwargs)
    assert field in exc.value.fields
    assert (Person.objects.count(), PersonIdentity.objects.count(),
            AuditEntry.objects.count()) == counts


@pytest.mark.parametrize("role", [r for r in Role if r not in (Role.CENTRE_CASEWORKER,
                                                                Role.CENTRE_MANAGER)])
def test_only_the_centre_records_persons_directly(make_user, role):
    with pytest.raises(AccessDenied):
        services.person_create(actor=make_user(role), sex="female")


@pytest.mark.parametrize("probe", [
    {"given_name": "Djordje", "family_name": "Djordjevic"},
    {"given_name": "Ђорђе", "family_name": "Ђорђевић"},
    {"given_name": "ĐORĐEVIĆ", "family_name": "Đorđe"},
])
def test_duplicate_warning_folds_spelling_script_and_order(make_user, make_person, probe):
    manager = make_user(Role.CENTRE_MANAGER)
    person = make_person(identity={"given_name": "Đorđe", "family_name": "Đorđević"})
    make_person(identity={"given_name": "Marko", "family_name": "Marković"})
    matches = selectors.likely_duplicates(user=manager, **probe)
    assert [(p.pk, kinds) for p, kinds in matches] == [(person.pk, ["name"])]


def test_stronger_matches_come_first(make_user, make_person):
    manager = make_user(Role.CENTRE_MANAGER)
    dob = datetime.date(2000, 1, 2)
    same_name = make_person(identity={"given_name": "Ana", "family_name": "Ilić"})
    same_person = make_person(identity={"given_name": "Ana", "family_name": "Ilić",
                                        "date_of_birth": dob, "phones": ["+381 63 555 1234"],
                                        "documents": [{"type": "passport", "number": "P 123"}]})
    matches = selectors.likely_duplicates(user=manager, given_name="ana", family_name="ilic",
                                          date_of_birth=dob, phones=["063 5551234"],
                                          documents=[{"number": "p123"}])
    assert [p.pk for p, _ in matches] == [same_person.pk, same_name.pk]
    assert matches[0][1] == ["document", "name", "name_birth", "phone"]


def test_duplicate_check_is_for_the_centre_only(make_user):
    with pytest.raises(AccessDenied):
        selectors.likely_duplicates(user=make_user(Role.REPORTER), given_name="Ana")


def test_identity_update_reindexes(make_user, make_person):
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    person = make_person(actor=caseworker)
    services.person_update_identity(actor=caseworker, person=person,
                                    identity={"family_name": "Lukić", "aliases": ["Ani"]})
    identity = PersonIdentity.objects.get(person=person)
    assert (identity.given_name, identity.family_name, identity.aliases) == ("Ana", "Lukić", ["Ani"])
    found = selectors.likely_duplicates(user=caseworker, given_name="Ana", family_name="Lukic")
    assert [p.pk for p, _ in found] == [person.pk]
    assert not selectors.likely_duplicates(user=caseworker, given_name="Ana",
                                           family_name="Jovanović")
    assert IdentifierIndex.objects.filter(person=person, kind="name").count() == 2


def test_reading_an_identity_is_audited(make_user, make_person):
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    person = make_person(actor=caseworker)
    identity = selectors.person_identity(user=caseworker, person=person)
    assert identity.family_name == "Jovanović"
    entry = AuditEntry.objects.filter(action="person.view_identity").latest("seq")
    assert entry.case_ref == person.pseudonym and entry.details == {"break_glass": False}


def test_manager_outside_caseload_must_give_a_reason(make_user, make_person):
    manager = make_user(Role.CENTRE_MANAGER)
    person = make_person()
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError) as exc:
        selectors.person_identity(user=manager, person=person)
    assert "reason" in exc.value.fields and AuditEntry.objects.count() == before
    selectors.person_identity(user=manager, person=person, reason="Court order 12/2026")
    entry = AuditEntry.objects.latest("seq")
    assert entry.reason == "Court order 12/2026" and entry.details == {"break_glass": True}


def test_assignment_gives_a_caseworker_the_case(make_user, make_person):
    manager = make_user(Role.CENTRE_MANAGER)
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    person = make_person()
    assert not selectors.person_list(user=caseworker).filter(pk=person.pk).exists()
    services.person_assign(actor=manager, person=person, user=caseworker)
    assert selectors.person_list(user=caseworker).filter(pk=person.pk).exists()
    with pytest.raises(DomainError):
        services.person_assign(actor=manager, person=person, user=make_user(Role.POLICE_OFFICER))
    with pytest.raises(AccessDenied):
        services.person_assign(actor=caseworker, person=person, user=caseworker)


def test_bulk_creation_encrypts_indexes_and_audits_each_batch(reference_data):
    rows = [{"sex": "female", "birth_year": 1990, "citizenships": ["RS"],
             "identity": {"given_name": f"Ana{n}", "family_name": "Ilić"}} for n in range(7)]
    before = AuditEntry.objects.count()
    assert services.persons_bulk_create(actor_label="test", rows=rows, batch_size=3) == 7
    assert Person.objects.count() == 7 and PersonIdentity.objects.count() == 7
    assert len({p.pseudonym for p in Person.objects.all()}) == 7
    assert AuditEntry.objects.count() == before + 3
    assert Person.objects.filter(citizenships__code="RS").count() == 7


def test_bulk_creation_refuses_unknown_codes(reference_data):
    with pytest.raises(DomainError, match="Row 1"):
        services.persons_bulk_create(actor_label="test", rows=[{"sex": "x"}])
    assert not Person.objects.exists()
