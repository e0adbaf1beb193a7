"""Reads of honours, scoped to the user."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.workbench import todo_item

from .choices import RecommendationStatus, WorkerStatus
from .models import (
    AllowanceRule,
    CareParticipant,
    CareRound,
    HonourScheme,
    ModelWorker,
    PaymentRun,
    Recommendation,
    SelectionRound,
    SupportRecord,
    Title,
)


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


def care_rounds_for(user):
    return CareRound.objects.for_user(user).select_related("org")


def support_for(user):
    return SupportRecord.objects.for_user(user).select_related("org", "worker")


def portal_worker(member):
    """The member's model-worker archive, by the member link or the same ID number (its keyed hash)."""
    from django.db.models import Q

    q = Q(member=member)
    if member.id_hash:
        q |= Q(id_hash=member.id_hash)
    return ModelWorker.objects.filter(q).select_related("org").first()


def portal_records(worker):
    """What the model worker sees of their own archive: titles, rest trips and health checks, visits and grants."""
    return {"titles": list(Title.objects.filter(worker=worker)),
            "care": list(CareParticipant.objects.filter(worker=worker).select_related("round")
                         .order_by("-round__starts_on")),
            "support": list(SupportRecord.objects.filter(worker=worker).order_by("-given_on", "-id"))}


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
