import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.pii import mask_free_text
from gonghui.core.tables import BaseTable, StatusColumn, TimeColumn

from .models import Suggestion


class SuggestionTable(BaseTable):
    """No column names the member: an anonymous suggestion shows "anonymous", a named one its author's name."""

    reference_no = tables.Column(linkify=True)
    subject = tables.Column()  # a member's words: an ID or mobile number typed in is masked, as in the change log
    org = tables.Column(order_by=("org__path",))
    author = tables.Column(verbose_name=_("written by"), orderable=False)
    submitted_at = TimeColumn()
    status = StatusColumn(Suggestion.status_styles)

    def render_subject(self, value):
        return mask_free_text(value)

    def value_subject(self, value):
        return mask_free_text(value)

    class Meta:
        model = Suggestion
        fields = ("reference_no", "subject", "category", "org", "author", "submitted_at", "status", "answer_days")
