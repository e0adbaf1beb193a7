"""Surveys of workers' views (职工思想状况调查): a union builds a short questionnaire, sends it to its subtree (or
to chosen unions in it), members answer once in the portal, officials read the results.

Answers are kept in one row per response (``Response.answers``: question id -> value), and whether a member has
answered in another (``Participation``): an anonymous survey stores its responses without any link to the member,
while the participation, which names the member, keeps them from answering twice. Neither row carries an order
that would match one to the other (random keys, a response keeps only the day it was given).
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.modelfields import created_field, org_field, part_of, user_field
from gonghui.core.models import ScopedModel
from gonghui.core.workflow import Transition, Workflow

from .choices import CHOICE_KINDS, SURVEY_STATUS_STYLES, QuestionKind, SurveyStatus


class Survey(ScopedModel):
    """A questionnaire of one union, sent to its subtree or to chosen unions within it."""

    org = org_field(_("organised by union"), "surveys")
    title = models.CharField(_("title"), max_length=150)
    intro = models.TextField(_("introduction"), blank=True, max_length=2000)
    target_orgs = models.ManyToManyField(
        "orgs.Organisation", verbose_name=_("sent to unions"), blank=True, related_name="+",
        help_text=_("Leave empty to send the survey to the whole subtree of the organising union."))
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    anonymous = models.BooleanField(
        _("anonymous"), default=True,
        help_text=_("Officials never see who answered: responses are stored without the member."))
    status = models.CharField(_("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT,
                              db_index=True)
    target_count = models.PositiveIntegerField(_("members targeted"), default=0, editable=False)
    response_count = models.PositiveIntegerField(_("responses"), default=0, editable=False)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # the portal's address of the survey
    created_by = user_field(_("created by"))
    created_at = created_field()

    detail_url_name = "surveys:survey_detail"
    audit_fields = ["title", "intro", "org", "opens_on", "closes_on", "anonymous", "status", "target_count"]
    status_styles = SURVEY_STATUS_STYLES
    workflow = Workflow(
        Transition("open", sources=[SurveyStatus.DRAFT], target=SurveyStatus.OPEN, label=_("opened"),
                   button=_("Open the survey"), url_name="surveys:survey_open", style="primary", api="open",
                   when=lambda s: s.questions.exists()),
        Transition("close", sources=[SurveyStatus.OPEN], target=SurveyStatus.CLOSED, label=_("closed"),
                   button=_("Close the survey"), url_name="surveys:survey_close", style="outline-danger",
                   api="close"),
        conflict=_("The survey has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_on", "-id"]

    def __str__(self):
        return self.title

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-secondary")

    @property
    def is_draft(self):
        """Questions can be changed only before the survey is sent."""
        return self.status == SurveyStatus.DRAFT

    def is_answerable(self, today=None):
        today = today or timezone.localdate()
        return self.status == SurveyStatus.OPEN and self.opens_on <= today <= self.closes_on

    def audit_extra(self):
        # The questions are part of the survey: a change to one is a change of the survey in its log.
        if not self.pk:
            return {}
        return {"questions": [q.summary() for q in self.questions.all()],
                "target_orgs": sorted(o.code for o in self.target_orgs.all())}


class Question(models.Model):
    survey = part_of(Survey, _("survey"), "questions")
    position = models.PositiveSmallIntegerField(pgettext_lazy("question", "position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("answer required"), default=True)
    options = models.JSONField(_("options"), default=list, blank=True)
    low_label = models.CharField(_("label of 1"), max_length=30, blank=True)
    high_label = models.CharField(_("label of 5"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "id"]

    def __str__(self):
        return self.text

    @property
    def is_choice(self):
        return self.kind in CHOICE_KINDS

    def summary(self):
        parts = [f"{self.position}. [{self.get_kind_display()}] {self.text}"]
        if self.is_choice:
            parts.append(" / ".join(self.options))
        elif self.kind == QuestionKind.SCALE:
            parts.append(f"1={self.low_label} 5={self.high_label}")
        return " · ".join(parts) + ("" if self.required else f" ({_('optional')})")


class Response(models.Model):
    """One member's answers. ``member`` is empty when the survey is anonymous."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = part_of(Survey, _("survey"), "responses")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["survey", "submitted_on", "id"]

    def __str__(self):
        return str(self.survey)

    def get_absolute_url(self):
        return self.survey.get_absolute_url()

    def audit_org(self):
        return self.survey.org


class Participation(models.Model):
    """That a member has answered a survey (and nothing else: no time, no link to the response)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = part_of(Survey, _("survey"), "participations")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.CASCADE,
                               related_name="+")

    class Meta:
        verbose_name = _("survey participation")
        verbose_name_plural = _("survey participations")
        constraints = [models.UniqueConstraint(fields=["survey", "member"], name="surveys_answer_once")]

