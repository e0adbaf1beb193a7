"""Builders of the accounts area for the scope matrix (``AreaConfig.testing``)."""

from gonghui.core.testing import register_scope_builder


@register_scope_builder("accounts.user")
def _build_user(org, actor, marker):
    from gonghui.accounts.services import create_official

    return create_official(actor, password="Gonghui-test-2026", username=marker.lower(), full_name=marker,
                           home_org=org, email=f"{marker.lower()}@example.org")


@register_scope_builder("accounts.roleassignment")
def _build_role_assignment(org, actor, marker):
    from gonghui.accounts.services import assign_role

    user = _build_user(org, actor, marker)
    return assign_role(actor, user, org, "viewer")
