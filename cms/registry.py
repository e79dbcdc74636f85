"""What feature apps add to the foundation.

``cms`` is the foundation: accounts, roles, languages, site pages, notifications and live
hints. It never imports a feature app (``advisory``, ``meetings``); import-linter checks
this in CI (see ``[tool.importlinter]`` in pyproject.toml). A feature plugs in by
registering its contributions here from its ``AppConfig.ready()``, and the foundation asks
this registry at run time:

- ``role_provider``: roles a person holds through the feature (a group membership makes a
  person a "member" or "facilitator"), merged into ``cms.roles.roles_of``;
- ``section``: a block of a foundation page (the home page, the account page), rendered
  from the feature's own template with the context its function returns;
- ``websocket_routes``: the feature's WebSocket URL patterns, served by ``cms.asgi``;
- ``demo_builder``: a step of ``manage.py demo_data``, run in ``order`` with a shared
  dictionary (``home``, ``locales``, ``people``, and whatever earlier steps added).

Registration is idempotent per key, so a ``ready()`` that runs twice (tests that reload
apps) registers each contribution once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

RoleProvider = Callable[[Any], Iterable[str]]
SectionContext = Callable[..., dict[str, Any] | None]
DemoBuilder = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Section:
    """A block a feature adds to a foundation page: ``template`` is rendered with the
    dictionary that ``context`` returns for the page's arguments; ``None`` hides it."""

    key: str
    template: str
    context: SectionContext
    order: int = 100


@dataclass(frozen=True)
class RenderableSection:
    template: str
    context: dict[str, Any]


_role_providers: dict[str, RoleProvider] = {}
_sections: dict[str, dict[str, Section]] = {}
_websocket_routes: dict[str, list] = {}
_demo_builders: dict[str, tuple[int, DemoBuilder]] = {}


def register_role_provider(key: str, provider: RoleProvider) -> None:
    _role_providers[key] = provider


def role_providers() -> list[RoleProvider]:
    return list(_role_providers.values())


def register_section(place: str, section: Section) -> None:
    _sections.setdefault(place, {})[section.key] = section


def sections_for(place: str, **kwargs: Any) -> list[RenderableSection]:
    """The blocks features add to ``place`` ("home", "profile"), in order, with their
    context computed for ``kwargs``; hidden ones (context ``None``) are left out."""
    found = sorted(_sections.get(place, {}).values(), key=lambda s: (s.order, s.key))
    rendered = []
    for section in found:
        context = section.context(**kwargs)
        if context is not None:
            rendered.append(RenderableSection(section.template, context))
    return rendered


def register_websocket_routes(key: str, routes: list) -> None:
    _websocket_routes[key] = list(routes)


def websocket_routes() -> list:
    return [route for routes in _websocket_routes.values() for route in routes]


def register_demo_builder(key: str, builder: DemoBuilder, *, order: int = 100) -> None:
    _demo_builders[key] = (order, builder)


def demo_builders() -> list[DemoBuilder]:
    return [b for _, b in sorted(_demo_builders.values(), key=lambda item: item[0])]
