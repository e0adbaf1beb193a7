import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import BaseTable, DateColumn, MaskedColumn, table_for

from .models import (
    CareVisit,
    Consultation,
    ContactArea,
    ContactAssignment,
    ContactVisit,
    CustodyAgreement,
    CustodyMember,
    Mediator,
    PartnerMeeting,
    ServicePoint,
)

CustodyTable = table_for(CustodyAgreement, ("counterpart", "org", "signed_on", "starts_on", "ends_on"))


class CustodyMemberTable(BaseTable):
    member = tables.Column(linkify=lambda record: record.agreement.get_absolute_url())

    class Meta:
        model = CustodyMember
        fields = ("member", "agreement", "org", "since")


AreaTable = table_for(ContactArea, ("name", "org", "lead"))
ContactTable = table_for(ContactAssignment, ("cadre", "unit", "org", "since", "until"))
MeetingTable = table_for(PartnerMeeting, ("held_on", "kind", "org", "partners", "followed_up"))
PointTable = table_for(ServicePoint, ("name", "kind", "org", "address", "opening_hours", "staff", "active"))
ConsultationTable = table_for(Consultation, ("subject", "kind", "channel", "org", "consulted_on", "people"))


class ContactVisitTable(BaseTable):
    visited_on = DateColumn(linkify=True, format="Y-m-d")

    class Meta:
        model = ContactVisit
        fields = ("visited_on", "assignment", "org", "problems_raised", "problems_solved")


class CareVisitTable(BaseTable):
    visited_on = DateColumn(linkify=True, format="Y-m-d")

    class Meta:
        model = CareVisit
        fields = ("visited_on", "kind", "member", "person", "unit", "org", "visitors", "amount")


class MediatorTable(BaseTable):
    name = tables.Column(linkify=True)
    phone = MaskedColumn("phone", _("mobile phone"))

    class Meta:
        model = Mediator
        fields = ("name", "committee", "org", "phone", "speciality", "since", "active")
