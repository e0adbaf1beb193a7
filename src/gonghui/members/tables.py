"""List tables of members, join applications and transfers. Exports use the same columns: PII stays masked."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.exports import RevealIdNumberMixin

from .models import JoinApplication, Member, Transfer

TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}


class MemberTable(RevealIdNumberMixin, tables.Table):  # unmasked exports: see gonghui.core.exports
    member_no = tables.Column(linkify=True, verbose_name=_("member number"))
    name = tables.Column(linkify=True)
    id_number = tables.Column(accessor="id_number_masked", verbose_name=_("ID number"), orderable=False,
                              attrs={"td": {"class": "masked"}})
    phone = tables.Column(accessor="phone_masked", verbose_name=_("mobile phone"), orderable=False,
                          attrs={"td": {"class": "masked"}})
    org = tables.Column(verbose_name=_("union"), order_by=("org__name",))
    unit = tables.Column(verbose_name=_("employer unit"), order_by=("unit__name",))
    join_date = tables.DateColumn(format="Y-m-d")
    status = tables.TemplateColumn(template_name="members/partials/status_cell.html", verbose_name=_("status"),
                                   order_by=("status",))

    class Meta:
        model = Member
        fields = ("member_no", "name", "gender", "id_number", "phone", "org", "unit", "employment_type", "join_date", "status")
        sequence = fields
        attrs = TABLE_ATTRS
        order_by = ("-join_date",)

    def value_status(self, record):
        return record.get_status_display()


class ApplicationTable(RevealIdNumberMixin, tables.Table):
    reference_no = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    id_number = tables.Column(accessor="id_number_masked", verbose_name=_("ID number"), orderable=False,
                              attrs={"td": {"class": "masked"}})
    phone = tables.Column(accessor="phone_masked", verbose_name=_("mobile phone"), orderable=False,
                          attrs={"td": {"class": "masked"}})
    org = tables.Column(verbose_name=_("union"), order_by=("org__name",))
    created_at = tables.DateTimeColumn(format="Y-m-d H:i")
    status = tables.TemplateColumn(template_name="members/partials/status_cell.html", verbose_name=_("status"),
                                   order_by=("status",))

    class Meta:
        model = JoinApplication
        fields = ("reference_no", "name", "gender", "id_number", "phone", "org", "unit_name", "employment_type",
                  "channel", "created_at", "status")
        sequence = fields
        attrs = TABLE_ATTRS
        order_by = ("-created_at",)

    def value_status(self, record):
        return record.get_status_display()


class TransferTable(tables.Table):
    member_name = tables.Column(accessor="member__name", verbose_name=_("member"), linkify=lambda record: record.get_absolute_url(),
                                order_by=("member__name",))
    member_no = tables.Column(accessor="member__member_no", verbose_name=_("member number"))
    from_org = tables.Column(verbose_name=_("from union"), order_by=("from_org__name",))
    to_org = tables.Column(verbose_name=_("to union"), order_by=("to_org__name",))
    started_at = tables.DateTimeColumn(format="Y-m-d H:i")
    decided_at = tables.DateTimeColumn(format="Y-m-d H:i")
    status = tables.TemplateColumn(template_name="members/partials/status_cell.html", verbose_name=_("status"),
                                   order_by=("status",))

    class Meta:
        model = Transfer
        fields = ("member_name", "member_no", "from_org", "to_org", "reason", "started_at", "started_by", "status", "decided_at")
        sequence = fields
        attrs = TABLE_ATTRS
        order_by = ("-started_at",)

    def value_status(self, record):
        return record.get_status_display()
