"""Reads of open affairs; every query a user triggers starts from the scoped managers."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.workbench import todo_item
from gonghui.orgs.models import EmployerUnit

from .choices import PostingStatus, ProblemStatus
from .models import DisclosureItem, Inspection, OpenAffairsSystem, Posting, Problem


def systems_for(user):
    return OpenAffairsSystem.objects.for_user(user).select_related("unit", "org")


def employers_for(user):
    """Employers that should have the system: those with a covering union (its census union or it sees them)."""
    return (EmployerUnit.objects.for_user(user).filter(union__isnull=False)
            .select_related("union", "open_affairs"))


def items_for(user):
    return DisclosureItem.objects.for_user(user).select_related("system__unit", "org")


def postings_for(user):
    return Posting.objects.for_user(user).select_related("item__system__unit", "org", "posted_by")


def inspections_for(user):
    return Inspection.objects.for_user(user).select_related("system__unit", "org")


def problems_for(user):
    return Problem.objects.for_user(user).select_related("inspection__system__unit", "org", "item")


def overdue_postings_q(today):
    return Q(status=PostingStatus.DUE, period_end__lt=today)


def overdue_problems_q(today):
    return Q(status=ProblemStatus.OPEN, deadline__lt=today)


def workbench_todo(user, today):
    """Postings whose period ended unposted; postings due this period; open problems past or near their deadline."""
    if not scope.can(user, "change", None):
        return []
    postings, problems = reverse("openaffairs:posting_list"), reverse("openaffairs:problem_list")
    soon = today + datetime.timedelta(days=7)
    return [
        todo_item("openaffairs_postings_overdue", _("Open-affairs postings overdue"),
                  postings_for(user).filter(overdue_postings_q(today)).order_by("period_end", "id"),
                  f"{postings}?overdue=yes", urgency="overdue", when="period_end"),
        todo_item("openaffairs_problems_overdue", _("Open-affairs problems past their deadline"),
                  problems_for(user).filter(overdue_problems_q(today)).order_by("deadline", "id"),
                  f"{problems}?overdue=yes", urgency="overdue", when="deadline"),
        todo_item("openaffairs_problems_due", _("Open-affairs problems due within a week"),
                  problems_for(user).filter(status=ProblemStatus.OPEN, deadline__gte=today, deadline__lte=soon)
                  .order_by("deadline", "id"),
                  f"{problems}?status=open&deadline_from={today.isoformat()}&deadline_to={soon.isoformat()}",
                  urgency="due", when="deadline"),
        todo_item("openaffairs_postings_due", _("Open-affairs postings due this period"),
                  postings_for(user).filter(status=PostingStatus.DUE, period_start__lte=today, period_end__gte=today)
                  .order_by("period_end", "id"),
                  f"{postings}?status=due&due_from={today.isoformat()}", urgency="due", when="period_end"),
    ]
