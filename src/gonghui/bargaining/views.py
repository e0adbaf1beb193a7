from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from gonghui.core.views import DownloadView, ObjectActionView, ObjectDetailView, ObjectEditView, ObjectListView

from . import selectors, services
from .choices import OfferStatus
from .filtersets import CampaignFilterSet, InstructorFilterSet, OfferFilterSet, RoundFilterSet
from .forms import AnswerForm, CampaignForm, OfferForm, RoundForm, SendForm, SendOffersForm
from .models import Instructor, Offer, OfferCampaign
from .tables import CampaignTable, InstructorTable, OfferTable, RoundTable


def _offers_listed(user):
    return selectors.offers_for(user).prefetch_related("employers")


class OfferListView(ObjectListView):
    selector = staticmethod(_offers_listed)
    table_class, filterset_class = OfferTable, OfferFilterSet
    title, export_name, add_url_name = gettext_lazy("Offers to bargain"), "offers", "bargaining:offer_add"


class OfferDetailView(ObjectDetailView):
    template_name = "bargaining/offer_detail.html"
    selector = staticmethod(selectors.offers_for)
    list_url_name, edit_url_name = "bargaining:offer_list", "bargaining:offer_edit"

    def get_object_context(self, obj):
        return {"employers": obj.employers.order_by("name"),
                "rounds": obj.rounds.select_related("instructor").order_by("number"),
                "overdue": Offer.objects.filter(selectors.overdue_q(timezone.localdate()), pk=obj.pk).exists()}


class OfferEditView(ObjectEditView):
    model, form_class, list_url_name = Offer, OfferForm, "bargaining:offer_list"
    selector = staticmethod(selectors.offers_for)
    title_add, title_edit = gettext_lazy("New offer to bargain"), gettext_lazy("Edit the offer")


class OfferSendView(ObjectActionView):
    selector = staticmethod(selectors.offers_for)
    transition = "send"
    title = gettext_lazy("Send the offer")
    message = gettext_lazy("The reply is due 20 days after the offer is sent, unless the settings say otherwise.")
    success_message = gettext_lazy("The offer has been sent.")
    form_class = SendForm
    service, service_fields = services.send_offer, ("sent_on",)


class OfferAnswerView(ObjectActionView):
    selector = staticmethod(selectors.offers_for)
    transition = "answer"
    title = pgettext_lazy("bargaining", "Record the reply")
    success_message = gettext_lazy("The reply has been recorded.")
    form_class = AnswerForm
    service, service_fields = services.answer_offer, ("replied_on", "reply", "reply_note")


class OfferWithdrawView(ObjectActionView):
    selector = staticmethod(selectors.offers_for)
    transition = "withdraw"
    title = gettext_lazy("Withdraw the offer")
    message = gettext_lazy("A withdrawn offer waits for no reply.")
    success_message = gettext_lazy("The offer has been withdrawn.")
    service = services.withdraw_offer


def _campaigns_listed(user):
    return selectors.campaigns_for(user).annotate(offers_sent=Count(
        "offers", filter=Q(offers__sent_on__isnull=False) & ~Q(offers__status=OfferStatus.WITHDRAWN)))


class CampaignListView(ObjectListView):
    selector = staticmethod(_campaigns_listed)
    table_class, filterset_class = CampaignTable, CampaignFilterSet
    title, export_name, add_url_name = gettext_lazy("Offer campaigns"), "offer-campaigns", "bargaining:campaign_add"


class CampaignDetailView(ObjectDetailView):
    template_name = "bargaining/campaign_detail.html"
    selector = staticmethod(selectors.campaigns_for)
    list_url_name, edit_url_name = "bargaining:campaign_list", "bargaining:campaign_edit"

    def get_object_context(self, obj):
        offers_url = reverse("bargaining:offer_list") + f"?campaign={obj.pk}"
        return {"counts": selectors.campaign_counts(obj, timezone.localdate()), "offers_url": offers_url,
                "offers": obj.offers.select_related("on_behalf_of").prefetch_related("employers")
                .order_by("reply_due", "pk")[:50]}


class CampaignEditView(ObjectEditView):
    model, form_class, list_url_name = OfferCampaign, CampaignForm, "bargaining:campaign_list"
    selector = staticmethod(selectors.campaigns_for)
    title_add, title_edit = gettext_lazy("New offer campaign"), gettext_lazy("Edit the campaign")


class CampaignSendOffersView(ObjectActionView):
    selector = staticmethod(selectors.campaigns_for)
    transition = "send_offers"
    title = gettext_lazy("Send offers to employers")
    message = gettext_lazy("One offer goes to each employer chosen, with the campaign's topics and content, all at "
                           "once. An employer with a union of its own below gets it on that union's behalf.")
    success_message = gettext_lazy("The offers have been sent.")
    form_class = SendOffersForm
    service, service_fields = services.send_campaign_offers, ("employers", "sent_on")

    def form_kwargs(self, obj):
        return {"user": self.request.user, "campaign": obj}


class CampaignCloseView(ObjectActionView):
    selector = staticmethod(selectors.campaigns_for)
    transition = "close"
    title = gettext_lazy("Finish the campaign")
    message = gettext_lazy("Its offers keep waiting for their replies; no more offers can be sent in it.")
    success_message = gettext_lazy("The campaign is finished.")
    service = services.close_campaign


class OfferRecordRoundView(ObjectActionView):
    selector = staticmethod(selectors.offers_for)
    transition = "record_round"
    title = gettext_lazy("Record a negotiation round")
    success_message = gettext_lazy("The round has been recorded.")
    form_class = RoundForm
    service = services.record_round
    service_fields = ("held_on", "union_side", "employer_side", "instructor", "agreed", "open_points", "minutes")

    def form_kwargs(self, obj):
        return {"offer": obj}


class RoundListView(ObjectListView):
    selector = staticmethod(selectors.rounds_for)
    table_class, filterset_class = RoundTable, RoundFilterSet
    title, export_name = gettext_lazy("Negotiation rounds"), "negotiation-rounds"


class RoundMinutesView(DownloadView):
    selector = staticmethod(selectors.rounds_for)

    def check(self, obj, file):
        if not obj.file:
            raise Http404


class InstructorListView(ObjectListView):
    selector = staticmethod(selectors.instructors_for)
    table_class, filterset_class = InstructorTable, InstructorFilterSet
    title, export_name, add_url_name = (gettext_lazy("Bargaining instructors"), "instructors",
                                        "bargaining:instructor_add")


class InstructorDetailView(ObjectDetailView):
    model, list_url_name, edit_url_name = Instructor, "bargaining:instructor_list", "bargaining:instructor_edit"
    fields = ("org", "name", "phone", "expertise", "active")


class InstructorEditView(ObjectEditView):
    model, list_url_name = Instructor, "bargaining:instructor_list"
    fields = ("org", "name", "phone", "expertise", "active")
