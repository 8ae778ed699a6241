import pytest
from django.urls import reverse
from django.utils import translation

from atis.core.errors import DomainError
from atis.core.roles import Role
from atis.reference import selectors
from atis.reference.models import Country, Language, Term
from atis.reference.services import reference_load

ARCHITECTURE_FORMS = {
    "sexual": "SexualExploitation", "labour": "ForcedLabour", "forced_begging": "ForcedBegging",
    "forced_criminality": "Other", "forced_marriage": "ForcedMarriage",
    "illegal_adoption": "ForcedAdoption", "armed_conflict": "ForcedMilitaryByNonStateActors",
    "organ_removal": "OrganRemoval", "slavery_servitude": "Servitude",
    "pornography": "SexualExploitation", "other": "Other",
}


def test_forms_of_exploitation_map_to_htcds(reference_data):
    forms = {t.code: t.htcds for t in selectors.terms("exploitation_form")}
    assert forms == ARCHITECTURE_FORMS
    assert Term.objects.get(list="exploitation_form", code="pornography").htcds_detail == \
        "TypeOfSexExploitation=Pornography"


def test_every_iso_country_with_serbian_names(reference_data):
    assert Country.objects.count() == 249
    germany = Country.objects.get(code="DE")
    assert (germany.label_en, germany.label_sr_latn, germany.label_sr_cyrl) == \
        ("Germany", "Nemačka", "Немачка")
    with translation.override("sr"):
        assert Country.objects.get(code="RS").label == "Србија"


def test_languages_include_romani_with_a_respectful_name(reference_data):
    romani = Language.objects.get(code="rom")
    assert (romani.label_sr_latn, romani.label_sr_cyrl) == ("romski", "ромски")
    assert Language.objects.filter(code="sq").exists() and Language.objects.count() > 180


def test_every_term_has_three_labels(reference_data):
    for term in Term.objects.all():
        assert term.label_en and term.label_sr_latn and term.label_sr_cyrl, term.code


def test_reloading_keeps_labels_the_admin_edited(reference_data):
    Term.objects.filter(list="sex", code="female").update(label_en="woman")
    assert reference_load() == {"terms": 0, "countries": 0, "languages": 0}
    assert Term.objects.get(list="sex", code="female").label_en == "woman"
    reference_load(update_labels=True)
    assert Term.objects.get(list="sex", code="female").label_en == "female"


def test_unknown_codes_are_refused_naming_the_field(reference_data):
    with pytest.raises(DomainError) as exc:
        selectors.require_terms("exploitation_form", ["labour", "knitting"], field="forms")
    assert exc.value.fields == {"forms": ["Unknown code(s): knitting."]}


def test_admin_edits_labels_but_not_codes(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    term = Term.objects.get(list="sex", code="male")
    url = reverse("admin:reference_term_change", args=[term.pk])
    response = client.post(url, {"label_en": "man", "label_sr_latn": "muškarac",
                                 "label_sr_cyrl": "мушкарац", "sort_order": 1, "active": "on",
                                 "htcds": "Male", "htcds_detail": "", "code": "hacked",
                                 "list": "sex"})
    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.code, term.label_en) == ("male", "man")


def test_admin_site_holds_no_case_content(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    content = client.get(reverse("admin:index")).content.decode()
    assert "Organisations" in content and "Terms" in content
    assert "/admin/people/" not in content and "/admin/audit/" not in content


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_only_administrators_enter_the_admin_site(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("admin:index")).status_code == 302
