"""Every URL of the service. Each page requires sign-in unless listed in
tests/test_url_protection.py's PUBLIC_URL_NAMES, and that test proves it."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from apps.core.api import api_not_found
from apps.core.api_docs import api_docs, to_api_docs

# The admin uses the service's own sign-in (with lockout and two-factor).
admin.site.login = login_required(RedirectView.as_view(pattern_name="core:home"))
admin.site.site_header = "Prevent Casework administration"
admin.site.site_title = "Prevent Casework administration"

api_v1 = [
    path("", to_api_docs, name="root"),
    path("schema/", SpectacularAPIView.as_view(api_version="1.0.0"), name="schema"),
    path("docs/", api_docs, name="docs"),
    path("", include("apps.audit.api.urls")),
    path("", include("apps.referrals.api.urls")),
    path("", include("apps.cases.api.urls")),
    path("", include("apps.matching.api.urls")),
    path("", include("apps.assessments.api.urls")),
    path("", include("apps.interventions.api.urls")),
    path("", include("apps.cyber_impact.api.urls")),
    path("", include("apps.people.api.urls")),
    path("", include("apps.gateway.api.urls")),
    path("", include("apps.work.api.urls")),
    path("", include("apps.partners.api.urls")),
    path("", include("apps.cyber_enquiries.api.urls")),
    path("", include("apps.cyber_packages.api.urls")),
    # Last: any other path (an id of the wrong form, say) is a JSON 404. Paths without
    # a trailing slash still get Django's redirect to the slashed path first.
    re_path(r"^.*/$", api_not_found),
]

urlpatterns = [
    path("", include("apps.core.urls")),
    path("account/", include("apps.accounts.urls")),
    path("audit/", include("apps.audit.urls")),
    path("people/", include("apps.people.urls")),
    path("referrals/", include("apps.referrals.urls")),
    path("gateway/", include("apps.gateway.urls")),
    path("cases/", include("apps.cases.urls")),
    path("work/", include("apps.work.urls")),
    path("partners/", include("apps.partners.urls")),
    path("assessments/", include("apps.assessments.urls")),
    path("documents/", include("apps.documents.urls")),
    path("support/", include("apps.interventions.urls")),
    path("cyber/enquiries/", include("apps.cyber_enquiries.urls")),
    path("cyber/impact/", include("apps.cyber_impact.urls")),
    path("cyber/packages/", include("apps.cyber_packages.urls")),
    path("admin/", admin.site.urls),
    path("api/", to_api_docs, name="api_root"),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
]
