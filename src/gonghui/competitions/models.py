"""Competitions and mass innovation (劳动竞赛、技能竞赛、合理化建议、职工创新): labour competitions with their
participants, skill contests with entrants, ranks and titles (winners sent up to the next level's contest),
rationalisation proposals from filing to implementation, innovations and patents, innovation studios."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.modelfields import created_field, org_field, part_of
from gonghui.core.models import ScopedModel
from gonghui.core.validators import validate_not_future
from gonghui.core.workflow import Transition, Workflow

from .choices import (
    CompetitionKind,
    ContestTitle,
    InnovationKind,
    Level,
    ParticipantKind,
    ProposalCategory,
    ProposalStatus,
    StudioKind,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


class Competition(ScopedModel):
    """A labour competition (劳动竞赛) organised by a union for a period; the unions of its subtree join it."""

    org = org_field(_("organised by"), "competitions")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=CompetitionKind.choices, default=CompetitionKind.POST)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    stages = models.TextField(_("stages"), blank=True,
                              help_text=_("One stage a line, e.g. 动员部署, 组织实施, 总结表彰."))
    description = models.TextField(_("content and rules"), blank=True)
    results = models.TextField(_("results"), blank=True)
    created_at = created_field()

    scope_org_fields = ("org",)
    detail_url_name = "competitions:competition_detail"
    audit_fields = ["org", "title", "kind", "starts_on", "ends_on", "stages", "description", "results"]

    class Meta:
        verbose_name = _("labour competition")
        verbose_name_plural = _("labour competitions")
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return self.title


class Participant(ScopedModel):
    """An employer, team or worker taking part in a competition, entered by its own union (the organiser's or one
    below it), with its score, rank and result."""

    competition = models.ForeignKey(Competition, verbose_name=_("competition"), on_delete=models.CASCADE,
                                    related_name="participants")
    org = org_field(_("union"), "+", help_text=_("The union entering the participant: the organiser or one below it."))
    kind = models.CharField(_("participant"), max_length=10, choices=ParticipantKind.choices,
                            default=ParticipantKind.EMPLOYER)
    name = models.CharField(_("name"), max_length=200)
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    headcount = models.PositiveIntegerField(_("workers taking part"), default=0)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True, validators=[MinValueValidator(1)])
    result = models.CharField(_("result"), max_length=200, blank=True)
    created_at = created_field()

    scope_org_fields = ("org",)
    detail_url_name = "competitions:participant_detail"
    audit_fields = ["competition", "org", "kind", "name", "employer_name", "headcount", "score", "rank", "result"]

    class Meta:
        verbose_name = _("competition participant")
        verbose_name_plural = _("competition participants")
        ordering = ["competition", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["competition", "kind", "name", "employer_name"],
                                               name="competitions_participant_once")]

    def __str__(self):
        return f"{self.name} · {self.competition}"


class Contest(ScopedModel):
    """A skill contest (技能竞赛, 技术比武) of one trade (工种) held by a union at a level; ``next_level`` is the
    contest its winners are sent up to."""

    org = org_field(_("held by"), "skill_contests")
    title = models.CharField(_("title"), max_length=200)
    trade = models.CharField(_("trade (工种)"), max_length=60)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.ENTERPRISE)
    held_on = models.DateField(_("held on"))
    next_level = models.ForeignKey("self", verbose_name=_("next level's contest"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="feeders",
                                   help_text=_("The contest of the same trade one level up that winners go on to."))
    note = models.TextField(_("note"), blank=True)
    created_at = created_field()

    scope_org_fields = ("org",)
    detail_url_name = "competitions:contest_detail"
    audit_fields = ["org", "title", "trade", "level", "held_on", "next_level", "note"]

    class Meta:
        verbose_name = _("skill contest")
        verbose_name_plural = _("skill contests")
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.title} · {self.trade}"


class Entrant(ScopedModel):
    """A worker entered in a skill contest (once per contest, that is per trade), with the round's score, rank and
    title; ``sent_from`` is the entry at the level below that sent the worker up."""

    contest = part_of(Contest, _("contest"), "entrants")
    worker_name = models.CharField(_("worker"), max_length=50)
    employer_name = models.CharField(_("employer"), max_length=200)
    round = models.PositiveSmallIntegerField(_("round"), default=1, validators=[MinValueValidator(1)])
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0)])
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True, validators=[MinValueValidator(1)])
    title = models.CharField(_("title awarded"), max_length=10, choices=ContestTitle.choices, blank=True)
    grade_before = models.CharField(_("grade before"), max_length=30, blank=True)
    grade_after = models.CharField(_("grade after"), max_length=30, blank=True,
                                   help_text=_("The skill grade the worker rose to through the contest."))
    sent_from = models.OneToOneField("self", verbose_name=_("sent up from"), null=True, blank=True, editable=False,
                                     on_delete=models.SET_NULL, related_name="sent_up")
    created_at = created_field()

    scope_org_fields = ("contest__org",)
    detail_url_name = "competitions:entrant_detail"
    audit_fields = ["contest", "worker_name", "employer_name", "round", "score", "rank", "title", "grade_before",
                    "grade_after", "sent_from"]

    class Meta:
        verbose_name = _("contest entrant")
        verbose_name_plural = _("contest entrants")
        ordering = ["contest", "round", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "worker_name", "employer_name"],
                                    name="competitions_entrant_once"),
            models.UniqueConstraint(fields=["contest", "round", "rank"], condition=Q(rank__isnull=False),
                                    name="competitions_rank_once"),
        ]

    def __str__(self):
        return f"{self.worker_name} · {self.contest}"

    @property
    def upgraded(self):
        return bool(self.grade_after) and self.grade_after != self.grade_before


class Proposal(ScopedModel):
    """A rationalisation proposal (合理化建议, 金点子): filed by a worker in the portal or by staff, evaluated with a
    score, adopted or not with a reason, implemented with the value it created and the reward."""

    org = org_field(_("union"), "proposals")
    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    category = models.CharField(_("category"), max_length=12, choices=ProposalCategory.choices,
                                default=ProposalCategory.TECHNOLOGY)
    unit_name = models.CharField(_("unit or department"), max_length=200, blank=True)
    author_name = models.CharField(_("proposed by"), max_length=50)
    co_authors = models.CharField(_("co-authors"), max_length=200, blank=True,
                                  help_text=_("Names, separated by commas."))
    author = models.ForeignKey("members.Member", verbose_name=_("filed in the portal by"), null=True, blank=True,
                               editable=False, on_delete=models.PROTECT, related_name="+")
    filed_on = models.DateField(_("filed on"), validators=[validate_not_future])
    status = models.CharField(_("status"), max_length=12, choices=ProposalStatus.choices,
                              default=ProposalStatus.FILED, db_index=True)
    score = models.PositiveSmallIntegerField(_("evaluation score"), null=True, blank=True,
                                             validators=[MaxValueValidator(100)])
    evaluation = models.TextField(_("panel's opinion"), blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    implemented_on = models.DateField(pgettext_lazy("proposal", "implemented on"), null=True, blank=True)
    value = models.DecimalField(_("value created or saved (yuan)"), **MONEY, default=0,
                                validators=[MinValueValidator(0)])
    reward = models.DecimalField(_("reward (yuan)"), **MONEY, default=0, validators=[MinValueValidator(0)])
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_at = created_field()

    scope_org_fields = ("org",)
    detail_url_name = "competitions:proposal_detail"
    audit_fields = ["number", "title", "content", "category", "unit_name", "author_name", "co_authors", "author",
                    "filed_on", "status", "score", "evaluation", "decision_reason", "decided_on", "implemented_on",
                    "value", "reward"]
    status_styles = {"filed": "text-bg-secondary", "evaluated": "text-bg-info", "adopted": "text-bg-primary",
                     "rejected": "text-bg-light", "implemented": "text-bg-success"}
    workflow = Workflow(
        Transition("evaluate", sources=[ProposalStatus.FILED], target=ProposalStatus.EVALUATED,
                   label=_("evaluated"), button=_("Record the evaluation"),
                   url_name="competitions:proposal_evaluate", style="primary", api="evaluate"),
        Transition("adopt", sources=[ProposalStatus.EVALUATED], target=ProposalStatus.ADOPTED,
                   label=_("adopted"), button=_("Adopt"), url_name="competitions:proposal_adopt", style="primary",
                   api="adopt"),
        Transition("reject", sources=[ProposalStatus.FILED, ProposalStatus.EVALUATED],
                   target=ProposalStatus.REJECTED, label=_("not adopted"), button=_("Do not adopt"),
                   url_name="competitions:proposal_reject", style="outline-danger", api="reject"),
        Transition("implement", sources=[ProposalStatus.ADOPTED], target=ProposalStatus.IMPLEMENTED,
                   label=pgettext_lazy("proposal", "implemented"), button=_("Record it implemented"),
                   url_name="competitions:proposal_implement", style="success", api="implement"),
        conflict=_("The proposal has changed in the meantime (it is now %(status)s). Reload the page."),
    )

    class Meta:
        verbose_name = _("rationalisation proposal")
        verbose_name_plural = _("rationalisation proposals")
        ordering = ["-filed_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "number"], name="competitions_proposal_number"),
                       models.CheckConstraint(condition=Q(value__gte=0) & Q(reward__gte=0),
                                              name="competitions_proposal_value_not_negative")]

    def __str__(self):
        return self.title

    @property
    def status_style(self):
        return self.status_styles.get(self.status, "text-bg-secondary")


class Studio(ScopedModel):
    """An innovation studio (劳模/职工创新工作室): its lead and members, the level that recognised it and when."""

    org = org_field(_("union"), "innovation_studios")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=14, choices=StudioKind.choices, default=StudioKind.WORKER)
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    lead_name = models.CharField(_("lead"), max_length=50)
    members = models.TextField(_("members"), blank=True, help_text=_("Names, separated by commas."))
    level = models.CharField(_("recognised at"), max_length=12, choices=Level.choices, default=Level.ENTERPRISE)
    recognised_on = models.DateField(_("recognised on"), validators=[validate_not_future])
    note = models.TextField(_("note"), blank=True)
    created_at = created_field()

    scope_org_fields = ("org",)
    detail_url_name = "competitions:studio_detail"
    audit_fields = ["org", "name", "kind", "employer_name", "lead_name", "members", "level", "recognised_on", "note"]

    class Meta:
        verbose_name = _("innovation studio")
        verbose_name_plural = _("innovation studios")
        ordering = ["-recognised_on", "-id"]

    def __str__(self):
        return self.name


class Innovation(ScopedModel):
    """A technical innovation, problem-solving project (攻关), invention or patent, or advanced operating method (which
    may carry the worker's name), with its benefit; linked to the studio and the proposal it came from."""

    org = org_field(_("union"), "innovations")
    kind = models.CharField(_("kind"), max_length=10, choices=InnovationKind.choices,
                            default=InnovationKind.TECHNICAL)
    title = models.CharField(_("title"), max_length=200)
    workers = models.CharField(_("workers"), max_length=200, help_text=_("Names, separated by commas."))
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    achieved_on = models.DateField(_("achieved on"), validators=[validate_not_future])
    patent_number = models.CharField(_("patent number"), max_length=40, blank=True)
    named_after = models.CharField(_("named after (worker)"), max_length=50, blank=True,
                                   help_text=_("An operating method named after the worker, e.g. 王大力操作法."))
    benefit = models.DecimalField(_("benefit (yuan)"), **MONEY, default=0, validators=[MinValueValidator(0)])
    studio = models.ForeignKey(Studio, verbose_name=_("innovation studio"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="outputs")
    proposal = models.ForeignKey(Proposal, verbose_name=_("from the proposal"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="innovations")
    description = models.TextField(_("description"), blank=True)
    created_at = created_field()

    scope_org_fields = ("org",)
    detail_url_name = "competitions:innovation_detail"
    audit_fields = ["org", "kind", "title", "workers", "employer_name", "achieved_on", "patent_number", "named_after",
                    "benefit", "studio", "proposal", "description"]

    class Meta:
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        ordering = ["-achieved_on", "-id"]

    def __str__(self):
        return self.title


class TechAssociation(ScopedModel):
    """A technical association of workers (技协) set up by a union."""

    org = org_field(_("union"), "tech_associations")
    name = models.CharField(_("name"), max_length=200)
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    lead_name = models.CharField(_("lead"), max_length=50, blank=True)
    member_count = models.PositiveIntegerField(_("members"), default=0)
    founded_on = models.DateField(_("founded on"), validators=[validate_not_future])
    note = models.TextField(_("note"), blank=True)
    created_at = created_field()

    scope_org_fields = ("org",)
    detail_url_name = "competitions:association_detail"
    audit_fields = ["org", "name", "employer_name", "lead_name", "member_count", "founded_on", "note"]

    class Meta:
        verbose_name = _("technical association")
        verbose_name_plural = _("technical associations")
        ordering = ["-founded_on", "-id"]

    def __str__(self):
        return self.name


class Mentorship(ScopedModel):
    """A master and apprentice pair (名师带徒) with its term and what came of it."""

    org = org_field(_("union"), "mentorships")
    master_name = models.CharField(_("master"), max_length=50)
    apprentice_name = models.CharField(_("apprentice"), max_length=50)
    trade = models.CharField(_("trade (工种)"), max_length=60, blank=True)
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, help_text=_("What the apprentice achieved, e.g. 晋升高级工."))
    created_at = created_field()

    scope_org_fields = ("org",)
    detail_url_name = "competitions:mentorship_detail"
    audit_fields = ["org", "master_name", "apprentice_name", "trade", "employer_name", "starts_on", "ends_on",
                    "outcome"]

    class Meta:
        verbose_name = _("master and apprentice pair")
        verbose_name_plural = _("master and apprentice pairs")
        ordering = ["-starts_on", "-id"]

    def __str__(self):
        return f"{self.master_name} · {self.apprentice_name}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The term cannot end before it starts.")})
