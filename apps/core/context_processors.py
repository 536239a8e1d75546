"""Values every page needs: service name, marking banner, navigation, the signed-in user."""

from django.conf import settings

from apps.core import navigation


def service(request) -> dict:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "service_name": settings.SERVICE_NAME,
        "protective_marking_banner": settings.PROTECTIVE_MARKING_BANNER,
        "primary_navigation": navigation.items_for(user, request.path) if signed_in else [],
    }
