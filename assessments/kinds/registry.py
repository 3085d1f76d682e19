"""The question kinds the platform knows, by name, in registration order (the order of the editor's menu)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from .base import QuestionKind

_kinds: dict[str, QuestionKind] = {}
K = TypeVar("K", bound="type[QuestionKind]")


class UnknownKind(LookupError):
    """No question kind of that name is registered."""


def register(kind_class: K) -> K:
    """Class decorator: make a question kind known under its `name` (one instance serves every question)."""
    name = kind_class.name
    if not name or name in _kinds:
        raise ValueError(f"question kind {name!r} has no name or is registered already")
    _kinds[name] = kind_class()
    return kind_class


def unregister(name: str) -> None:
    _kinds.pop(name, None)


def get(name: str) -> QuestionKind:
    try:
        return _kinds[name]
    except KeyError:
        raise UnknownKind(name) from None


def all() -> list[QuestionKind]:  # noqa: A001 - the registry's vocabulary, as in wagtail's registries
    return list(_kinds.values())


def names(where: Callable[[QuestionKind], bool] | None = None) -> tuple[str, ...]:
    """The names of the registered kinds (those `where` accepts, if given)."""
    return tuple(name for name, kind in _kinds.items() if where is None or where(kind))


def choices() -> list[tuple[str, object]]:
    """(name, label) pairs for a model field or a form."""
    return [(name, kind.label) for name, kind in _kinds.items()]
