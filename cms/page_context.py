"""Page context from selectors, without page models importing them.

A Wagtail page model is the lowest layer of its app: selectors, services and views import
it, so it must not import them back (not even inside a method: that is the circle
models -> selectors -> models). A page's ``get_context`` (and a routable page's route)
asks this registry for the context instead; the app's selectors register the function
that builds it, and the app config imports those selectors in ``ready()``::

    # advisory/selectors/pages.py
    @page_context(GroupPage)
    def group_page(page, request): ...

    # advisory/models/pages.py
    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(context_for(self, request))
        return context

A builder may raise ``Http404``. Lookup follows the model's MRO, so one builder serves a
base page type and its subclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Builder = Callable[..., dict[str, Any]]
_builders: dict[tuple[type, str], Builder] = {}


def page_context(model: type, name: str = "") -> Callable[[Builder], Builder]:
    """Register the decorated function as the context of ``model`` pages (``name``: a
    route of a routable page; empty for ``get_context``)."""

    def register(builder: Builder) -> Builder:
        _builders[(model, name)] = builder
        return builder

    return register


def context_for(page, request, name: str = "", **kwargs: Any) -> dict[str, Any]:
    for cls in type(page).__mro__:
        builder = _builders.get((cls, name))
        if builder is not None:
            return builder(page, request, **kwargs)
    raise LookupError(f"no context registered for {type(page).__name__} {name!r}")


class ContextFromSelectors:
    """Page mixin: ``get_context`` adds what the registered builder returns."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(context_for(self, request))
        return context
