"""Honours and model workers in the statistics: the registry is a stock (now, whatever the period: living model
workers by level, status and hardship); awards are counted in the period they were made, allowances summed in the
period they were paid; rest trips and health checks by the day the round ended (places offered against those who
went), visits and grants by the day given. Each figure opens the records it counts."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import RecordIndicator, register, register_section

from .choices import CareKind, CareRoundStatus, HonourLevel, RecommendationStatus, RunStatus, SupportKind, WorkerStatus

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

DONE = Q(status=CareRoundStatus.DONE)
for _value, _label, _places_label, _done_label in (
        (CareKind.REST_TRIP, _("Rest trips (疗休养)"), _("Rest-trip places offered"), _("Model workers on rest trips")),
        (CareKind.HEALTH_CHECK, _("Health checks (体检)"), _("Health-check places offered"),
         _("Model workers given a health check"))):
    register(RecordIndicator(
        f"model_worker_{_value}_places", _places_label, unit=_("places"), section=SECTION,
        help=_("Places of the rounds that ended in the period with their attendance recorded (the due)."),
        model="honours.CareRound", date_field="ends_on", where=DONE & Q(kind=_value), sum_field="places",
        list_url_name="honours:care_list", list_params={"kind": _value, "status": CareRoundStatus.DONE},
        period_params=("ended_from", "ended_to")))
    register(RecordIndicator(
        f"model_worker_{_value}_attended", _done_label, unit=_("people"), section=SECTION,
        help=_("Model workers who went, in the rounds that ended in the period (the done)."),
        model="honours.CareRound", date_field="ends_on", where=DONE & Q(kind=_value), sum_field="attended",
        list_url_name="honours:care_list", list_params={"kind": _value, "status": CareRoundStatus.DONE},
        period_params=("ended_from", "ended_to")))
VISITS = Q(kind__in=[SupportKind.HOLIDAY_VISIT, SupportKind.SICK_VISIT])
register(RecordIndicator(
    "model_worker_visits", _("Visits to model workers (慰问)"), unit=_("visits"), section=SECTION,
    help=_("Holiday visits and visits when ill made in the period, by the giving union."),
    model="honours.SupportRecord", date_field="given_on", where=VISITS, list_url_name="honours:support_list",
    list_params={"visit": "yes"}))
register(RecordIndicator(
    "model_worker_visits_amount", _("Money given on visits"), unit=_("yuan"), section=SECTION,
    help=_("What the visits of the period gave."), model="honours.SupportRecord", date_field="given_on",
    where=VISITS, sum_field="amount", list_url_name="honours:support_list",
    list_params={"visit": "yes"}))
register(RecordIndicator(
    "model_worker_study_grants", _("Study grants to model workers (助学)"), unit=_("yuan"), section=SECTION,
    help=_("Study grants given in the period to model workers or their children."),
    model="honours.SupportRecord", date_field="given_on", where=Q(kind=SupportKind.STUDY_GRANT), sum_field="amount",
    list_url_name="honours:support_list", list_params={"kind": SupportKind.STUDY_GRANT}))
