from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PointKind(models.TextChoices):
    CENTRE = "centre", _("Assistance and service centre (帮扶中心)")
    STATION = "station", _("Service station (服务站)")
    POINT = "point", _("Service point (服务点)")


class VisitKind(models.TextChoices):
    ILLNESS = "illness", _("Hospital visit (住院探访)")
    BIRTH = "birth", _("Birth of a child")
    BEREAVEMENT = "bereavement", _("Bereavement condolence")
    FAMILY = "family", _("Visit to the family")
    FESTIVAL = "festival", _("Festival visit")
    EMPLOYER = "employer", _("Struggling employer")
    OTHER = "other", pgettext_lazy("visit", "Other")


EMPLOYER_VISITS = (VisitKind.EMPLOYER,)


class MeetingKind(models.TextChoices):
    GOVERNMENT = "government", _("Joint meeting with the government (联席会议)")
    TRIPARTITE = "tripartite", _("Tripartite labour-relations meeting (三方协商)")
    PARTY = "party", _("Party-union joint meeting")


class ConsultationKind(models.TextChoices):
    LEGAL = "legal", _("Legal")
    POLICY = "policy", _("Policy")
    EMPLOYMENT = "employment", _("Employment")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    OTHER = "other", pgettext_lazy("consultation", "Other")


class Channel(models.TextChoices):
    VISIT = "visit", _("In person")
    PHONE = "phone", _("Telephone")
    ONLINE = "online", _("Online")
