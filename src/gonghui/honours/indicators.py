"""Honours and model workers in the statistics: the registry is a stock (now, whatever the period: living model
workers by level, status and hardship); awards are counted in the period they were made, allowances summed in the
period they were paid. Each figure opens the records it counts."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import RecordIndicator, register, register_section

from .choices import HonourLevel, RecommendationStatus, RunStatus, WorkerStatus

SECTION = "honours"
LIVING = ~Q(status=WorkerStatus.DECEASED)
AWARDED = Q(status=RecommendationStatus.AWARDED)

register_section(SECTION, _("Honours and model workers"))

register(RecordIndicator(
    "model_workers", _("Model workers (living)"), unit=_("people"), section=SECTION,
    help=_("Model workers in the registry who are alive, working or retired."),
    model="honours.ModelWorker", where=LIVING, list_url_name="honours:worker_list", list_params={"living": "yes"}))
for _value, _label in HonourLevel.choices:
    register(RecordIndicator(
        f"model_workers_{_value}", _label, unit=_("people"), section=SECTION,
        help=_("Living model workers whose highest title is of this level."), model="honours.ModelWorker",
        where=LIVING & Q(level=_value), list_url_name="honours:worker_list",
        list_params={"living": "yes", "level": _value}))
for _value, _label in WorkerStatus.choices[:2]:
    register(RecordIndicator(
        f"model_workers_{_value}", _label, unit=_("people"), section=SECTION,
        help=_("Model workers of this status."), model="honours.ModelWorker", where=Q(status=_value),
        list_url_name="honours:worker_list", list_params={"status": _value}))
register(RecordIndicator(
    "model_workers_in_hardship", _("Model workers in hardship"), unit=_("people"), section=SECTION,
    help=_("Living model workers marked in hardship and linked to a hardship archive."),
    model="honours.ModelWorker", where=LIVING & Q(in_hardship=True), list_url_name="honours:worker_list",
    list_params={"living": "yes", "in_hardship": "yes"}))
register(RecordIndicator(
    "honours_awarded", _("Honours awarded"), unit=_("awards"), section=SECTION,
    help=_("Recommendations awarded in the period, by the recommending union."),
    model="honours.Recommendation", date_field="awarded_on", where=AWARDED,
    list_url_name="honours:recommendation_list", list_params={"status": RecommendationStatus.AWARDED}))
for _value, _label in HonourLevel.choices:
    register(RecordIndicator(
        f"honours_awarded_{_value}", _label, unit=_("awards"), section=SECTION,
        help=_("Honours of this level awarded in the period."), model="honours.Recommendation",
        date_field="awarded_on", where=AWARDED & Q(round__scheme__level=_value),
        list_url_name="honours:recommendation_list",
        list_params={"status": RecommendationStatus.AWARDED, "level": _value}))
register(RecordIndicator(
    "model_worker_allowances_paid", _("Model-worker allowances paid"), unit=_("yuan"), section=SECTION,
    help=_("Allowances paid to model workers in the period, from the payment runs."),
    model="honours.PaymentRun", date_field="paid_on", where=Q(status=RunStatus.PAID), sum_field="total",
    list_url_name="honours:run_list", list_params={"status": RunStatus.PAID}))
