"""What the advisory app adds to the foundation (``cms.registry``), registered from
``AdvisoryConfig.ready``: the member and facilitator roles a membership gives, the group
lists on the home and account pages, the live-tally WebSocket routes and the demo step."""

from advisory import demo
from advisory.routing import websocket_urlpatterns
from advisory.selectors.groups import group_pages_for, groups_of, membership_roles_of
from cms.registry import (
    Section,
    register_demo_builder,
    register_role_provider,
    register_section,
    register_websocket_routes,
)


def _home_groups(*, page, request) -> dict:
    return {"group_pages": group_pages_for(page)}


def _profile_groups(*, user) -> dict:
    groups = groups_of(user)
    return {
        "my_groups": groups,
        "may_translate": user.has_perm("advisory.translate", None)
        or any(user.has_perm("advisory.translate", g) for g in groups),
    }


def register() -> None:
    register_role_provider("advisory.membership", membership_roles_of)
    register_section(
        "home", Section("advisory.groups", "advisory/includes/home_groups.html", _home_groups)
    )
    register_section(
        "profile",
        Section("advisory.groups", "advisory/includes/profile_groups.html", _profile_groups),
    )
    register_websocket_routes("advisory", websocket_urlpatterns)
    register_demo_builder("advisory", demo.build, order=10)
