"""The service's URLs plus the benchmark's bare page (benchmarks/pages.py only).

The bare page is the honest baseline for a page's cost: signed in, through the same
middleware, one audit event written through the same
writer as a consultation, rendered in the service's layout (header, navigation, footer),
and no data read.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from apps.core import audit
from prevent.urls import urlpatterns as service_urlpatterns

BARE = engines["django"].from_string(
    '{% extends "core/base.html" %}{% block title %}Bare page{% endblock %}'
    '{% block content %}<h1 class="govuk-heading-l">Bare page</h1>{% endblock %}'
)


@login_required
def bare(request):
    audit.record_view(user=request.user, subject=request.user)
    return HttpResponse(BARE.render({}, request))


urlpatterns = [*service_urlpatterns, path("benchmark/bare/", bare, name="benchmark_bare")]
