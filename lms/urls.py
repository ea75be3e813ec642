from csp.decorators import csp_exempt
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from lms.health import healthz, healthz_live

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/live", healthz_live, name="healthz-live"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI runs an inline bootstrap script: exempt from the CSP (staff-only in production, API_DOCS_PUBLIC).
    path("api/docs/", csp_exempt()(SpectacularSwaggerView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/v1/", include("lms.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("competencies/", include("frontend.competency_framework.urls")),
    path("events/", include("frontend.conferences.urls")),
    path("notifications/", include("notifications.urls")),
    path("courses/", include("frontend.courses.urls")),
    path("watch/", include("frontend.media.player_urls")),
    path("media/", include("frontend.media.urls")),
    path("training/", include("frontend.enrollment.urls")),
    path("compliance/", include("frontend.compliance.urls")),
    path("certificates/", include("frontend.certificates.urls")),
    path(".well-known/", include("frontend.certificates.wellknown_urls")),
    path("scholarships/", include("frontend.scholarships.urls")),
    path("quizzes/", include("frontend.assessments.urls")),
    path("development/", include("frontend.development.urls")),
    path("help/", include("frontend.help.urls")),
    path("imports/", include("frontend.imports.urls")),
    path("", include("frontend.urls")),
]
