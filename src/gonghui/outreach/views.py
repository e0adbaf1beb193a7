"""Pages of contacts and the service network: the kit's list, detail, edit and delete pages, a member added to a
custody agreement and a visit added to a contact's log from the record's page, and the federations below their
meeting frequency."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from gonghui.core.views import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    OfficialRequiredMixin,
)

from . import forms, selectors
from .filtersets import (
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
from .tables import (
    AreaTable,
    CareVisitTable,
    ConsultationTable,
    ContactTable,
    ContactVisitTable,
    CustodyMemberTable,
    CustodyTable,
    MediatorTable,
    MeetingTable,
    PointTable,
)

# --- custody (会员托管) ---------------------------------------------------------------------------------------------


class CustodyListView(ObjectListView):
    selector = staticmethod(selectors.custody_for)
    model, filterset_class, table_class = CustodyAgreement, CustodyFilterSet, CustodyTable
    title, export_name, add_url_name = _("Custody agreements"), "custody-agreements", "outreach:custody_add"


class CustodyDetailView(ObjectDetailView):
    model, template_name = CustodyAgreement, "outreach/custody_detail.html"
    list_url_name, edit_url_name, delete_url_name = ("outreach:custody_list", "outreach:custody_edit",
                                                     "outreach:custody_delete")
    fields = ("org", "counterpart", "signed_on", "starts_on", "ends_on", "notes")

    def get_object_context(self, agreement):
        covered = (CustodyMember.objects.for_user(self.request.user).filter(agreement=agreement)
                   .select_related("member", "member__org"))
        return {"covered": covered}


class CustodyEditView(ObjectEditView):
    model, form_class, list_url_name = CustodyAgreement, forms.CustodyForm, "outreach:custody_list"
    title_add, title_edit = _("New custody agreement"), _("Edit the custody agreement")


class CustodyDeleteView(ObjectDeleteView):
    model, list_url_name = CustodyAgreement, "outreach:custody_list"
    message = _("The agreement and the list of members it covers are removed. The change log keeps them.")


class CustodyAddMemberView(ObjectActionView):
    """Put a member under the agreement."""

    model, form_class = CustodyAgreement, forms.CustodyMemberForm
    title, success_message = _("Add a member to the agreement"), _("The member is now covered by the agreement.")

    def form_kwargs(self, agreement):
        return {"user": self.request.user, "agreement": agreement}

    def perform(self, agreement, form):
        return form.save()

    def success_url(self, agreement, covered):
        return agreement.get_absolute_url()


class CustodyMemberListView(ObjectListView):
    selector = staticmethod(selectors.custody_members_for)
    model, filterset_class, table_class = CustodyMember, CustodyMemberFilterSet, CustodyMemberTable
    title, export_name = _("Members in custody"), "members-in-custody"


class CustodyMemberDeleteView(ObjectDeleteView):
    model, list_url_name = CustodyMember, "outreach:custody_list"
    title, message = _("Remove the member from the agreement"), _("The member is no longer covered.")

    def success_url(self, obj, result):
        return obj.agreement.get_absolute_url()


# --- contact areas and contacts (片区, 挂点联系) ----------------------------------------------------------------------


class AreaListView(ObjectListView):
    selector = staticmethod(selectors.areas_for)
    model, filterset_class, table_class = ContactArea, AreaFilterSet, AreaTable
    title, export_name, add_url_name = _("Contact areas"), "contact-areas", "outreach:area_add"


class AreaDetailView(ObjectDetailView):
    model, template_name = ContactArea, "outreach/area_detail.html"
    list_url_name, edit_url_name, delete_url_name = ("outreach:area_list", "outreach:area_edit",
                                                     "outreach:area_delete")
    fields = ("org", "name", "lead", "notes")

    def get_object_context(self, area):
        return {"unions": area.unions.order_by("path")}


class AreaEditView(ObjectEditView):
    model, form_class, list_url_name = ContactArea, forms.AreaForm, "outreach:area_list"
    title_add, title_edit = _("New contact area"), _("Edit the contact area")


class AreaDeleteView(ObjectDeleteView):
    model, list_url_name = ContactArea, "outreach:area_list"


class ContactListView(ObjectListView):
    selector = staticmethod(selectors.contacts_for)
    model, filterset_class, table_class = ContactAssignment, ContactFilterSet, ContactTable
    title, export_name, add_url_name = _("Contact employers (挂点联系)"), "contact-assignments", "outreach:contact_add"


class ContactDetailView(ObjectDetailView):
    model, template_name = ContactAssignment, "outreach/contact_detail.html"
    list_url_name, edit_url_name, delete_url_name = ("outreach:contact_list", "outreach:contact_edit",
                                                     "outreach:contact_delete")
    fields = ("org", "cadre", "unit", "since", "until", "notes")

    def get_object_context(self, assignment):
        return {"visits": ContactVisit.objects.for_user(self.request.user).filter(assignment=assignment)}


class ContactEditView(ObjectEditView):
    model, form_class, list_url_name = ContactAssignment, forms.ContactForm, "outreach:contact_list"
    title_add, title_edit = _("New contact assignment"), _("Edit the contact assignment")


class ContactDeleteView(ObjectDeleteView):
    model, list_url_name = ContactAssignment, "outreach:contact_list"
    message = _("The assignment and its visit log are removed. The change log keeps them.")


class ContactAddVisitView(ObjectActionView):
    """Log a visit to the employer."""

    model, form_class = ContactAssignment, forms.ContactVisitForm
    title, success_message = _("Log a visit"), _("The visit has been logged.")

    def initial(self, assignment):
        return {"visited_on": timezone.localdate()}

    def form_kwargs(self, assignment):
        return {"user": self.request.user, "assignment": assignment}

    def perform(self, assignment, form):
        return form.save()

    def success_url(self, assignment, visit):
        return assignment.get_absolute_url()


class ContactVisitListView(ObjectListView):
    selector = staticmethod(selectors.contact_visits_for)
    model, filterset_class, table_class = ContactVisit, ContactVisitFilterSet, ContactVisitTable
    title, export_name = _("Contact visits"), "contact-visits"


class ContactVisitDetailView(ObjectDetailView):
    model = ContactVisit
    list_url_name, edit_url_name, delete_url_name = ("outreach:contactvisit_list", "outreach:contactvisit_edit",
                                                     "outreach:contactvisit_delete")
    fields = ("assignment", "org", "visited_on", "problems", "problems_raised", "problems_solved", "notes")


class ContactVisitEditView(ObjectEditView):
    model, form_class, list_url_name = ContactVisit, forms.ContactVisitForm, "outreach:contactvisit_list"
    title_edit = _("Edit the visit")


class ContactVisitDeleteView(ObjectDeleteView):
    model, list_url_name = ContactVisit, "outreach:contactvisit_list"


# --- care visits (走访慰问) ------------------------------------------------------------------------------------------


class VisitListView(ObjectListView):
    selector = staticmethod(selectors.visits_for)
    model, filterset_class, table_class = CareVisit, CareVisitFilterSet, CareVisitTable
    title, export_name, add_url_name = _("Care visits"), "care-visits", "outreach:visit_add"


class VisitDetailView(ObjectDetailView):
    model = CareVisit
    list_url_name, edit_url_name, delete_url_name = ("outreach:visit_list", "outreach:visit_edit",
                                                     "outreach:visit_delete")
    fields = ("org", "kind", "visited_on", "member", "person", "unit", "visitors", "amount", "notes")


class VisitEditView(ObjectEditView):
    model, form_class, list_url_name = CareVisit, forms.CareVisitForm, "outreach:visit_list"
    title_add, title_edit = _("Record a care visit"), _("Edit the care visit")

    def get_initial(self):
        return {"visited_on": timezone.localdate()}


class VisitDeleteView(ObjectDeleteView):
    model, list_url_name = CareVisit, "outreach:visit_list"


# --- meetings with partners ----------------------------------------------------------------------------------------

MEETING_FIELDS = ("org", "kind", "held_on", "partners", "issues", "decisions", "follow_up", "followed_up")


class MeetingListView(ObjectListView):
    selector = staticmethod(selectors.meetings_for)
    model, filterset_class, table_class = PartnerMeeting, MeetingFilterSet, MeetingTable
    title, export_name, add_url_name = _("Meetings with partners"), "partner-meetings", "outreach:meeting_add"


class MeetingDetailView(ObjectDetailView):
    model, fields = PartnerMeeting, MEETING_FIELDS
    list_url_name, edit_url_name, delete_url_name = ("outreach:meeting_list", "outreach:meeting_edit",
                                                     "outreach:meeting_delete")


class MeetingEditView(ObjectEditView):
    model, fields, list_url_name = PartnerMeeting, MEETING_FIELDS, "outreach:meeting_list"
    title_add, title_edit = _("Record a meeting"), _("Edit the meeting")


class MeetingDeleteView(ObjectDeleteView):
    model, list_url_name = PartnerMeeting, "outreach:meeting_list"


class MeetingFrequencyView(OfficialRequiredMixin, TemplateView):
    """The federations that held fewer meetings with a partner than the rule asks for in the last twelve months."""

    template_name = "outreach/meeting_frequency.html"
    title = _("Federations below the meeting frequency")

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return {**super().get_context_data(**kwargs),
                "rows": selectors.meetings_below_frequency(self.request.user, today), "title": self.title}


# --- the service network, mediators, consultations -----------------------------------------------------------------

POINT_FIELDS = ("org", "kind", "name", "address", "services", "staff", "opening_hours", "telephone", "active")
MEDIATOR_FIELDS = ("org", "committee", "name", "phone", "speciality", "since", "active")
CONSULTATION_FIELDS = ("org", "kind", "channel", "consulted_on", "subject", "answer", "people")


class PointListView(ObjectListView):
    selector = staticmethod(selectors.points_for)
    model, filterset_class, table_class = ServicePoint, PointFilterSet, PointTable
    title, export_name, add_url_name = _("Service network"), "service-points", "outreach:point_add"


class PointDetailView(ObjectDetailView):
    model, fields = ServicePoint, POINT_FIELDS
    list_url_name, edit_url_name, delete_url_name = ("outreach:point_list", "outreach:point_edit",
                                                     "outreach:point_delete")


class PointEditView(ObjectEditView):
    model, fields, list_url_name = ServicePoint, POINT_FIELDS, "outreach:point_list"
    title_add, title_edit = _("New service point"), _("Edit the service point")


class PointDeleteView(ObjectDeleteView):
    model, list_url_name = ServicePoint, "outreach:point_list"


class MediatorListView(ObjectListView):
    selector = staticmethod(selectors.mediators_for)
    model, filterset_class, table_class = Mediator, MediatorFilterSet, MediatorTable
    title, export_name, add_url_name = _("Mediators"), "mediators", "outreach:mediator_add"


class MediatorDetailView(ObjectDetailView):
    model, fields = Mediator, MEDIATOR_FIELDS
    list_url_name, edit_url_name, delete_url_name = ("outreach:mediator_list", "outreach:mediator_edit",
                                                     "outreach:mediator_delete")


class MediatorEditView(ObjectEditView):
    model, fields, list_url_name = Mediator, MEDIATOR_FIELDS, "outreach:mediator_list"
    title_add, title_edit = _("New mediator"), _("Edit the mediator")


class MediatorDeleteView(ObjectDeleteView):
    model, list_url_name = Mediator, "outreach:mediator_list"


class ConsultationListView(ObjectListView):
    selector = staticmethod(selectors.consultations_for)
    model, filterset_class, table_class = Consultation, ConsultationFilterSet, ConsultationTable
    title, export_name, add_url_name = _("Consultations"), "consultations", "outreach:consultation_add"


class ConsultationDetailView(ObjectDetailView):
    model, fields = Consultation, CONSULTATION_FIELDS
    list_url_name, edit_url_name, delete_url_name = ("outreach:consultation_list", "outreach:consultation_edit",
                                                     "outreach:consultation_delete")


class ConsultationEditView(ObjectEditView):
    model, fields, list_url_name = Consultation, CONSULTATION_FIELDS, "outreach:consultation_list"
    title_add, title_edit = _("Log a consultation"), _("Edit the consultation")

    def get_initial(self):
        return {"consulted_on": timezone.localdate()}


class ConsultationDeleteView(ObjectDeleteView):
    model, list_url_name = Consultation, "outreach:consultation_list"
