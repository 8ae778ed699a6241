"""The administrators' pages, mounted under /administration/ (atis.urls)."""

from django.urls import path

from atis.accounts import views_administration as views

urlpatterns = [
    path("users/", views.users, name="admin-users"),
    path("users/new/", views.user_create, name="admin-user-create"),
    path("users/<int:pk>/", views.user_page, name="admin-user"),
    path("users/<int:pk>/edit/", views.user_edit, name="admin-user-edit"),
    path("users/<int:pk>/password/", views.user_password, name="admin-user-password"),
    path("users/<int:pk>/deactivate/", views.user_deactivate, name="admin-user-deactivate"),
    path("users/<int:pk>/reactivate/", views.user_reactivate, name="admin-user-reactivate"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="admin-user-unlock"),
    path("users/<int:pk>/two-step-reset/", views.user_mfa_reset, name="admin-user-mfa-reset"),
    path("users/<int:pk>/role/", views.membership_grant, name="admin-membership-grant"),
    path("users/<int:pk>/role/end/", views.membership_end, name="admin-membership-end"),
    path("requests/", views.admin_requests, name="admin-requests"),
    path("requests/<int:pk>/", views.admin_request, name="admin-request"),
    path("requests/<int:pk>/approve/", views.admin_request_approve, name="admin-request-approve"),
    path("requests/<int:pk>/reject/", views.admin_request_reject, name="admin-request-reject"),
    path("requests/<int:pk>/withdraw/", views.admin_request_withdraw,
         name="admin-request-withdraw"),
    path("organisations/", views.organisations, name="admin-organisations"),
    path("organisations/new/", views.organisation_create, name="admin-organisation-create"),
    path("organisations/<int:pk>/", views.organisation_edit, name="admin-organisation-edit"),
]
