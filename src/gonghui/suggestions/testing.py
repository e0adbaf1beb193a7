"""Scope builders of the suggestion box and helpers for its tests."""

from gonghui.core.testing import register_scope_builder
from gonghui.members.models import Member
from gonghui.members.services import create_member
from gonghui.members.testing import member_data

from .services import submit_suggestion


def member_in(org, actor, name="张建议", **overrides):
    """A member of ``org`` (for suggestions written in tests)."""
    return create_member(actor, org, member_data(name=name, **overrides))


@register_scope_builder("suggestions.suggestion")
def _build_suggestion(org, actor, marker):
    """A named suggestion to the union, its subject carrying the marker."""
    member = Member.objects.filter(org=org).first() or member_in(org, actor)
    return submit_suggestion(member, subject=f"{marker}建议", text="食堂菜品单一，建议增加品种。", category="work")[0]
