"""The base viewset for the API: every read goes through the app's selectors.

The API counterpart of `core.pages`: declare `list_selector` (`(*, user)` -> an
access-scoped queryset) and `detail_selector` (`(*, user, <lookup>)` -> one record, which
applies the access decision and records the consultation). A subclass declaring neither is
refused when the class is created; a record the detail selector returns without recording a
consultation is refused before it is serialised. JSON only, `uuid` ids (another form of id is
a 404, not a 500) and the shared bounded pagination.

A separate module from `core.api`: DRF's views module imports `core.api` (the default
permission class) while it loads, so `core.api` cannot import DRF's viewsets.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from rest_framework import viewsets
from rest_framework.parsers import JSONParser

from apps.core import audit
from apps.core.api import BoundedLimitOffsetPagination


class SelectorViewSet(viewsets.GenericViewSet):
    """Declare `list_selector`, `detail_selector` and `detail_lookup` (the selector's id argument).

    Set `abstract = True` on an intermediate base class that leaves the selectors to others.
    Add `mixins.ListModelMixin`/`RetrieveModelMixin`, or write `list`/`retrieve` yourself;
    either way `get_queryset()` and `get_object()` read only through the selectors.
    """

    abstract = True
    list_selector: Callable[..., models.QuerySet] | None = None
    detail_selector: Callable[..., models.Model] | None = None
    detail_lookup = "pk"
    parser_classes = [JSONParser]
    pagination_class = BoundedLimitOffsetPagination
    filter_backends = []
    lookup_value_converter = "uuid"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("abstract", False):
            return
        cls.abstract = False
        missing = [
            name for name in ("list_selector", "detail_selector") if getattr(cls, name) is None
        ]
        if missing:
            raise ImproperlyConfigured(
                f"{cls.__name__} declares no {' or '.join(missing)}: the API reads only "
                "through the app's selectors, which apply the access decision and record "
                "the consultation"
            )

    def get_queryset(self) -> models.QuerySet:
        return type(self).list_selector(user=self.request.user)

    def get_object(self) -> models.Model:
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        record = type(self).detail_selector(
            user=self.request.user, **{self.detail_lookup: self.kwargs[lookup_url_kwarg]}
        )
        if not audit.was_consulted(record):
            raise ImproperlyConfigured(
                f"{type(self).detail_selector.__qualname__} returned {record!r} without "
                "recording the consultation (audit.record_view)"
            )
        self.check_object_permissions(self.request, record)
        return record
