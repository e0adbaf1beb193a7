from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("survey", "Open")
    CLOSED = "closed", pgettext_lazy("survey", "Closed")


# Surveys that were sent out (the figures count them as held).
HELD_STATUSES = (SurveyStatus.OPEN.value, SurveyStatus.CLOSED.value)

SURVEY_STATUS_STYLES = {"draft": "text-bg-secondary", "open": "text-bg-success", "closed": "text-bg-dark"}


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale of 1 to 5")
    TEXT = "text", _("Text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
SCALE_POINTS = (1, 2, 3, 4, 5)
