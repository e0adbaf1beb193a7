import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.tables import BaseTable, StatusColumn, TimeColumn

from .models import Notice


class NoticeTable(BaseTable):
    title = tables.Column(linkify=True)
    org = tables.Column(verbose_name=_("published by"), order_by=("org__path",))
    publish_from = TimeColumn()
    publish_until = TimeColumn()
    status = StatusColumn(Notice.status_styles)
    read_count = tables.Column(verbose_name=_("reads"))
    audience_size = tables.Column()

    def _own(self, record):
        """Read figures only for the reader's own unions' notices: those from above count members elsewhere too."""
        request = getattr(self, "request", None)
        return request is not None and scope.can(request.user, "view", record.org)

    def render_read_count(self, value, record):
        return value if self._own(record) else "—"

    def render_audience_size(self, value, record):
        return value if self._own(record) else "—"

    value_read_count = render_read_count
    value_audience_size = render_audience_size

    class Meta:
        model = Notice
        fields = ("title", "org", "audience", "publish_from", "publish_until", "status", "read_count",
                  "audience_size")
