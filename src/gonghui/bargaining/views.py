from django.utils import timezone
from django.utils.translation import gettext_lazy

from gonghui.core.views import ObjectActionView, ObjectDetailView, ObjectEditView, ObjectListView

from . import selectors, services
from .filtersets import OfferFilterSet
from .forms import AnswerForm, OfferForm, SendForm
from .models import Offer
from .tables import OfferTable


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
    title = gettext_lazy("Record the reply")
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
