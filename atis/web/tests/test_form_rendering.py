"""Every form renders through GOV.UK Frontend's components: a refused form comes back with what
was typed, an error summary that names each field and links to it, and each error at its field."""

import re

import pytest
from django import forms
from django.urls import reverse

pytestmark = pytest.mark.django_db


class Sample(forms.Form):
    name = forms.CharField(label="Name", max_length=5, help_text="Up to five letters.")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")],
                             widget=forms.RadioSelect)
    areas = forms.MultipleChoiceField(label="Areas", choices=[("x", "X"), ("y", "Y")],
                                      widget=forms.CheckboxSelectMultiple)
    when = forms.DateField(label="When", required=False)


def test_a_refused_form_keeps_the_input_and_links_each_error_to_its_field():
    form = Sample({"name": "toolongname", "when": "not a date"})
    html = form.render()
    summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S).group(1)
    links = re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', summary)
    assert [target for target, _text in links] == ["id_name", "id_kind_0", "id_areas_0", "id_when"]
    assert links[0][1].startswith("Name: ")
    assert 'value="toolongname"' in html and 'value="not a date"' in html
    name_input = re.search(r'<input[^>]*name="name"[^>]*>', html).group(0)
    assert "govuk-input--error" in name_input
    assert 'aria-describedby="id_name_helptext id_name_error"' in name_input
    assert 'id="id_name_error"' in html and 'id="id_name_helptext"' in html


def test_choices_are_the_design_systems_radios_and_checkboxes():
    html = Sample().render()
    assert 'class="govuk-radios govuk-radios--small"' in html
    assert re.search(r'<input class="govuk-radios__input" type="radio" name="kind" value="a"[^>]*'
                     r'id="id_kind_0"', html)
    assert '<label class="govuk-label govuk-checkboxes__label" for="id_areas_1">Y</label>' in html
    assert "govuk-error-summary" not in html


def test_a_page_shows_its_refused_form_again_as_typed(client, criminal_case, make_user):
    _case, _defendant, procedure, caseworker, _police = criminal_case
    client.force_login(caseworker)
    page = client.post(reverse("protection-page", args=[procedure.person.pseudonym]), {
        "action": "placement", "kind": "supported_housing", "started_on": "2999-01-01"})
    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'<a href="#id_started_on">Started on: [^<]*future', html)
    assert 'value="2999-01-01"' in html
    assert "Nothing was saved" in html
