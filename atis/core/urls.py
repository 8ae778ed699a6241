from django.urls import path

from atis.core import views

urlpatterns = [
    path("", views.my_tokens, name="my-tokens"),
    path("<slug:key>/revoke/", views.my_token_revoke, name="my-token-revoke"),
]
