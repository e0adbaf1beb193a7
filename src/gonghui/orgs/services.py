"""Writes to organisations and employer units: validation, rights, audit, in one transaction each.

The areas above follow through ``gonghui.orgs.hooks`` (the statistics count again, the members of a merged union
move, a union still holding members is not dissolved), called inside each write's transaction.
"""

import contextlib
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DateField, F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.models import AuditAction
from gonghui.core.scope import require
from gonghui.core.validators import check_not_future
from gonghui.core.workflow import transition

from . import hooks
from .choices import DEFAULT_LEVEL
from .models import CommitteeMember, EmployerUnit, Organisation

ORG_FIELDS = [
    "name", "code", "org_type", "level", "status", "founded_on", "approved_on", "approval_doc_no", "chair_name",
    "term_number", "term_started_on", "next_election_due", "address", "contact_phone", "notes",
]


def _check_dates(data):
    founded, approved = data.get("founded_on"), data.get("approved_on")
    if founded and approved and approved < founded:
        raise ValidationError({"approved_on": _("The approval cannot come before the founding date.")})
    started, due = data.get("term_started_on"), data.get("next_election_due")
    if started and due and due <= started:
        raise ValidationError({"next_election_due": _("The next election must come after the term started.")})


def _check_code_free(code, exclude_pk=None):
    qs = Organisation.objects.filter(code=code)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        raise ValidationError({"code": _("This organisation code is already in use.")})


@transaction.atomic
def create_org(user, parent, **data):
    """Create an organisation under ``parent`` (None only for a superuser creating a root)."""
    if parent is None:
        if not scope.is_unrestricted(user):
            raise PermissionDenied(_("Only a system administrator can create a top-level organisation."))
    else:
        require(user, "manage_orgs", parent)
        if not parent.is_live:
            raise ValidationError(
                {"parent": _("A dissolved or merged organisation cannot have new sub-organisations.")})
    data = {k: v for k, v in data.items() if k in ORG_FIELDS}
    data.setdefault("level", DEFAULT_LEVEL.get(data.get("org_type")))
    _check_dates(data)
    _check_code_free(data["code"])
    org = Organisation.add_root(**data) if parent is None else parent.add_child(**data)
    hooks.records_changed([org.pk], ("orgs",))
    audit.created(org, user)
    return org


@transaction.atomic
def update_org(user, org, **data):
    require(user, "manage_orgs", org)
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    before = audit.snapshot(org)
    data = {k: v for k, v in data.items() if k in ORG_FIELDS and k != "status"}
    if "code" in data:
        _check_code_free(data["code"], exclude_pk=org.pk)
    merged = {**{f: getattr(org, f) for f in ORG_FIELDS}, **data}
    _check_dates(merged)
    for key, value in data.items():
        setattr(org, key, value)
    org.full_clean(exclude=["path", "depth", "numchild"])
    org.save()
    hooks.records_changed([org.pk], ("orgs",))
    audit.updated(org, user, before)
    return org


def _move_subtree(org, new_parent):
    """treebeard moves ``org`` with its subtree under ``new_parent``; the areas above follow (hooks)."""
    with hooks.subtree_moved.around(org.pk):
        org.move(new_parent, pos="last-child")


@transaction.atomic
def move_org(user, org, new_parent):
    """Move an organisation with its whole subtree under another one (treebeard writes the paths)."""
    Organisation.workflow.require(org, user, "move")
    require(user, "manage_orgs", new_parent)
    if org.depth == 1:
        raise ValidationError({"parent": _("The top organisation cannot be moved.")})
    if new_parent.path.startswith(org.path):
        raise ValidationError({"parent": _("An organisation cannot be moved into its own subtree.")})
    if not new_parent.is_live:
        raise ValidationError({"parent": _("A dissolved or merged organisation cannot take sub-organisations.")})
    if org.get_parent().pk == new_parent.pk:
        return org
    before = audit.snapshot(org)
    _move_subtree(org, new_parent)
    org = Organisation.objects.get(pk=org.pk)
    audit.transitioned(org, user, "move", before)
    return org


@transaction.atomic
def dissolve_org(user, org, reason, date=None):
    """撤销: refused while the union or its sub-organisations still hold members (the areas above refuse through
    ``hooks.union_dissolving``) or live sub-organisations."""
    Organisation.workflow.require(org, user, "dissolve")
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    if not org.is_live:
        raise ValidationError(_("This organisation is already dissolved or merged."))
    if org.depth == 1:
        raise ValidationError(_("The top organisation cannot be dissolved."))
    hooks.union_dissolving(org)
    live_children = Organisation.objects.filter(path__startswith=org.path, depth__gt=org.depth).live().count()
    if live_children:
        raise ValidationError(
            _("This union still has %(n)d active sub-organisations. Move or dissolve them first.")
            % {"n": live_children}
        )
    org = transition(org, user, "dissolve", changes={"closed_on": date or datetime.date.today()}, note=reason,
                     check=False)
    hooks.records_changed([org.pk], ("orgs",))
    return org


@transaction.atomic
def merge_org(user, org, target, reason, date=None):
    """合并: the union's members and pending transfers (the areas above, ``hooks.union_merged``), sub-organisations
    and employer units move to ``target``."""
    Organisation.workflow.require(org, user, "merge")
    require(user, "manage_orgs", target)
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    if not org.is_live:
        raise ValidationError(_("This organisation is already dissolved or merged."))
    if not target.is_live:
        raise ValidationError({"target": _("The union to merge into must be active.")})
    if target.path.startswith(org.path):
        raise ValidationError({"target": _("A union cannot be merged into itself or one of its sub-organisations.")})
    date = date or datetime.date.today()
    before = audit.snapshot(org)
    moved = hooks.merged_counts(hooks.union_merged(user, org, target, date)).get("members", 0)
    for child in list(Organisation.objects.filter(path__startswith=org.path, depth=org.depth + 1)):
        child = Organisation.objects.get(pk=child.pk)  # paths change as siblings move
        _move_subtree(child, Organisation.objects.get(pk=target.pk))
    units = EmployerUnit.objects.filter(union=org).update(union=target)
    EmployerUnit.objects.filter(area_org=org).update(area_org=target)
    hooks.records_changed([org.pk, target.pk], ("units",))
    org = Organisation.objects.get(pk=org.pk)  # its children have left
    note = _("%(reason)s (%(members)d members and %(units)d employer units moved)") % {
        "reason": reason, "members": moved, "units": units}
    org = transition(org, user, "merge", changes={"merged_into": target, "closed_on": date}, note=note, check=False,
                     audited=False)
    hooks.records_changed([org.pk], ("orgs",))
    audit.transitioned(org, user, "merge", before, note=note)
    return org


def _unit_check_org(user, unit_data):
    for field in ("area_org", "union"):
        org = unit_data.get(field)
        if org is not None and not scope.in_scope(user, org):
            raise ValidationError({field: _("Choose an organisation in your part of the union tree.")})
    if unit_data.get("area_org") is None:
        raise ValidationError({"area_org": _("Choose the union whose census includes this employer.")})
    union = unit_data.get("union")
    if union is not None and not union.is_live:
        raise ValidationError({"union": _("A dissolved or merged union cannot cover an employer.")})


UNIT_FIELDS = ["name", "credit_code", "ownership", "industry", "employee_count", "address", "area_org", "union",
               "established_on", "operating_status", "sales_band", "village"]


@transaction.atomic
def create_unit(user, **data):
    data = {k: v for k, v in data.items() if k in UNIT_FIELDS}
    _unit_check_org(user, data)
    require(user, "change", data["area_org"])
    unit = EmployerUnit(**data)
    unit.full_clean()
    unit.save()
    hooks.records_changed([unit.area_org_id], ("units",))
    audit.created(unit, user)
    if unit.union_id:
        hooks.employer_covered(user, unit)
    return unit


@transaction.atomic
def update_unit(user, unit, **data):
    require(user, "change", unit.audit_org())
    unit = EmployerUnit.objects.select_for_update().get(pk=unit.pk)
    before = audit.snapshot(unit)
    had_union = unit.union_id is not None
    data = {k: v for k, v in data.items() if k in UNIT_FIELDS}
    merged = {f: getattr(unit, f) for f in UNIT_FIELDS} | data
    _unit_check_org(user, merged)
    old_area = unit.area_org_id
    # What is counted by the employer's ownership and industry (its members) is counted again when they change.
    regrouped = (hooks.employer_regrouped.around(unit)
                 if (merged["ownership"], merged["industry"]) != (unit.ownership, unit.industry)
                 else contextlib.nullcontext())
    with regrouped:
        for key, value in data.items():
            setattr(unit, key, value)
        unit.full_clean()
        unit.save()
        hooks.records_changed([old_area, unit.area_org_id], ("units",))
    audit.updated(unit, user, before)
    if unit.union_id and not had_union:
        hooks.employer_covered(user, unit)
    return unit


@transaction.atomic
def set_committee(user, org, seats):
    """Replace the committee seats of an organisation; ``seats`` is a list of dicts of CommitteeMember fields."""
    require(user, "change", org)
    before = [str(s) for s in org.committee_members.all()]
    org.committee_members.all().delete()
    objs = [CommitteeMember(org=org, **seat) for seat in seats]
    for obj in objs:
        obj.full_clean(exclude=["org"])
    CommitteeMember.objects.bulk_create(objs)
    hooks.records_changed([org.pk], ("orgs",))
    audit.record(
        AuditAction.UPDATE, org, user=user, before={"committee": before}, after={"committee": [str(s) for s in objs]},
        transition="committee",
    )
    return objs


@transaction.atomic
def activate_org(user, org, date=None):
    """筹建 → 正常: a union in preparation is formally established (its founding date set if empty)."""
    Organisation.workflow.require(org, user, "activate")
    date = check_not_future(date or org.founded_on or datetime.date.today())
    org = transition(org, user, "activate", check=False,
                     changes={"founded_on": Coalesce(F("founded_on"), Value(date, output_field=DateField()))})
    hooks.records_changed([org.pk], ("orgs",))
    return org


@transaction.atomic
def set_census_rule(user, *, min_employees, min_years, require_operating):
    """Change which employers should have a union (an administrator at the top of the tree); every unit's flag
    and the statistics' counts follow at once."""
    from .census import current_rule, recompute_flags
    from .models import CensusRule

    tops = list(scope.orgs_for(user).filter(depth=1))
    if not tops:
        raise PermissionDenied(_("Only an administrator at the top of the union tree can change the census rule."))
    for top in tops:
        require(user, "manage_orgs", top)
    errors = {}
    try:
        min_employees = int(min_employees)
        if min_employees < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["min_employees"] = _("Enter a whole number of employees, at least 1.")
    try:
        min_years = int(min_years)
        if not 0 <= min_years <= 50:
            raise ValueError
    except (TypeError, ValueError):
        errors["min_years"] = _("Enter a whole number of years from 0 to 50.")
    if errors:
        raise ValidationError(errors)
    rule = current_rule()
    before = {"min_employees": rule.min_employees, "min_years": rule.min_years,
              "require_operating": rule.require_operating}
    if rule.pk is None:
        rule = CensusRule()
    rule.min_employees, rule.min_years, rule.require_operating = min_employees, min_years, bool(require_operating)
    rule.save()
    areas = recompute_flags(rule=rule)
    hooks.records_changed(areas, ("units",))
    audit.record(AuditAction.UPDATE, tops[0], user=user, before={"census_rule": before},
                 after={"census_rule": {"min_employees": min_employees, "min_years": min_years,
                                        "require_operating": bool(require_operating)}}, transition="census_rule")
    return rule


def refresh_census(today=None):
    """The daily round: units that crossed the rule's age line (or were written around it) are counted anew."""
    from .census import recompute_flags

    with transaction.atomic():
        areas = recompute_flags(today)
        hooks.records_changed(areas, ("units",))
    return len(areas)
