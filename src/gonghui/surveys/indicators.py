"""The survey figures of the statistics: surveys held (opened in the period), their responses and the members
they were sent to, and the response rate; each counted from the surveys and listed by the survey list."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.stats.registry import RatioIndicator, RecordIndicator, get, register

from .choices import HELD_STATUSES

HELD = Q(status__in=HELD_STATUSES)
COMMON = {"section": "union_work", "model": "surveys.Survey", "date_field": "opens_on", "where": HELD,
          "list_url_name": "surveys:survey_list", "list_params": {"held": "yes"}}

register(RecordIndicator("surveys_held", _("Surveys held"), unit=_("surveys"),
                         help=_("Surveys of workers' views opened in the period."), **COMMON))
register(RecordIndicator("survey_responses", _("Survey responses"), unit=_("responses"), sum_field="response_count",
                         help=_("Responses to the surveys opened in the period."), **COMMON))
register(RecordIndicator("survey_members_targeted", _("Members surveyed"), unit=_("people"),
                         sum_field="target_count",
                         help=_("Members the surveys opened in the period were sent to."), **COMMON))
register(RatioIndicator("survey_response_rate", _("Survey response rate"), section="union_work",
                        numerator="survey_responses", denominator="survey_members_targeted",
                        help=_("Responses ÷ members surveyed, for the surveys opened in the period."),
                        drilldown=lambda org, p: get("surveys_held").url(org, p)))

