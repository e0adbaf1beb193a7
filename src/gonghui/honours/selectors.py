"""Reads of honours, scoped to the user."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.workbench import todo_item

from .choices import RecommendationStatus, WorkerStatus
from .models import AllowanceRule, HonourScheme, ModelWorker, PaymentRun, Recommendation, SelectionRound


def schemes_for(user):
    return HonourScheme.objects.for_user(user).select_related("org")


def rounds_for(user):
    return SelectionRound.objects.for_user(user).select_related("org", "scheme")


def recommendations_for(user):
    return Recommendation.objects.for_user(user).select_related("org", "round", "round__org", "round__scheme")


def workers_for(user):
    return ModelWorker.objects.for_user(user).select_related("org")


def rules_for(user):
    return AllowanceRule.objects.for_user(user).select_related("org")


def runs_for(user):
    return PaymentRun.objects.for_user(user).select_related("org")


def census_due(qs, year):
    """Living model workers not yet confirmed in the census of ``year``."""
    return qs.exclude(status=WorkerStatus.DECEASED).exclude(census_year__gte=year)


def notice_ended(qs, today):
    return qs.filter(status=RecommendationStatus.ON_NOTICE, notice_end__lt=today)


def workbench_todo(user, today):
    from django.urls import reverse

    workers = ModelWorker.objects.for_user(user)
    recs = Recommendation.objects.for_user(user)
    return [
        todo_item("honours_census_due", _("Model workers not yet confirmed in this year's census"),
                  census_due(workers, today.year), reverse("honours:worker_list") + "?census_due=yes", urgency="due"),
        todo_item("honours_notice_ended", _("Recommendations whose public notice has ended (approve)"),
                  notice_ended(recs, today), reverse("honours:recommendation_list") + "?notice_ended=yes",
                  urgency="open"),
    ]


def current_year():
    return timezone.localdate().year
