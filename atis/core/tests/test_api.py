from django.core.management import call_command
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from atis.audit.models import AuditEntry
from atis.core.roles import Role
from conftest import PASSWORD


def test_me_tells_user_organisation_and_role(api_client_for, make_user):
    user = make_user(Role.PROSECUTOR)
    data = api_client_for(user).get(reverse("api-me")).json()
    assert data["username"] == user.username and data["role"] == "prosecutor"
    assert data["organisation"]["code"] == "hppo-novi-sad"


def test_api_requires_authentication(db):
    response = APIClient().get(reverse("api-me"))
    assert response.status_code == 401 and "detail" in response.json()
    assert response["WWW-Authenticate"].startswith("Token")


def test_token_for_username_and_password(make_user):
    user = make_user(Role.REPORTER)
    client = APIClient()
    response = client.post(reverse("api-token"), {"username": user.username,
                                                  "password": PASSWORD}, format="json")
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get(reverse("api-me")).json()["role"] == "reporter"
    assert AuditEntry.objects.filter(action="auth.token_created", actor_id=user.pk).exists()


def test_token_refused_for_wrong_password_with_field_errors(make_user):
    user = make_user(Role.REPORTER)
    response = APIClient().post(reverse("api-token"), {"username": user.username,
                                                       "password": "wrong"}, format="json")
    assert response.status_code == 400 and "non_field_errors" in response.json()["errors"]
    response = APIClient().post(reverse("api-token"), {"username": "x" * 200}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"username", "password"}
    assert not AuthToken.objects.exists()


def test_tokens_cli_creates_a_working_token(make_user, capsys):
    user = make_user(Role.POLICE_OFFICER)
    call_command("tokens", "create", "--user", user.username, "--days", "30")
    token = capsys.readouterr().out.strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("api-me")).json()["username"] == user.username


def test_tokens_cli_refuses_unknown_user(db):
    import pytest
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as exc:
        call_command("tokens", "create", "--user", "nobody")
    assert exc.value.returncode == 2


def test_openapi_schema_and_docs_are_served(client, make_user):
    client.force_login(make_user(Role.CENTRE_MANAGER))
    schema = client.get(reverse("api-schema"))
    assert schema.status_code == 200 and b"/api/v1/persons/" in schema.content
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_reference_lists_in_the_request_language(api_client_for, make_user):
    api = api_client_for(make_user(Role.REPORTER))
    forms = api.get(reverse("api-reference-list", args=["exploitation_form"]),
                    HTTP_ACCEPT_LANGUAGE="sr-latn").json()
    labour = next(f for f in forms if f["code"] == "labour")
    assert labour["label"] == "radna eksploatacija" and labour["htcds"] == "ForcedLabour"
    assert api.get(reverse("api-reference-list", args=["nonsense"])).status_code == 404


def test_every_endpoint_is_documented_without_warnings(tmp_path):
    """drf-spectacular fails on any endpoint whose request or response it cannot describe."""
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "s.yml"))
    assert "/api/v1/identifications/{id}/decisions/" in (tmp_path / "s.yml").read_text()
