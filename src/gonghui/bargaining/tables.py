import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.tables import BaseTable, StatusColumn

from .models import Offer, OfferCampaign


class OfferTable(BaseTable):
    reference_no = tables.Column(linkify=True)
    org = tables.Column(order_by=("org__path",))
    on_behalf_of = tables.Column(order_by=("on_behalf_of__path",))
    employer_names = tables.Column(verbose_name=_("employers"), orderable=False, empty_values=())
    topics = tables.Column(verbose_name=pgettext_lazy("bargaining", "topics"), accessor="topic_codes",
                           orderable=False)
    status = StatusColumn(Offer.status_styles)

    class Meta:
        model = Offer
        fields = ("reference_no", "org", "on_behalf_of", "employer_names", "coverage", "topics", "sent_on",
                  "reply_due", "reply", "replied_on", "status")

    def render_employer_names(self, record):
        return "、".join(e.name for e in record.employers.all())  # prefetched by the list's selector

    def value_employer_names(self, record):
        return self.render_employer_names(record)

    def render_topics(self, record):
        return record.get_topics_display()

    def value_topics(self, record):
        return record.get_topics_display()


class CampaignTable(BaseTable):
    name = tables.Column(linkify=True)
    org = tables.Column(order_by=("org__path",))
    offers_sent = tables.Column(verbose_name=_("offers sent"), orderable=False)  # annotated by the list's selector
    status = StatusColumn(OfferCampaign.status_styles)

    class Meta:
        model = OfferCampaign
        fields = ("name", "org", "starts_on", "ends_on", "offers_sent", "status")
