"""/api/v1/ — every operation of ATIS is also here (OpenAPI at /api/schema/)."""

from django.urls import path

from atis.audit import api as audit_api
from atis.core import api as core_api
from atis.identification import api as ident_api
from atis.intake import api as intake_api
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
    path("checklists/", intake_api.ChecklistListView.as_view(), name="api-checklists"),
    path("reports/", intake_api.ReportListView.as_view(), name="api-reports"),
    path("reports/<str:reference>/", intake_api.ReportDetailView.as_view(), name="api-report"),
    path("reports/<str:reference>/file/", intake_api.ReportFileView.as_view(),
         name="api-report-file"),
    path("reports/<str:reference>/accept/", intake_api.ReportAcceptView.as_view(),
         name="api-report-accept"),
    path("reports/<str:reference>/dismiss/", intake_api.ReportDismissView.as_view(),
         name="api-report-dismiss"),
    path("hotline-calls/", intake_api.HotlineCallListView.as_view(), name="api-hotline-calls"),
    path("identifications/", ident_api.ProcedureListView.as_view(), name="api-identifications"),
    path("identifications/<int:pk>/", ident_api.ProcedureDetailView.as_view(),
         name="api-identification"),
    path("identifications/<int:pk>/interviews/", ident_api.InterviewView.as_view(),
         name="api-identification-interviews"),
    path("identifications/<int:pk>/indicators/", ident_api.IndicatorsView.as_view(),
         name="api-identification-indicators"),
    path("identifications/<int:pk>/notes/", ident_api.NoteView.as_view(),
         name="api-identification-notes"),
    path("identifications/<int:pk>/resume/", ident_api.ResumeView.as_view(),
         name="api-identification-resume"),
    path("identifications/<int:pk>/decisions/", ident_api.DecisionView.as_view(),
         name="api-identification-decisions"),
    path("decisions/<int:pk>/approve/", ident_api.DecisionApproveView.as_view(),
         name="api-decision-approve"),
    path("decisions/<int:pk>/return/", ident_api.DecisionReturnView.as_view(),
         name="api-decision-return"),
    path("decisions/<int:pk>/informed/", ident_api.DecisionInformedView.as_view(),
         name="api-decision-informed"),
    path("alerts/", ident_api.AlertListView.as_view(), name="api-alerts"),
    path("alerts/<int:pk>/sent/", ident_api.AlertSentView.as_view(), name="api-alert-sent"),
]
