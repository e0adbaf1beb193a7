"""Reads of the suggestion box: the officials' list (their subtree's suggestions), the member's own named
suggestions, and the workbench's unanswered ones."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.workbench import todo_item

from .choices import DUE_AFTER_DAYS, OVERDUE_AFTER_DAYS, SuggestionStatus
from .models import Suggestion


def suggestions_for(user):
    return Suggestion.objects.for_user(user).select_related("org", "member")


def member_suggestions(member):
    """The member's own named suggestions (anonymous ones are found only by their receipt code)."""
    return Suggestion.objects.filter(member=member, anonymous=False).select_related("org").order_by("-submitted_at")


def unanswered(user, now=None):
    return suggestions_for(user).filter(status=SuggestionStatus.SUBMITTED).order_by("submitted_at", "pk")


def workbench_todo(user, today):
    if not scope.can(user, "change", None):
        return []
    now = timezone.now()
    due, overdue = now - datetime.timedelta(days=DUE_AFTER_DAYS), now - datetime.timedelta(days=OVERDUE_AFTER_DAYS)
    waiting = unanswered(user).filter(scope.action_filter(user, "change", "org"))
    url = reverse("suggestions:suggestion_list") + "?status=submitted"
    return [
        todo_item("suggestions_overdue", _("Suggestions unanswered for more than %(n)d days") % {
            "n": OVERDUE_AFTER_DAYS}, waiting.filter(submitted_at__lt=overdue), url + "&waiting=overdue",
            urgency="overdue", when="submitted_at"),
        todo_item("suggestions_due", _("Suggestions unanswered for more than %(n)d days") % {"n": DUE_AFTER_DAYS},
                  waiting.filter(submitted_at__lt=due, submitted_at__gte=overdue),
                  url + "&waiting=due", urgency="due", when="submitted_at"),
        todo_item("suggestions_new", _("New suggestions to answer"), waiting.filter(submitted_at__gte=due),
                  url + "&waiting=new",                  when="submitted_at"),
    ]
