"""Enumerations of rights protection (维权), as users read them, and the rule settings with their defaults."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.attachments import DOCUMENT_TYPES

# 劳动争议调解仲裁法 art. 14: a mediation not settled within 15 days of acceptance may go to arbitration.
DEFAULT_MEDIATION_DAYS = 15
DEFAULT_DUE_SOON_DAYS = 3
DEFAULT_WARNING_REPORT_HOURS = 24
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENT_ACCEPTED = DOCUMENT_TYPES
DOCUMENT_LABEL = _("PDF, JPEG or PNG, at most 10 MB")


def mediation_days():
    return int(getattr(settings, "GONGHUI_MEDIATION_DAYS", DEFAULT_MEDIATION_DAYS))


def due_soon_days():
    return int(getattr(settings, "GONGHUI_RIGHTS_DUE_SOON_DAYS", DEFAULT_DUE_SOON_DAYS))


def warning_report_hours():
    return int(getattr(settings, "GONGHUI_WARNING_REPORT_HOURS", DEFAULT_WARNING_REPORT_HOURS))


class Channel(models.TextChoices):
    PORTAL = "portal", _("Member portal")
    HOTLINE = "hotline_12351", _("12351 hotline")
    WALK_IN = "walk_in", _("Walk-in")
    LETTER = "letter", _("Letter")
    REFERRAL = "referral", _("Referral")
    ANONYMOUS = "anonymous_portal", _("Anonymous (online)")


STAFF_CHANNELS = [c for c in Channel.choices
                  if c[0] in (Channel.HOTLINE, Channel.WALK_IN, Channel.LETTER, Channel.REFERRAL)]


class CaseType(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", _("Wage arrears")
    CONTRACT = "labour_contract", _("Labour contract")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    WORK_INJURY = "work_injury", _("Work injury")
    TERMINATION = "termination", _("Dismissal or end of employment")
    OVERTIME = "overtime_rest", _("Overtime and rest")
    WOMEN = "women_workers", _("Women workers' rights")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", pgettext_lazy("case", "Accepted")
    MEDIATING = "mediating", _("In mediation")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (CaseStatus.RECEIVED, CaseStatus.ACCEPTED, CaseStatus.MEDIATING)
CLOCK_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.MEDIATING)


class Outcome(models.TextChoices):
    AGREEMENT = "agreement", _("Mediation succeeded")
    FAILED = "failed", _("Mediation failed")
    WITHDRAWN = "withdrawn", pgettext_lazy("case", "Withdrawn")
    REJECTED = "rejected", _("Not accepted")


MEDIATED_OUTCOMES = (Outcome.AGREEMENT, Outcome.FAILED)


class ReferredTo(models.TextChoices):
    ARBITRATION = "arbitration", _("Labour dispute arbitration")
    COURT = "court", _("Court")


class RoutingKind(models.TextChoices):
    INTAKE = "intake", _("Received")
    DOWN = "down", _("Handed down")
    UP = "up", _("Reported up")
    ACROSS = "across", _("Transferred")


class EventKind(models.TextChoices):
    RECEIVED = "received", _("Complaint received")
    ACCEPTED = "accepted", pgettext_lazy("case", "Accepted")
    ROUTED = "routed", _("Passed to another union")
    MEDIATION = "mediation", _("Mediation started")
    EXTENDED = "extended", _("Mediation period extended")
    SESSION = "session", _("Mediation session held")
    OVERDUE = "overdue", _("Mediation period passed")
    CLOSED = "closed", _("Closed")
    RECOVERED = "recovered", _("Amount recovered recorded")
    REOPENED = "reopened", _("Reopened")
    INFO = "info", _("Information added")
    RATED = "rated", _("Handling rated")
    LEGAL_AID = "legal_aid", _("Legal aid")


class Satisfaction(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    NEUTRAL = 3, _("Neutral")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


class LegalAidProvider(models.TextChoices):
    UNION_LAWYER = "union_lawyer", _("Union lawyer")
    CENTRE = "legal_aid_centre", _("Legal aid centre")


class LegalAidStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    CONCLUDED = "concluded", _("Concluded")


class LegalAidResult(models.TextChoices):
    AWARD = "arbitration_award", _("Arbitration award")
    JUDGMENT = "judgment", _("Judgment")
    SETTLEMENT = "settlement", _("Settlement")
    WITHDRAWN = "withdrawn", pgettext_lazy("case", "Withdrawn")
    OTHER = "other", _("Other")


class WarningKind(models.TextChoices):
    GROUP_INCIDENT = "group_incident", _("Signs of a group incident")
    WAGE_ARREARS = "wage_arrears", _("Wage arrears at a large employer")
    CLOSURE = "closure", _("Closure, relocation or mass layoff")
    OTHER = "other", _("Other")


class WarningStatus(models.TextChoices):
    REPORTED = "reported", _("Reported, awaiting acknowledgement")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLOSED = "closed", _("Resolved")
