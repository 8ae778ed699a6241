from django.urls import path

from atis.accounts import views

urlpatterns = [
    path("", views.account, name="account"),
    path("two-step/set-up/", views.mfa_enrol, name="mfa-enrol"),
    path("two-step/code/", views.mfa_verify, name="mfa-verify"),
    path("two-step/recovery-codes/", views.recovery_codes, name="mfa-recovery"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("locked/", views.lockouts, name="lockouts"),
]
