"""The audit search page and a record's access history."""

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from apps.audit import selectors
from apps.core import access


@login_required
def event_list(request):
    filterset = selectors.audit_event_search(user=request.user, params=request.GET)
    events = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    page.object_list = [selectors.audit_event_shown(event) for event in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@login_required
def record_history(request, content_type_id: int, object_id: str):
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist as error:
        raise Http404 from error
    model = content_type.model_class()
    if model is None or model not in access.BREAK_GLASS_TYPES.values():
        raise Http404
    subject = access.get_or_404(model._default_manager.all(), user=request.user, pk=object_id)
    events = selectors.audit_record_history(user=request.user, subject=subject)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/record_history.html", {"subject": subject, "page": page})
