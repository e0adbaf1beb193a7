"""What the models of hardship aid share: money columns, and the rights their workflows check."""

from django.utils.translation import gettext as _

from gonghui.core import scope

MONEY = {"max_digits": 14, "decimal_places": 2}


def level_above(org):
    """The union that approves for ``org``: its parent (the city root approves its own)."""
    parent = org.get_parent()
    return parent if parent is not None else org


def may_assist(user, org):
    """Writing a household's details needs the right to change and to handle assistance at the union."""
    return scope.can(user, "change", org) and scope.can(user, "assist", org)


def may_decide_above(user, org):
    """Approvals are made by the level above (the parent union); the city root approves its own."""
    return scope.can(user, "change", level_above(org))


def only_above(org):
    """The refusal when someone else than the level above tries to approve."""
    return _("Only the level above (%(org)s) can approve this.") % {"org": level_above(org).name}
