import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

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

    class Meta:
        model = Notice
        fields = ("title", "org", "audience", "publish_from", "publish_until", "status", "read_count",
                  "audience_size")
