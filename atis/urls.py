from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("atis.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(
        url_name="api-schema", template_name="web/swagger_ui.html"), name="api-docs"),
    path("audit/", include("atis.audit.urls")),
    path("people/", include("atis.people.urls")),
    path("reports/", include("atis.intake.urls")),
    path("cases/", include("atis.identification.urls")),
    path("protection/", include("atis.protection.urls")),
    path("justice/", include("atis.justice.urls")),
    path("coordination/", include("atis.coordination.urls")),
    path("statistics/", include("atis.statistics.urls")),
    path("monitoring/", include("atis.monitoring.urls")),
    path("imports/", include("atis.imports.urls")),
    path("search/", include("atis.search.urls")),
    path("account/tokens/", include("atis.core.urls")),
    path("account/", include("atis.accounts.urls")),
    path("administration/", include("atis.accounts.urls_administration")),
    path("administration/jobs/", include("atis.jobs.urls")),
    path("", include("atis.web.urls")),
]

handler400 = "atis.web.views.bad_request"
handler403 = "atis.web.views.forbidden"
handler404 = "atis.web.views.not_found"
handler500 = "atis.web.views.server_error"
