from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SchemeKind(models.TextChoices):
    HOME = "home", _("Workers' home (职工之家)")
    SMALL_HOME = "small_home", _("Workers' small home (职工小家)")
    SIX_GOOD = "six_good", _("Six goods township union (六好)")
    SIX_HAVE = "six_have", _("Six haves (六有)")
    FIVE_TYPE = "five_type", _("Five-type small home (五型小家)")
    STAR_CONGRESS = "star_congress", _("Star workers' congress (星级职代会)")
    HARMONIOUS = "harmonious", _("Harmonious labour relations employer (和谐企业)")
    HAPPY = "happy", _("Happy enterprise (幸福企业)")
    SAFETY = "safety", _("Labour protection standard (劳动保护合格/示范)")
    ANNUAL = "annual", _("Annual 100-point assessment (百分制考核)")
    CUSTOM = "custom", _("Custom scheme")


class AwardLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City")
    COUNTY = "county", _("County or district")


class SchemeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("scheme", "Draft")
    PUBLISHED = "published", _("In use")
    RETIRED = "retired", _("Retired")


class CriterionSource(models.TextChoices):
    MANUAL = "manual", _("Scored by hand")
    INDICATOR = "indicator", _("From a statistics indicator")
    MEMBER_RATING = "member_rating", _("From the member rating (会员评家)")


class AppraisalStatus(models.TextChoices):
    SELF_CHECK = "self_check", _("Self-check (自查)")
    APPLIED = "applied", _("Applied (申报)")
    INSPECTED = "inspected", _("Inspected (检查)")
    ACCEPTED = "accepted", _("Accepted (验收)")
    AWARDED = "awarded", _("Awarded (命名)")
    REVOKED = "revoked", _("Revoked")


class RoundStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("rating round", "Open")
    CLOSED = "closed", pgettext_lazy("rating round", "Closed")


RATING_MAX = 5  # a member rates each member criterion from 1 to 5
RECHECK_REMIND_DAYS = 30  # the union is reminded this long before a re-check falls due
