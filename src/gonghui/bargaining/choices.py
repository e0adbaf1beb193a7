from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

DEFAULT_REPLY_DAYS = 20  # 集体合同规定 art. 32: the other side answers in writing within 20 days
DUE_SOON_DAYS = 5  # a reply due within this many days is "due" on the workbench


def reply_days():
    return int(getattr(settings, "GONGHUI_OFFER_REPLY_DAYS", DEFAULT_REPLY_DAYS))


class OfferStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("bargaining", "Draft")
    SENT = "sent", pgettext_lazy("bargaining", "Sent")
    ANSWERED = "answered", pgettext_lazy("bargaining", "Answered")
    WITHDRAWN = "withdrawn", pgettext_lazy("bargaining", "Withdrawn")


class Coverage(models.TextChoices):
    EMPLOYER = "employer", _("One employer")
    REGIONAL = "regional", _("A region (several employers)")
    INDUSTRY = "industry", _("An industry (several employers)")


class Topic(models.TextChoices):
    WAGES = "wages", pgettext_lazy("bargaining", "Wages")
    HOURS = "hours", pgettext_lazy("bargaining", "Working hours")
    REST = "rest", pgettext_lazy("bargaining", "Rest and leave")
    INSURANCE = "insurance", pgettext_lazy("bargaining", "Insurance")
    WELFARE = "welfare", pgettext_lazy("bargaining", "Welfare")
    WOMEN = "women", pgettext_lazy("bargaining", "Women workers' special protection")
    SAFETY = "safety", pgettext_lazy("bargaining", "Occupational safety and health")
    TRAINING = "training", pgettext_lazy("bargaining", "Vocational training")
    OTHER = "other", pgettext_lazy("bargaining", "Other")


class Reply(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("bargaining", "Accepted")
    REFUSED = "refused", pgettext_lazy("bargaining", "Refused")
    COUNTER = "counter", pgettext_lazy("bargaining", "Counter-proposal")


class CampaignStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("bargaining", "Under way")
    CLOSED = "closed", pgettext_lazy("bargaining", "Finished")
