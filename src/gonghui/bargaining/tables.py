import django_tables2 as tables
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.tables import BaseTable, MaskedColumn, StatusColumn

from .models import Instructor, NegotiationRound, Offer, OfferCampaign


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


class RoundTable(BaseTable):
    offer = tables.Column(linkify=True, order_by=("offer__reference_no",))
    org = tables.Column(accessor="offer__org", verbose_name=_("sending union"), order_by=("offer__org__path",))
    instructor = tables.Column()
    minutes = tables.BooleanColumn(accessor="file_name", verbose_name=_("minutes"), orderable=False)

    class Meta:
        model = NegotiationRound
        fields = ("offer", "number", "held_on", "org", "union_side", "employer_side", "instructor", "agreed",
                  "open_points", "minutes")


class InstructorTable(BaseTable):
    name = tables.Column(linkify=True)
    org = tables.Column(order_by=("org__path",))
    phone = MaskedColumn("phone")

    class Meta:
        model = Instructor
        fields = ("name", "org", "phone", "expertise", "active")
