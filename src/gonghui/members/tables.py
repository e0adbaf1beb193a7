"""List tables of members, join applications and transfers. Exports use the same columns: PII stays masked."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.exports import RevealIdNumberMixin
from gonghui.core.tables import BaseTable, DateColumn, MaskedColumn, StatusColumn, TimeColumn

from .choices import APPLICATION_STATUS_STYLES, MEMBER_STATUS_STYLES, TRANSFER_STATUS_STYLES
from .models import JoinApplication, Member, Transfer


def _status(styles):
    return StatusColumn(styles, verbose_name=_("status"), order_by=("status",))


class StatusLabelExport:
    """Exports write the state's label through ``value_status``, which ``gonghui.core.exports`` calls directly;
    a column's own ``value`` (``StatusColumn.value``) would send every cell through django-tables2's bound row."""

    def value_status(self, record):
        return record.get_status_display()


class MemberTable(RevealIdNumberMixin, StatusLabelExport, BaseTable):  # unmasked exports: see gonghui.core.exports
    member_no = tables.Column(linkify=True, verbose_name=_("member number"))
    name = tables.Column(linkify=True)
    id_number = MaskedColumn("id_number", verbose_name=_("ID number"))
    phone = MaskedColumn("phone", verbose_name=_("mobile phone"))
    org = tables.Column(verbose_name=_("union"), order_by=("org__name",))
    unit = tables.Column(verbose_name=_("employer unit"), order_by=("unit__name",))
    join_date = DateColumn(format="Y-m-d")
    status = _status(MEMBER_STATUS_STYLES)

    class Meta:
        model = Member
        fields = ("member_no", "name", "gender", "id_number", "phone", "org", "unit", "employment_type", "join_date",
                  "status")
        order_by = ("-join_date",)


class ApplicationTable(RevealIdNumberMixin, StatusLabelExport, BaseTable):
    reference_no = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    id_number = MaskedColumn("id_number", verbose_name=_("ID number"))
    phone = MaskedColumn("phone", verbose_name=_("mobile phone"))
    org = tables.Column(verbose_name=_("union"), order_by=("org__name",))
    created_at = TimeColumn()
    status = _status(APPLICATION_STATUS_STYLES)

    class Meta:
        model = JoinApplication
        fields = ("reference_no", "name", "gender", "id_number", "phone", "org", "unit_name", "employment_type",
                  "channel", "created_at", "status")
        order_by = ("-created_at",)


class TransferTable(StatusLabelExport, BaseTable):
    member_name = tables.Column(accessor="member__name", verbose_name=_("member"),
                                linkify=lambda record: record.get_absolute_url(), order_by=("member__name",))
    member_no = tables.Column(accessor="member__member_no", verbose_name=_("member number"))
    from_org = tables.Column(verbose_name=_("from union"), order_by=("from_org__name",))
    to_org = tables.Column(verbose_name=_("to union"), order_by=("to_org__name",))
    started_at = TimeColumn()
    decided_at = TimeColumn()
    status = _status(TRANSFER_STATUS_STYLES)

    class Meta:
        model = Transfer
        fields = ("member_name", "member_no", "from_org", "to_org", "reason", "started_at", "started_by", "status",
                  "decided_at")
        order_by = ("-started_at",)
