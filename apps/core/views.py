"""Pages every user shares: the home work list and the statutory statements."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.core import registry, worklists


@login_required
def home(request):
    return render(
        request,
        "core/home.html",
        {
            "work_lists": worklists.for_user(request.user),
            # The unread notifications, from accounts (apps.core.registry).
            **registry.home_context(request.user),
        },
    )


@require_GET
def accessibility(request):
    return render(request, "core/accessibility.html")


@require_GET
def privacy(request):
    return render(request, "core/privacy.html")


@require_GET
def healthz(request):
    """For load balancers: says nothing about the data, needs no sign-in."""
    return HttpResponse("ok", content_type="text/plain")


def form_page(request, form, *, title: str, back_url: str = "", caption: str = "", intro: str = ""):
    """A page with one GOV.UK form (core/form_page.html): a back link, caption, heading, intro."""
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "page_title": title,
            "caption": caption,
            "intro": intro,
            "back_url": back_url,
        },
    )
