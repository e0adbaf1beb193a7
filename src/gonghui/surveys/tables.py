import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import BaseTable, DateColumn, StatusColumn

from .choices import SURVEY_STATUS_STYLES
from .models import Survey


class SurveyTable(BaseTable):
    title = tables.Column(linkify=True)
    status = StatusColumn(SURVEY_STATUS_STYLES)
    opens_on = DateColumn(format="Y-m-d")
    closes_on = DateColumn(format="Y-m-d")
    anonymous = tables.BooleanColumn(yesno=(_("yes"), _("no")))

    class Meta:
        model = Survey
        fields = ("title", "org", "status", "opens_on", "closes_on", "anonymous", "target_count", "response_count")
