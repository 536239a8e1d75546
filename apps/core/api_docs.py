"""The API's documentation page: Swagger UI, served from this service's own files.

drf-spectacular's split view loads its start-up script from a second request to the
same URL (`?script`), so the page has no inline script and passes the strict
Content-Security-Policy. Swagger UI's stylesheet draws its icons with `data:` images,
so this one page also allows those (and nothing else) as images.
"""

from csp.decorators import csp_update
from django.urls import reverse_lazy
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    """Readable documentation of every operation; for signed-in, verified users only."""

    template_name = "core/api_docs.html"
    title = "Prevent Casework API"
    url_name = "api:schema"


api_docs = csp_update({"img-src": "data:"})(ApiDocsView.as_view())

# /api/ and /api/v1/ lead to the documentation (which checks sign-in itself).
to_api_docs = RedirectView.as_view(url=reverse_lazy("api:docs"), permanent=False)
