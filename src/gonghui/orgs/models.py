from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from gonghui.core.modelfields import created_field, part_of, updated_field
from gonghui.core.models import ScopedModel
from gonghui.core.querysets import ScopedQuerySet
from gonghui.core.validators import validate_credit_code, validate_not_future
from gonghui.core.workflow import Transition, Workflow

from .choices import (
    LIVE_STATUSES,
    STATUS_STYLES,
    CommitteeKind,
    CommitteePosition,
    Industry,
    OperatingStatus,
    OrgLevel,
    OrgStatus,
    OrgType,
    Ownership,
    SalesBand,
)


class OrganisationQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    def subtree_of(self, org):
        return self.filter(path__startswith=org.path)

    def live(self):
        return self.filter(status__in=LIVE_STATUSES)


class OrganisationManager(MP_NodeManager):
    def get_queryset(self):
        return OrganisationQuerySet(self.model).order_by("path")

    def for_user(self, user):
        return self.get_queryset().for_user(user)


def subtree_path_range(path: str) -> tuple[str, str]:
    """(low, high): ``low <= p <= high`` (``low < p`` without the node itself) holds exactly for the paths of the
    subtree of ``path``. A range the path index serves on both databases, where ``LIKE 'path%'`` scans on SQLite;
    paths use only digits and capital letters, which sort the same in every collation."""
    high = path + Organisation.alphabet[-1] * (Organisation._meta.get_field("path").max_length - len(path))
    return path, high


def common_ancestor_path(paths) -> str:
    """The path of the nearest common ancestor of ``paths`` ("" when they have none): one subtree range or
    prefix that covers them all, for a grouped query over several organisations."""
    if not paths:
        return ""
    lo, hi = min(paths), max(paths)
    n = 0
    while n < len(lo) and n < len(hi) and lo[n] == hi[n]:
        n += 1
    return lo[: n - n % Organisation.steplen]


def _below_the_top(org):
    """Move, merge and dissolve are for an organisation below the top of the tree."""
    return org.depth > 1


class Organisation(MP_Node, ScopedModel):
    """A union organisation (工会组织) at any level of the tree (materialised path, treebeard)."""

    steplen = 4
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    scope_org_fields = ("",)
    detail_url_name = "orgs:org_detail"
    audit_fields = [
        "name", "code", "org_type", "level", "status", "founded_on", "approved_on", "approval_doc_no", "chair_name",
        "term_number", "term_started_on", "next_election_due", "address", "contact_phone", "merged_into", "closed_on",
    ]
    # Every step needs org_admin (manage_orgs) at the organisation; merging needs it at the target too (the
    # service checks). Move keeps the state; treebeard makes the write (services.move_org).
    workflow = Workflow(
        Transition("activate", sources=[OrgStatus.PREPARING], target=OrgStatus.ACTIVE, label=_("activated"),
                   button=_("Establish (make active)"), url_name="orgs:org_activate", action="manage_orgs",
                   api="activate", conflict=_("Only an organisation in preparation can be established.")),
        Transition("move", sources=LIVE_STATUSES, label=_("moved"), button=_("Move"), url_name="orgs:org_move",
                   action="manage_orgs", when=_below_the_top, api="move"),
        Transition("merge", sources=LIVE_STATUSES, target=OrgStatus.MERGED, label=_("merged"),
                   button=_("Merge into another union"), url_name="orgs:org_merge", style="outline-danger",
                   action="manage_orgs", when=_below_the_top, api="merge"),
        Transition("dissolve", sources=LIVE_STATUSES, target=OrgStatus.DISSOLVED, label=_("dissolved"),
                   button=_("Dissolve"), url_name="orgs:org_dissolve", style="outline-danger", action="manage_orgs",
                   when=_below_the_top, api="dissolve"),
        conflict=_("This organisation is already dissolved or merged."),
    )

    name = models.CharField(_("name"), max_length=100, db_index=True)
    code = models.CharField(
        _("organisation code"),
        max_length=30,
        unique=True,
        help_text=_("Unique code of the union; other unions use it to address transfers."),
    )
    org_type = models.CharField(_("type"), max_length=30, choices=OrgType.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=OrgLevel.choices)
    status = models.CharField(_("status"), max_length=20, choices=OrgStatus.choices, default=OrgStatus.ACTIVE,
                              db_index=True)
    founded_on = models.DateField(_("founding date"), null=True, blank=True, validators=[validate_not_future])
    approved_on = models.DateField(_("approval date"), null=True, blank=True, validators=[validate_not_future])
    approval_doc_no = models.CharField(_("approval document number"), max_length=60, blank=True)
    chair_name = models.CharField(_("chair"), max_length=50, blank=True)
    term_number = models.PositiveSmallIntegerField(_("term (届次)"), null=True, blank=True,
                                                   validators=[MinValueValidator(1)])
    term_started_on = models.DateField(_("term started"), null=True, blank=True, validators=[validate_not_future])
    next_election_due = models.DateField(_("next election due"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="merged_from",
    )
    closed_on = models.DateField(_("dissolved or merged on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = created_field()
    updated_at = updated_field()

    objects = OrganisationManager()

    node_order_by = None

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        # (depth, path): one level of a subtree (children, grandchildren of a dashboard) as one index range.
        indexes = [models.Index(fields=["org_type", "status"]),
                   models.Index(fields=["depth", "path"], name="orgs_org_depth_path")]

    def __str__(self):
        return self.name

    @property
    def is_live(self):
        return self.status in LIVE_STATUSES

    @property
    def is_active(self):
        return self.status == OrgStatus.ACTIVE

    @property
    def status_style(self):
        """The badge class of the organisation's status."""
        return STATUS_STYLES.get(self.status, "text-bg-light")

    def audit_extra(self):
        return {"parent": str(self.get_parent()) if self.depth > 1 else None}


class CommitteeMember(ScopedModel):
    """A seat on the union committee or one of its special committees, for a term (届)."""

    org = part_of(Organisation, _("organisation"), "committee_members")
    committee = models.CharField(_("committee"), max_length=30, choices=CommitteeKind.choices,
                                 default=CommitteeKind.UNION_COMMITTEE)
    position = models.CharField(_("position"), max_length=20, choices=CommitteePosition.choices,
                                default=CommitteePosition.MEMBER)
    name = models.CharField(_("name"), max_length=50)
    term_number = models.PositiveSmallIntegerField(_("term (届次)"), null=True, blank=True,
                                                   validators=[MinValueValidator(1)])
    started_on = models.DateField(_("since"), null=True, blank=True, validators=[validate_not_future])

    detail_via = "org"  # a seat shows on its organisation's page

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "position", "id"]

    def __str__(self):
        return f"{self.name} ({self.get_committee_display()} {self.get_position_display()})"


class EmployerUnit(ScopedModel):
    """An employer (单位) in the census, with or without a union. 组建率 is computed from this table."""

    name = models.CharField(_("name"), max_length=150, db_index=True)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_credit_code]
    )
    ownership = models.CharField(_("ownership"), max_length=20, choices=Ownership.choices)
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices)
    employee_count = models.PositiveIntegerField(_("number of employees"), default=0)
    address = models.CharField(_("address"), max_length=200, blank=True)
    # The union whose census holds the unit (usually the township/street or district union).
    area_org = models.ForeignKey(
        Organisation, verbose_name=_("registered with"), on_delete=models.PROTECT, related_name="census_units",
        help_text=_("The union whose census of employers includes this unit."),
    )
    union = models.ForeignKey(
        Organisation, verbose_name=_("covering union"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="covered_units",
        help_text=_("The union that covers this employer; empty if it has none yet."),
    )
    established_on = models.DateField(_("established on"), null=True, blank=True, validators=[validate_not_future],
                                      help_text=_("Empty: treated as established long enough by the census rule."))
    operating_status = models.CharField(_("operating status"), max_length=12, choices=OperatingStatus.choices,
                                        default=OperatingStatus.OPERATING)
    sales_band = models.CharField(_("annual sales"), max_length=10, choices=SalesBand.choices, blank=True)
    village = models.CharField(_("administrative village"), max_length=60, blank=True,
                               help_text=_("The administrative village (行政村) the employer is in, if any."))
    # Kept by the census rule (orgs.census): on every save, after a rule change and by the daily round.
    should_have_union = models.BooleanField(_("should have a union"), default=False, editable=False)
    created_at = created_field()
    updated_at = updated_field()

    scope_org_fields = ("area_org", "union")
    audit_org_field = ("union", "area_org")  # the covering union when there is one, else the census union
    detail_url_name = "orgs:unit_detail"
    audit_fields = ["name", "credit_code", "ownership", "industry", "employee_count", "address", "area_org", "union",
                    "established_on", "operating_status", "sales_band", "village"]

    class Meta:
        verbose_name = _("employer unit")
        verbose_name_plural = _("employer units")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from .census import current_rule

        self.should_have_union = current_rule().applies(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "should_have_union" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "should_have_union"]
        super().save(*args, **kwargs)

    @property
    def has_union(self):
        return self.union_id is not None


class CensusRule(models.Model):
    """Which employers should have a union of their own (the census rule behind 组建率): one row for the
    whole system, changed by an organisation administrator at the top of the tree."""

    min_employees = models.PositiveIntegerField(_("at least this many employees"), default=25,
                                                validators=[MinValueValidator(1)])
    min_years = models.PositiveSmallIntegerField(_("established at least this many years"), default=1)
    require_operating = models.BooleanField(_("operating normally"), default=True)
    updated_at = updated_field()

    class Meta:
        verbose_name = _("census rule")
        verbose_name_plural = _("census rules")

    def __str__(self):
        return str(_("Census rule"))

    def cutoff(self, today=None):
        """The latest establishment date that counts as established long enough on ``today``."""
        import datetime

        today = today or datetime.date.today()
        try:
            return today.replace(year=today.year - self.min_years)
        except ValueError:  # 29 February
            return today.replace(year=today.year - self.min_years, day=28)

    def q(self, today=None):
        """The units the rule says should have a union (whether or not they have one)."""
        q = models.Q(employee_count__gte=self.min_employees)
        if self.min_years:
            q &= models.Q(established_on__isnull=True) | models.Q(established_on__lte=self.cutoff(today))
        if self.require_operating:
            q &= models.Q(operating_status=OperatingStatus.OPERATING)
        return q

    def applies(self, unit, today=None) -> bool:
        if (unit.employee_count or 0) < self.min_employees:
            return False
        if self.min_years and unit.established_on and unit.established_on > self.cutoff(today):
            return False
        return not (self.require_operating and unit.operating_status != OperatingStatus.OPERATING)
