from django.urls import path

from atis.monitoring import views

urlpatterns = [
    path("", views.workspace, name="monitoring"),
    path("plans/template.xlsx", views.template_download, name="plan-template"),
    path("plans/<int:pk>/", views.plan, name="plan-page"),
    path("plans/<int:pk>/report/", views.plan_report, name="plan-report"),
    path("activities/<int:pk>/", views.activity, name="activity-page"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("campaigns/", views.campaigns, name="campaigns"),
    path("campaigns/<int:pk>/", views.campaign, name="campaign-page"),
    path("campaigns/<int:pk>/answers.xlsx", views.campaign_answers, name="campaign-answers"),
    path("questionnaires/<int:pk>/", views.questionnaire, name="questionnaire-page"),
    path("registries/", views.registries, name="registries"),
]
