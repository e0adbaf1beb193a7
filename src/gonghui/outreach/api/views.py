from gonghui.core.api.viewsets import ScopedModelViewSet

from .. import selectors
from ..filtersets import (
    AreaFilterSet,
    CareVisitFilterSet,
    ConsultationFilterSet,
    ContactFilterSet,
    ContactVisitFilterSet,
    CustodyFilterSet,
    CustodyMemberFilterSet,
    MediatorFilterSet,
    MeetingFilterSet,
    PointFilterSet,
)
from ..models import (
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
from ..views import CONSULTATION_FIELDS, MEETING_FIELDS, POINT_FIELDS
from . import serializers as s


class CustodyAgreementViewSet(ScopedModelViewSet):
    """Custody agreements (会员托管协议)."""

    selector = staticmethod(selectors.custody_for)
    model, serializer_class, filterset_class = CustodyAgreement, s.CustodyAgreementSerializer, CustodyFilterSet
    ordering_fields = ["starts_on", "ends_on"]


class CustodyMemberViewSet(ScopedModelViewSet):
    """The members a custody agreement covers (``?agreement=<id>``)."""

    selector = staticmethod(selectors.custody_members_for)
    model, serializer_class, filterset_class = CustodyMember, s.CustodyMemberSerializer, CustodyMemberFilterSet


class ContactAreaViewSet(ScopedModelViewSet):
    """Contact areas (片区) and the unions in them."""

    selector = staticmethod(selectors.areas_for)
    model, serializer_class, filterset_class = ContactArea, s.ContactAreaSerializer, AreaFilterSet


class ContactAssignmentViewSet(ScopedModelViewSet):
    """Cadres' contact employers (挂点联系)."""

    selector = staticmethod(selectors.contacts_for)
    model, serializer_class, filterset_class = ContactAssignment, s.ContactAssignmentSerializer, ContactFilterSet


class ContactVisitViewSet(ScopedModelViewSet):
    """The visit log of the contact assignments."""

    selector = staticmethod(selectors.contact_visits_for)
    model, serializer_class, filterset_class = ContactVisit, s.ContactVisitSerializer, ContactVisitFilterSet
    ordering_fields = ["visited_on"]


class CareVisitViewSet(ScopedModelViewSet):
    """Care visits (走访慰问) to members, their families and struggling employers."""

    selector = staticmethod(selectors.visits_for)
    model, serializer_class, filterset_class = CareVisit, s.CareVisitSerializer, CareVisitFilterSet
    ordering_fields = ["visited_on", "amount"]


class PartnerMeetingViewSet(ScopedModelViewSet):
    """Meetings with the government, the tripartite mechanism and the Party committee."""

    selector = staticmethod(selectors.meetings_for)
    model, fields, filterset_class = PartnerMeeting, MEETING_FIELDS, MeetingFilterSet
    ordering_fields = ["held_on"]


class ServicePointViewSet(ScopedModelViewSet):
    """The service network: assistance centres, stations and points."""

    selector = staticmethod(selectors.points_for)
    model, fields, filterset_class = ServicePoint, POINT_FIELDS, PointFilterSet


class MediatorViewSet(ScopedModelViewSet):
    """The mediators' roster."""

    selector = staticmethod(selectors.mediators_for)
    model, serializer_class, filterset_class = Mediator, s.RosterMediatorSerializer, MediatorFilterSet


class ConsultationViewSet(ScopedModelViewSet):
    """Consultations given (legal and other)."""

    selector = staticmethod(selectors.consultations_for)
    model, fields, filterset_class = Consultation, CONSULTATION_FIELDS, ConsultationFilterSet
    ordering_fields = ["consulted_on"]
