"""Document pages: the administrator's templates, generating a document, the calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from apps.core import audit
from apps.core.forms import add_validation_error
from apps.documents import selectors, services
from apps.documents.calendar import calendar_build
from apps.documents.forms import DocumentTemplateForm


@login_required
def template_list(request):
    return render(
        request,
        "documents/template_list.html",
        {"entries": selectors.document_template_list(user=request.user)},
    )


@login_required
def template_edit(request, kind):
    entry = selectors.document_template_get(user=request.user, kind_code=kind)
    if entry is None:
        raise Http404("No such kind of document.")
    template = entry["template"]
    initial = {
        "body": template.body if template else entry["kind"].default_body,
        "version": template.version if template else None,
    }
    form = DocumentTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_template_save(
                kind_code=kind,
                officer=request.user,
                body=form.cleaned_data["body"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, f"{entry['kind'].label} template saved.")
            return redirect("documents:template_list")
    return render(
        request,
        "documents/template_form.html",
        {
            "form": form,
            "kind": entry["kind"],
            "template": template,
            "placeholders": selectors.placeholders({**entry["kind"].sample_context, "marking": ""}),
        },
    )


@login_required
@require_GET
def document_download(request, kind, record_id, file_format):
    try:
        document = services.document_generate(
            user=request.user, kind_code=kind, object_id=record_id, file_format=file_format
        )
    except ValidationError as error:
        if "format" in getattr(error, "error_dict", {}):
            raise Http404("No such format.") from error
        messages.error(request, " ".join(error.messages))
        back = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
        return redirect(back if safe else reverse("core:home"))
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response


@login_required
def calendar_page(request):
    token = ""
    if request.method == "POST":
        # The new secret is shown on this response only: just its hash is stored.
        token = services.calendar_feed_issue(user=request.user)
    feed = selectors.calendar_feed_for(user=request.user)
    return render(
        request,
        "documents/calendar.html",
        {
            "feed": feed,
            "feed_url": request.build_absolute_uri(reverse("documents:calendar_feed", args=[token]))
            if token
            else "",
        },
    )


@require_GET
def calendar_feed(request, token):
    """The feed a calendar application reads: no sign-in, only the secret in the address."""
    user = services.calendar_feed_user(token=token)
    if user is None:
        audit.record_access_denied(
            user=None, status=404, reason="calendar feed address not recognised or revoked"
        )
        raise Http404("No such calendar.")
    response = HttpResponse(calendar_build(user=user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="prevent-casework.ics"'
    return response


@login_required
@require_POST
def calendar_revoke(request):
    services.calendar_feed_revoke(user=request.user)
    messages.success(request, "Your calendar address no longer works.")
    return redirect("documents:calendar")
