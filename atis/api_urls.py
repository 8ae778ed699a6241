"""/api/v1/ — every operation of ATIS is also here (OpenAPI at /api/schema/)."""

from django.urls import path

from atis.audit import api as audit_api
from atis.core import api as core_api
from atis.people import api as people_api
from atis.reference import api as reference_api

urlpatterns = [
    path("auth/token/", core_api.TokenView.as_view(), name="api-token"),
    path("me/", core_api.MeView.as_view(), name="api-me"),
    path("reference/", reference_api.CodeListIndexView.as_view(), name="api-reference"),
    path("reference/<slug:list_code>/", reference_api.CodeListView.as_view(),
         name="api-reference-list"),
    path("persons/", people_api.PersonListView.as_view(), name="api-persons"),
    path("persons/duplicates/", people_api.DuplicateCheckView.as_view(),
         name="api-person-duplicates"),
    path("persons/<str:pseudonym>/", people_api.PersonDetailView.as_view(), name="api-person"),
    path("persons/<str:pseudonym>/identity/", people_api.PersonIdentityView.as_view(),
         name="api-person-identity"),
    path("audit/", audit_api.AuditEntryListView.as_view(), name="api-audit"),
]
