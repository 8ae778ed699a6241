from django.urls import path

from atis.identification import views

urlpatterns = [
    path("", views.work_queue, name="work-queue"),
    path("alerts/", views.alert_inbox, name="alert-inbox"),
    path("<int:pk>/", views.procedure_detail, name="procedure-detail"),
    path("<int:pk>/interviews/", views.interview_add, name="procedure-interview"),
    path("<int:pk>/notes/", views.note_add, name="procedure-note"),
    path("<int:pk>/indicators/", views.indicators_save, name="procedure-indicators"),
    path("<int:pk>/resume/", views.procedure_resume, name="procedure-resume"),
    path("<int:pk>/alerts/<int:alert_pk>/sent/", views.alert_sent, name="procedure-alert-sent"),
    path("<int:pk>/decisions/", views.decision_add, name="procedure-decision"),
    path("<int:pk>/decisions/<int:decision_pk>/approve/", views.decision_approve,
         name="procedure-decision-approve"),
    path("<int:pk>/decisions/<int:decision_pk>/informed/", views.decision_informed,
         name="procedure-decision-informed"),
]
