"""The `term` filter reads labels from a per-process cache of the terms, checked against
a version in the shared cache: a page of rows costs no query per row, and an edited
label shows at once, in this process and in the others."""

import uuid

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from atis.core.errors import DomainError
from atis.reference import selectors
from atis.reference.models import Term

ROWS = Template('{% load atis_tags %}{% for c in codes %}{{ c|term:"sex" }};{% endfor %}')


def render(codes) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        text = ROWS.render(Context({"codes": codes}))
    return text, len(queries)


def in_request(codes) -> tuple[str, int]:
    selectors.request_begins()  # what request_started does (without closing connections)
    try:
        return render(codes)
    finally:
        selectors.request_ends()


def test_a_page_of_rows_costs_one_query_for_its_labels(reference_data):
    selectors.terms_changed()
    assert in_request(["female"])[1] == 2  # the version and, after a change, the terms
    assert in_request(["female", "male"] * 50) == ("female;male;" * 50, 1)  # the version
    assert render(["female", "male"])[1] == 2  # outside a request: checked per look-up


def test_an_edited_label_shows_at_once(reference_data):
    render(["female"])
    term = Term.objects.get(list="sex", code="female")
    term.label_en = "woman"
    term.save()
    assert render(["female", "unknown"])[0] == "woman;unknown;"


def test_another_process_changing_terms_invalidates_this_one(reference_data):
    render(["female"])
    Term.objects.filter(list="sex", code="male").update(label_en="man")  # no signal here
    assert render(["male"])[0] == "male;"  # still the cached label
    cache.set(selectors.VERSION_KEY, uuid.uuid4().hex, None)  # what the other process did
    assert render(["male"])[0] == "man;"


def test_requests_and_term_changes_are_wired():
    from django.db.models.signals import post_save

    assert selectors.request_begins in [r[1]() for r in request_started.receivers]
    assert selectors.request_ends in [r[1]() for r in request_finished.receivers]
    assert post_save.has_listeners(Term)


def test_required_codes_are_checked_against_the_cached_terms(reference_data):
    selectors.terms_changed()
    selectors.request_begins()
    try:
        with CaptureQueriesContext(connection) as queries:
            assert selectors.require_term("sex", "female", field="sex") == "female"
            assert selectors.require_terms("exploitation_form", ["labour", "labour", "sexual"],
                                           field="forms") == ["labour", "sexual"]
        assert len(queries) == 2  # the version and the terms, once for the request
        with pytest.raises(DomainError) as exc:
            selectors.require_term("sex", "labour", field="sex")  # a code of another list
        assert exc.value.fields == {"sex": ["Unknown code “labour”."]}
        term = Term.objects.get(list="sex", code="female")
        term.active = False
        term.save()
        with pytest.raises(DomainError):
            selectors.require_term("sex", "female", field="sex")  # inactive: at once
    finally:
        selectors.request_ends()


def test_a_change_invalidates_the_cached_terms_again_when_it_commits(
        reference_data, django_capture_on_commit_callbacks):
    render(["female"])
    with django_capture_on_commit_callbacks(execute=True):
        term = Term.objects.get(list="sex", code="female")
        term.label_en = "woman"
        term.save()
        # Another process, with the version in a cache outside the database, reloads
        # before the commit: it still reads the old label, under the new version.
        old = Term.objects.get(pk=term.pk)
        old.label_en = "female"
        selectors._cached = (cache.get(selectors.VERSION_KEY), {("sex", "female"): old})
        assert render(["female"])[0] == "female;"
    assert render(["female"])[0] == "woman;"  # the commit replaced the version again
