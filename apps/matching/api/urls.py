from django.urls import path

from apps.matching.api.views import PersonMatchView

urlpatterns = [path("people/match", PersonMatchView.as_view(), name="person_match")]
