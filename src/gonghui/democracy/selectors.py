"""Reads of democratic management, every one scoped to the user."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.workbench import todo_item
from gonghui.orgs.models import EmployerUnit

from .choices import MOTION_REMIND_DAYS, MotionStatus
from .models import AgendaItem, Congress, Delegate, EmployerRule, Motion, Session, Setup, StarRating


def setups_for(user):
    return Setup.objects.for_user(user).select_related("unit", "org")


def employers_for(user):
    """Employers with a union (those that should have a congress), with their congress system if any."""
    return (EmployerUnit.objects.for_user(user).filter(union__isnull=False)
            .select_related("union", "area_org", "congress_setup"))


def congresses_for(user):
    return Congress.objects.for_user(user).select_related("org")


def delegates_for(user):
    return Delegate.objects.for_user(user).select_related("congress__org", "member")


def sessions_for(user):
    return Session.objects.for_user(user).select_related("congress__org")


def items_for(user):
    return AgendaItem.objects.for_user(user).select_related("session__congress__org")


def motions_for(user):
    return Motion.objects.for_user(user).select_related("congress__org", "filer__member")


def rules_for(user):
    return EmployerRule.objects.for_user(user).select_related("unit", "org", "item__session__congress__org")


def stars_for(user):
    return StarRating.objects.for_user(user).select_related("congress__org", "rated_by")


def motions_due(user, today):
    """Motions assigned whose reply falls due within the reminder period."""
    return motions_for(user).filter(status=MotionStatus.ASSIGNED, reply_due__gte=today,
                                    reply_due__lte=today + datetime.timedelta(days=MOTION_REMIND_DAYS))


def motions_overdue(user, today):
    return motions_for(user).filter(status=MotionStatus.ASSIGNED, reply_due__lt=today)


def workbench_todo(user, today):
    url = reverse("democracy:motion_list")
    return [
        todo_item("democracy_motions_overdue", _("Motions past their reply date"),
                  motions_overdue(user, today).order_by("reply_due", "id"), f"{url}?overdue=yes",
                  urgency="overdue", when="reply_due"),
        todo_item("democracy_motions_due", _("Motions whose reply falls due this week"),
                  motions_due(user, today).order_by("reply_due", "id"), f"{url}?due_soon=yes",
                  urgency="due", when="reply_due"),
        todo_item("democracy_motions_filed", _("Motions waiting for a decision"),
                  motions_for(user).filter(status=MotionStatus.FILED).order_by("filed_on", "id"),
                  f"{url}?status={MotionStatus.FILED}", urgency="open", when="filed_on"),
    ]


def overdue_q(today):
    return Q(status=MotionStatus.ASSIGNED, reply_due__lt=today)
