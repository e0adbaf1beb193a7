"""What the members area does when the union tree changes (``gonghui.orgs.hooks``); connected in
``MembersConfig.ready()``. The union tree knows nothing of members: these receivers move a merged union's members,
refuse to dissolve a union that still holds members, count members again when their employer is reclassified and
count the members of the tree's subtrees."""

import contextlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.orgs import hooks as org_hooks

from . import hooks
from .choices import HOLDING_STATUSES
from .models import Member
from .services import move_members_for_merger


def holding_members_in_subtree(org):
    """The members in a holding status of ``org`` and its sub-organisations."""
    return Member.objects.filter(org__path__startswith=org.path, status__in=HOLDING_STATUSES)


def move_members_of_merged_union(user, org, target, date):
    """A merger: the union's members (and their pending transfers) move to ``target``."""
    return {"members": move_members_for_merger(user, org, target, date)}


def refuse_dissolving_a_union_with_members(org):
    n = holding_members_in_subtree(org).count()
    if n:
        raise ValidationError(
            _("This union still has %(n)d members. Transfer them to another union, or merge the union, before "
              "dissolving it.") % {"n": n}
        )


@contextlib.contextmanager
def members_of_employer_regrouped(unit):
    """Members count by their employer's ownership and industry: its members' unions are counted again."""
    org_ids = list(Member.objects.filter(unit=unit).values_list("org_id", flat=True).distinct().order_by())
    with hooks.members_regrouped.around(org_ids):
        yield


def connect():
    org_hooks.union_merged.connect(move_members_of_merged_union)
    org_hooks.union_dissolving.connect(refuse_dissolving_a_union_with_members)
    org_hooks.employer_regrouped.connect(members_of_employer_regrouped)
