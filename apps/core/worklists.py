"""Each role's home page is its own work list; apps register the lists they provide.

A provider is a function (user) -> WorkList | None. Returning None means the
list does not apply to this user (their role has no such work).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class WorkList:
    title: str
    empty_text: str
    rows: list[dict] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    link: str = ""
    link_text: str = ""


_providers: list[Callable] = []


def register(provider: Callable) -> Callable:
    _providers.append(provider)
    return provider


def for_user(user) -> list[WorkList]:
    return [work for provider in _providers if (work := provider(user)) is not None]
