"""The audit search page and a record's access history."""

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from apps.audit import selectors
from apps.audit.filters import AuditEventFilter
from apps.audit.tables import AuditEventTable
from apps.core import access, audit
from apps.core.lists import ObjectListView, page_links


class AuditEventListView(ObjectListView):
    """Search the audit trail. Every search is recorded once: unfiltered, refused or exported.

    The selector leaves out events about records the searcher may not view; the table shows
    the data protection officer's events about restricted records by reference only.
    """

    selector = selectors.audit_events_visible
    table_class = AuditEventTable
    filterset_class = AuditEventFilter
    capability = "audit.search"
    title = "Audit trail"
    intro = (
        "Every sign-in, view, search, change and export. Events cannot be changed or deleted. "
        "Your searches here are recorded too."
    )
    scope = "audit"
    template_name = "audit/event_list.html"
    empty_message = "No events match these filters."
    no_match_message = "No events match these filters."

    def terms(self) -> dict:
        return {
            name: value[: selectors.TERM_LENGTH] if isinstance(value, str) else value
            for name, value in super().terms().items()
        }

    def noun(self, count: int) -> str:
        return "event" if count == 1 else "events"

    def record_listing(self, table, *, terms: dict) -> None:
        selectors.audit_search_record(
            user=self.request.user,
            terms=terms,
            results=table.data.data,
            result_count=table.paginator.count,
            detail={
                "page": table.page.number,
                "sort": self.request.GET.get("sort", ""),
                "references": [audit.reference_of(row.record) for row in table.page.object_list],
            },
        )

    def record_refusal(self, filterset, *, terms: dict) -> None:
        selectors.audit_search_record_refused(
            user=self.request.user, terms=terms, errors=filterset.errors
        )


event_list = AuditEventListView.as_view()


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
    return render(
        request,
        "audit/record_history.html",
        {"subject": subject, "page": page, "page_links": page_links(page)},
    )
