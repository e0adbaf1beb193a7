"""Builders of the accounts area for the scope matrix (``AreaConfig.testing``)."""

from gonghui.core.testing import register_scope_builder

from .services import assign_role, create_official


@register_scope_builder("accounts.user")
def _build_user(org, actor, marker):
    return create_official(actor, password="Gonghui-test-2026", username=marker.lower(), full_name=marker,
                           home_org=org, email=f"{marker.lower()}@example.org")


@register_scope_builder("accounts.roleassignment")
def _build_role_assignment(org, actor, marker):
    user = _build_user(org, actor, marker)
    return assign_role(actor, user, org, "viewer")
