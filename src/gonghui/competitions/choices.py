from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CompetitionKind(models.TextChoices):
    PROJECT = "project", _("Key project competition")
    POST = "post", _("Post competition")
    INDUSTRY = "industry", _("Industry competition")
    ENERGY = "energy", _("Energy saving competition")
    OTHER = "other", pgettext_lazy("competition", "Other")


class ParticipantKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    TEAM = "team", _("Team")
    WORKER = "worker", _("Worker")


class Level(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise level")
    DISTRICT = "district", _("District level")
    CITY = "city", _("City level")
    PROVINCE = "province", _("Provincial level")
    NATIONAL = "national", _("National level")


class ContestTitle(models.TextChoices):
    NONE = "", _("No title")
    CHAMPION = "champion", _("Technical champion (技术状元)")
    EXPERT = "expert", _("Technical expert (技术能手)")


class ProposalCategory(models.TextChoices):
    TECHNOLOGY = "technology", _("Technology and process")
    MANAGEMENT = "management", _("Management")
    SAFETY = "safety", _("Safety")
    ENERGY = "energy", _("Energy and cost saving")
    OTHER = "other", pgettext_lazy("proposal", "Other")


class ProposalStatus(models.TextChoices):
    FILED = "filed", pgettext_lazy("proposal", "Filed")
    EVALUATED = "evaluated", _("Evaluated")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Not adopted")
    IMPLEMENTED = "implemented", pgettext_lazy("proposal", "Implemented")


class InnovationKind(models.TextChoices):
    TECHNICAL = "technical", _("Technical innovation")
    TACKLING = "tackling", _("Problem-solving project (攻关)")
    INVENTION = "invention", _("Invention")
    PATENT = "patent", _("Patent")
    METHOD = "method", _("Advanced operating method")


class StudioKind(models.TextChoices):
    MODEL_WORKER = "model_worker", _("Model worker innovation studio")
    WORKER = "worker", _("Worker innovation studio")
    CRAFTSMAN = "craftsman", _("Craftsman innovation studio")


# A proposal filed and not yet decided on for this many days is reminded to its union.
PROPOSAL_REMIND_DAYS = 30
