"""Reads of notices: the officials' lists (their own subtree's and those from above), a notice's audience and readers,
and the member's notices in the portal."""

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member

from .choices import Audience
from .models import Notice, NoticeRead, NoticeTarget, ancestor_paths


def notices_for(user):
    return (Notice.objects.for_user(user).select_related("org").annotate(read_count=Count("reads", distinct=True))
            .order_by("-publish_from", "-id"))


def notices_api(user):
    return notices_for(user).prefetch_related("targets__org", "targets__unit", "attachments")


def unit_within(unit, org):
    """Whether an employer unit belongs to ``org``'s subtree (its covering union, else its census union)."""
    holder = unit.union if unit.union_id else unit.area_org
    return holder.path.startswith(org.path)


def audience_q(notice):
    """The members a notice addresses (a Q on Member)."""
    if notice.audience == Audience.SUBTREE:
        return Q(org__path__startswith=notice.org.path)
    q = Q(pk__in=[])
    for t in notice.targets.select_related("org"):
        if t.org_id:
            q |= Q(org__path__startswith=t.org.path)
        if t.unit_id:
            q |= Q(unit_id=t.unit_id)
    return q


def audience_members(notice):
    """The members holding membership whom the notice addresses."""
    return Member.objects.filter(audience_q(notice), status__in=HOLDING_STATUSES)


def readers(user, notice, read=None):
    """The addressed members in the official's scope, each with ``has_read`` (filtered by ``read`` yes/no)."""
    reads = NoticeRead.objects.filter(notice=notice, member=OuterRef("pk"))
    qs = (Member.objects.for_user(user).filter(audience_q(notice), status__in=HOLDING_STATUSES)
          .select_related("org", "unit").annotate(has_read=Exists(reads)).order_by("org__path", "name", "pk"))
    if read == "yes":
        qs = qs.filter(has_read=True)
    elif read == "no":
        qs = qs.filter(has_read=False)
    return qs


def read_stats(notice):
    """(reads, members addressed, read rate in percent or None)."""
    reads = notice.reads.count()
    size = notice.audience_size if not notice.is_draft else audience_members(notice).count()
    rate = round(100 * reads / size, 1) if size else None
    return reads, size, rate


# --- the member's side -----------------------------------------------------------------------------------------


def covers_member(member):
    """Notices whose audience holds ``member``: published by the member's union or a union above it to its
    subtree, or naming one of those unions (or the member's unit) as a target."""
    paths = ancestor_paths(member.org.path)
    targeted = NoticeTarget.objects.filter(notice=OuterRef("pk")).filter(
        Q(org__path__in=paths) | (Q(unit_id=member.unit_id) if member.unit_id else Q(pk__in=[])))
    return (Q(audience=Audience.SUBTREE, org__path__in=paths)) | Q(Exists(targeted))


def member_notices(member, now=None):
    """The notices the member may read now (published, inside their window), newest first, with ``is_read``."""
    reads = NoticeRead.objects.filter(notice=OuterRef("pk"), member=member)
    return (Notice.objects.live(now).filter(covers_member(member)).select_related("org")
            .annotate(is_read=Exists(reads)).order_by("-publish_from", "-id"))


def member_notice(member, pk, now=None):
    """A notice the member may read now, or 404 (not addressed to them, not yet or no longer published)."""
    notice = member_notices(member, now or timezone.now()).filter(pk=pk).first()
    if notice is None:
        raise Http404
    return notice


def unread_count(member):
    return member_notices(member).filter(is_read=False).count()
