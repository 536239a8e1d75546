"""The audit search page and a record's access history."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from apps.audit import selectors
from apps.audit.filters import AuditEventPageFilter, typed_date
from apps.audit.tables import AuditEventTable
from apps.core import audit
from apps.core.lists import ObjectListView, page_links


class AuditEventListView(ObjectListView):
    """Search the audit trail. Every search is recorded once: unfiltered, refused or exported.

    The selector leaves out events about records the searcher may not view; the table shows
    the data protection officer's events about restricted records by reference only.
    """

    selector = selectors.audit_events_visible
    table_class = AuditEventTable
    filterset_class = AuditEventPageFilter
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
        terms = super().terms()
        for name in ("date_from", "date_to"):
            # The GOV.UK date input sends day, month and year as three values.
            typed = typed_date(self.request.GET, name)
            if typed.strip("/"):
                terms[name] = typed
        return {
            name: value[: selectors.TERM_LENGTH] if isinstance(value, str) else value
            for name, value in terms.items()
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
    subject, by_reference_only = selectors.audit_record_subject(
        user=request.user, content_type_id=content_type_id, object_id=object_id
    )
    events = selectors.audit_record_history(
        user=request.user, subject=subject, by_reference_only=by_reference_only
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page.object_list:
        selectors.audit_event_shown(event)
    # Back to the record for those who may read it; otherwise to its events in the search.
    back_url = (
        f"{reverse('audit:event_list')}?{urlencode({'record': subject.reference})}"
        if by_reference_only or not hasattr(subject, "get_absolute_url")
        else subject.get_absolute_url()
    )
    return render(
        request,
        "audit/record_history.html",
        {
            "subject": subject,
            "kind": subject._meta.verbose_name,
            "by_reference_only": by_reference_only,
            "restricted": by_reference_only and getattr(subject, "is_restricted", False),
            "back_url": back_url,
            "page": page,
            "page_links": page_links(page),
        },
    )
