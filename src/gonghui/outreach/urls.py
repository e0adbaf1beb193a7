from django.urls import path

from gonghui.core.routes import object_urls

from . import views

app_name = "outreach"
urlpatterns = [
    *object_urls("custody", "custody/", list=views.CustodyListView, detail=views.CustodyDetailView,
                 edit=views.CustodyEditView, delete=views.CustodyDeleteView),
    path("custody/<int:pk>/add-member/", views.CustodyAddMemberView.as_view(), name="custody_add_member"),
    path("custody/members/", views.CustodyMemberListView.as_view(), name="custodymember_list"),
    path("custody/members/<int:pk>/remove/", views.CustodyMemberDeleteView.as_view(), name="custodymember_delete"),
    *object_urls("area", "areas/", list=views.AreaListView, detail=views.AreaDetailView, edit=views.AreaEditView,
                 delete=views.AreaDeleteView),
    *object_urls("contact", "contacts/", list=views.ContactListView, detail=views.ContactDetailView,
                 edit=views.ContactEditView, delete=views.ContactDeleteView),
    path("contacts/<int:pk>/add-visit/", views.ContactAddVisitView.as_view(), name="contact_add_visit"),
    path("contact-visits/", views.ContactVisitListView.as_view(), name="contactvisit_list"),
    path("contact-visits/<int:pk>/", views.ContactVisitDetailView.as_view(), name="contactvisit_detail"),
    path("contact-visits/<int:pk>/edit/", views.ContactVisitEditView.as_view(), name="contactvisit_edit"),
    path("contact-visits/<int:pk>/delete/", views.ContactVisitDeleteView.as_view(), name="contactvisit_delete"),
    *object_urls("visit", "visits/", list=views.VisitListView, detail=views.VisitDetailView, edit=views.VisitEditView,
                 delete=views.VisitDeleteView),
    *object_urls("meeting", "meetings/", list=views.MeetingListView, detail=views.MeetingDetailView,
                 edit=views.MeetingEditView, delete=views.MeetingDeleteView),
    path("meetings/frequency/", views.MeetingFrequencyView.as_view(), name="meeting_frequency"),
    *object_urls("point", "service-network/", list=views.PointListView, detail=views.PointDetailView,
                 edit=views.PointEditView, delete=views.PointDeleteView),
    *object_urls("mediator", "mediators/", list=views.MediatorListView, detail=views.MediatorDetailView,
                 edit=views.MediatorEditView, delete=views.MediatorDeleteView),
    *object_urls("consultation", "consultations/", list=views.ConsultationListView,
                 detail=views.ConsultationDetailView, edit=views.ConsultationEditView,
                 delete=views.ConsultationDeleteView),
]
