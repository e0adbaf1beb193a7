"""Reads of members, applications and transfers, always through the user's scope."""

import re

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.core import pii, scope
from gonghui.core.querysets import prefix_q
from gonghui.core.validators import normalise_id_number, normalise_phone
from gonghui.core.workbench import todo_item
from gonghui.orgs.choices import LIVE_STATUSES, MEMBER_HOLDING_TYPES
from gonghui.orgs.models import Organisation

from .choices import HOLDING_STATUSES, ApplicationStatus, TransferStatus
from .models import JoinApplication, Member, MemberEvent, Transfer


def members_for(user):
    return Member.objects.for_user(user).select_related("org", "unit")


def applications_for(user):
    return JoinApplication.objects.for_user(user).select_related("org", "unit", "decided_by")


def transfers_for(user):
    return Transfer.objects.for_user(user).select_related("member", "from_org", "to_org", "started_by", "decided_by")


def member_history(member):
    return MemberEvent.objects.filter(member=member).select_related("from_org", "to_org", "actor")


_ID_LIKE = re.compile(r"^[0-9]{17}[0-9Xx]$")
_REFERENCE_LIKE = re.compile(r"^RH[0-9A-Z]{6,}$")


def search_q(q, *, prefix="", number_field="member_no"):
    """What the one search box means: an exact ID number, a phone, the start of a member number, or the start of a
    name (surname first: "李" or "李明"). Every one is read from an index: a province holds 20 million members.

    ``prefix`` searches a related member (``"member__"`` for transfers); ``number_field`` names the
    record's own number (``member_no`` for members, ``reference_no`` for join applications).
    """
    q = (q or "").strip()
    if not q:
        return Q()

    def f(name):
        return prefix + name

    number = f(number_field)
    ident = normalise_id_number(q)
    if _ID_LIKE.match(ident):
        return Q(**{f("id_hash"): pii.id_hash(ident)})
    if number_field == "reference_no" and _REFERENCE_LIKE.match(q.upper()):
        return Q(**{number: q.upper()})
    phone = normalise_phone(q)
    if re.fullmatch(r"1[0-9]{10}", phone):
        return Q(**{f("phone"): phone}) | Q(**{number: phone})
    if q.isdigit():
        return prefix_q(number, q)
    return prefix_q(f("name"), q)


def is_name_search(q):
    """Whether the search box's ``q`` is read as the start of a name (see :func:`search_q`)."""
    q = (q or "").strip()
    return bool(q) and search_q(q) == prefix_q("name", q)


def application_search_q(q):
    return search_q(q, number_field="reference_no")


def transfer_search_q(q):
    return search_q(q, prefix="member__")


def incoming_q(user):
    """Transfers addressed to a union in the user's scope (the receiving side decides them)."""
    return scope.scope_filter(user, "to_org")


def outgoing_q(user):
    return scope.scope_filter(user, "from_org")


def pending_transfer(member):
    """The member's transfer awaiting the receiving union's decision, if any (the member's page, the portal)."""
    return (
        Transfer.objects.filter(member=member, status=TransferStatus.PENDING)
        .select_related("from_org", "to_org", "started_by")
        .first()
    )


def member_transfers(member):
    return Transfer.objects.filter(member=member).select_related("from_org", "to_org", "started_by", "decided_by")


def portal_account(member):
    """The member's portal account (accounts.User), or None."""
    return User.objects.filter(member=member).first()


def member_applications(member):
    return JoinApplication.objects.filter(member=member).select_related("org", "decided_by")


def active_member_count(user):
    return Member.objects.for_user(user).filter(status__in=HOLDING_STATUSES).count()


def pending_application_count(user):
    return JoinApplication.objects.for_user(user).filter(status=ApplicationStatus.PENDING).count()


def incoming_transfer_count(user):
    return Transfer.objects.filter(scope.scope_filter(user, "to_org"), status=TransferStatus.PENDING).count()


def member_for_account(user):
    """The member record of a portal account, or None."""
    return Member.objects.select_related("org", "unit").filter(account=user).first() if user.is_authenticated else None


def unions_to_transfer_to(member, q, limit=10):
    """Live grassroots unions (those that hold members) whose name has ``q`` or whose code starts with it, but
    the member's own: what a member may ask to transfer to from the portal. Name and code only are shown."""
    q = (q or "").strip()
    if len(q) < 2 or "\x00" in q:  # PostgreSQL refuses NUL in text, even in a WHERE clause
        return Organisation.objects.none()
    return (Organisation.objects.filter(status__in=LIVE_STATUSES, org_type__in=MEMBER_HOLDING_TYPES)
            .filter(Q(name__icontains=q) | Q(code__istartswith=q)).exclude(pk=member.org_id)
            .only("pk", "name", "code").order_by("name")[:limit])


def union_to_transfer_to(code):
    """The live union with this code (the portal's transfer form sends the code), or None."""
    code = (code or "").strip()
    if not code or "\x00" in code:  # PostgreSQL refuses NUL in text, even in a WHERE clause
        return None
    return Organisation.objects.filter(code=code, status__in=LIVE_STATUSES).first()


def portal_applications(member):
    return JoinApplication.objects.filter(id_hash=member.id_hash).select_related("org").order_by("-created_at")


def workbench_todo(user, today):
    """Join applications to decide and incoming transfers to accept, for those who may decide them."""
    if not scope.can(user, "change", None):
        return []
    return [
        todo_item("applications", _("Join applications to decide"),
                  applications_for(user).filter(status=ApplicationStatus.PENDING).order_by("created_at"),
                  reverse("members:application_list") + "?status=pending", urgency="due", when="created_at"),
        todo_item("incoming_transfers", _("Incoming transfers to accept"),
                  transfers_for(user).filter(incoming_q(user), status=TransferStatus.PENDING).order_by("started_at"),
                  reverse("members:transfer_list") + "?status=pending&direction=incoming", urgency="due",
                  when="started_at"),
    ]
