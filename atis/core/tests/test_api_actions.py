"""The role comes before the body: `action_view(requires=...)` and
`run_action(requires=...)` refuse a role the policy does not allow with 403 before they
validate anything, and let an allowed role through to the usual field errors."""

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from rest_framework import serializers
from rest_framework.test import APIRequestFactory, force_authenticate

from atis.core.api_actions import action_view
from atis.core.errors import AccessDenied
from atis.core.roles import Role
from atis.web.forms import run_action

pytestmark = pytest.mark.django_db


class NameIn(serializers.Serializer):
    name = serializers.CharField()


class NameOut(serializers.Serializer):
    name = serializers.CharField()


class NameForm(forms.Form):
    name = forms.CharField()


def _view(calls, requires):
    return action_view(
        "Probe", request_serializer=NameIn, response_serializer=NameOut, requires=requires,
        lookup=lambda request: calls.append("lookup"),
        service=lambda user, target, data: calls.append("service") or data).as_view()


def _post(view, user, body):
    request = APIRequestFactory().post("/probe", body, format="json")
    force_authenticate(request, user)
    return view(request)


def test_a_refused_role_gets_403_not_the_field_errors(make_user):
    calls = []
    response = _post(_view(calls, "case.create"), make_user(Role.REPORTER), {})
    assert response.status_code == 403
    assert calls == ["lookup"]  # looked up (a hidden record stays a 404), never served


def test_an_allowed_role_gets_the_field_errors_then_the_service(make_user):
    calls, view, police = [], _view([], "case.create"), make_user(Role.POLICE_OFFICER)
    response = _post(view, police, {})
    assert response.status_code == 400 and "name" in response.data["errors"]
    view = _view(calls, "case.create")
    response = _post(view, police, {"name": "x"})
    assert response.status_code == 200 and response.data == {"name": "x"}
    assert calls == ["lookup", "service"]


def test_an_undeclared_action_is_a_programming_error_at_request_time(make_user):
    view = _view([], "no.such_action")  # building the view does not look the action up
    with pytest.raises(ImproperlyConfigured):
        _post(view, make_user(Role.POLICE_OFFICER), {"name": "x"})


def _page_request(user):
    request = RequestFactory().post("/probe", {})
    request.user, request.session = user, {}
    request._messages = FallbackStorage(request)
    return request


def test_run_action_checks_the_role_before_the_form(make_user):
    done = []
    with pytest.raises(AccessDenied):
        run_action(_page_request(make_user(Role.REPORTER)), NameForm({}), done.append,
                   requires="case.create")
    form = NameForm({})
    assert not run_action(_page_request(make_user(Role.POLICE_OFFICER)), form, done.append,
                          requires="case.create")
    assert "name" in form.errors and done == []
