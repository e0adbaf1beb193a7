"""Writes to organisations and employer units: validation, rights, audit, in one transaction each."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.models import AuditAction
from gonghui.stats import counters

from .choices import DEFAULT_LEVEL, OrgStatus
from .models import CommitteeMember, EmployerUnit, Organisation

ORG_FIELDS = [
    "name", "code", "org_type", "level", "status", "founded_on", "approved_on", "approval_doc_no", "chair_name",
    "term_number", "term_started_on", "next_election_due", "address", "contact_phone", "notes",
]


def _require(user, action, org):
    if not scope.can(user, action, org):
        raise PermissionDenied(_("Your role does not allow this."))


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
        _require(user, "manage_orgs", parent)
        if not parent.is_live:
            raise ValidationError({"parent": _("A dissolved or merged organisation cannot have new sub-organisations.")})
    data = {k: v for k, v in data.items() if k in ORG_FIELDS}
    data.setdefault("level", DEFAULT_LEVEL.get(data.get("org_type")))
    _check_dates(data)
    _check_code_free(data["code"])
    org = Organisation.add_root(**data) if parent is None else parent.add_child(**data)
    counters.refresh([org.pk], ("orgs",))
    audit.created(org, user)
    return org


@transaction.atomic
def update_org(user, org, **data):
    _require(user, "manage_orgs", org)
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
    counters.refresh([org.pk], ("orgs",))
    audit.updated(org, user, before)
    return org


@transaction.atomic
def move_org(user, org, new_parent):
    """Move an organisation with its whole subtree under another one."""
    _require(user, "manage_orgs", org)
    _require(user, "manage_orgs", new_parent)
    if org.depth == 1:
        raise ValidationError({"parent": _("The top organisation cannot be moved.")})
    if new_parent.path.startswith(org.path):
        raise ValidationError({"parent": _("An organisation cannot be moved into its own subtree.")})
    if not new_parent.is_live:
        raise ValidationError({"parent": _("A dissolved or merged organisation cannot take sub-organisations.")})
    if org.get_parent().pk == new_parent.pk:
        return org
    before = audit.snapshot(org)
    old_ancestors = counters.ancestors_of(org.pk)
    org.move(new_parent, pos="last-child")
    counters.subtree_moved(org.pk, old_ancestors)
    org = Organisation.objects.get(pk=org.pk)
    audit.transitioned(org, user, "move", before)
    return org


def _holding_members_in_subtree(org):
    from gonghui.members.choices import HOLDING_STATUSES
    from gonghui.members.models import Member

    return Member.objects.filter(org__path__startswith=org.path, status__in=HOLDING_STATUSES)


@transaction.atomic
def dissolve_org(user, org, reason, date=None):
    """撤销: refused while the union or its sub-organisations still hold members or live sub-organisations."""
    _require(user, "manage_orgs", org)
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    if not org.is_live:
        raise ValidationError(_("This organisation is already dissolved or merged."))
    if org.depth == 1:
        raise ValidationError(_("The top organisation cannot be dissolved."))
    n = _holding_members_in_subtree(org).count()
    if n:
        raise ValidationError(
            _("This union still has %(n)d members. Transfer them to another union, or merge the union, before dissolving it.")
            % {"n": n}
        )
    live_children = Organisation.objects.filter(path__startswith=org.path, depth__gt=org.depth).live().count()
    if live_children:
        raise ValidationError(
            _("This union still has %(n)d active sub-organisations. Move or dissolve them first.") % {"n": live_children}
        )
    before = audit.snapshot(org)
    org.status = OrgStatus.DISSOLVED
    org.closed_on = date or datetime.date.today()
    org.save(update_fields=["status", "closed_on", "updated_at"])
    counters.refresh([org.pk], ("orgs",))
    audit.transitioned(org, user, "dissolve", before, note=reason)
    return org


@transaction.atomic
def merge_org(user, org, target, reason, date=None):
    """合并: the union's members, sub-organisations, employer units and pending transfers move to ``target``."""
    from gonghui.members.services import move_members_for_merger

    _require(user, "manage_orgs", org)
    _require(user, "manage_orgs", target)
    org = Organisation.objects.select_for_update().get(pk=org.pk)
    if not org.is_live:
        raise ValidationError(_("This organisation is already dissolved or merged."))
    if not target.is_live:
        raise ValidationError({"target": _("The union to merge into must be active.")})
    if target.path.startswith(org.path):
        raise ValidationError({"target": _("A union cannot be merged into itself or one of its sub-organisations.")})
    date = date or datetime.date.today()
    before = audit.snapshot(org)
    moved = move_members_for_merger(user, org, target, date)
    for child in list(Organisation.objects.filter(path__startswith=org.path, depth=org.depth + 1)):
        child = Organisation.objects.get(pk=child.pk)  # paths change as siblings move
        old_ancestors = counters.ancestors_of(child.pk)
        child.move(Organisation.objects.get(pk=target.pk), pos="last-child")
        counters.subtree_moved(child.pk, old_ancestors)
    units = EmployerUnit.objects.filter(union=org).update(union=target)
    EmployerUnit.objects.filter(area_org=org).update(area_org=target)
    counters.refresh([org.pk, target.pk], ("units",))
    org = Organisation.objects.get(pk=org.pk)
    org.status = OrgStatus.MERGED
    org.merged_into = target
    org.closed_on = date
    org.save(update_fields=["status", "merged_into", "closed_on", "updated_at"])
    counters.refresh([org.pk], ("orgs",))
    audit.transitioned(
        org, user, "merge", before,
        note=_("%(reason)s (%(members)d members and %(units)d employer units moved)") % {"reason": reason, "members": moved, "units": units},
    )
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


UNIT_FIELDS = ["name", "credit_code", "ownership", "industry", "employee_count", "address", "area_org", "union"]


@transaction.atomic
def create_unit(user, **data):
    data = {k: v for k, v in data.items() if k in UNIT_FIELDS}
    _unit_check_org(user, data)
    _require(user, "change", data["area_org"])
    unit = EmployerUnit(**data)
    unit.full_clean()
    unit.save()
    counters.refresh([unit.area_org_id], ("units",))
    audit.created(unit, user)
    return unit


@transaction.atomic
def update_unit(user, unit, **data):
    _require(user, "change", unit.audit_org())
    unit = EmployerUnit.objects.select_for_update().get(pk=unit.pk)
    before = audit.snapshot(unit)
    data = {k: v for k, v in data.items() if k in UNIT_FIELDS}
    merged = {f: getattr(unit, f) for f in UNIT_FIELDS} | data
    _unit_check_org(user, merged)
    old_area, old_kind = unit.area_org_id, (unit.ownership, unit.industry)
    member_orgs, counted_before = [], None
    if (merged["ownership"], merged["industry"]) != old_kind:  # members count by their employer's ownership and industry
        from gonghui.members.models import Member

        member_orgs = list(Member.objects.filter(unit=unit).values_list("org_id", flat=True).distinct().order_by())
        counted_before = counters.members_snapshot(member_orgs)
    for key, value in data.items():
        setattr(unit, key, value)
    unit.full_clean()
    unit.save()
    counters.refresh([old_area, unit.area_org_id], ("units",))
    if counted_before is not None:
        counters.members_recounted(member_orgs, counted_before)
    audit.updated(unit, user, before)
    return unit


@transaction.atomic
def set_committee(user, org, seats):
    """Replace the committee seats of an organisation; ``seats`` is a list of dicts of CommitteeMember fields."""
    _require(user, "change", org)
    before = [str(s) for s in org.committee_members.all()]
    org.committee_members.all().delete()
    objs = [CommitteeMember(org=org, **seat) for seat in seats]
    for obj in objs:
        obj.full_clean(exclude=["org"])
    CommitteeMember.objects.bulk_create(objs)
    counters.refresh([org.pk], ("orgs",))
    audit.record(
        AuditAction.UPDATE, org, user=user, before={"committee": before}, after={"committee": [str(s) for s in objs]},
        transition="committee",
    )
    return objs


@transaction.atomic
def activate_org(user, org, date=None):
    """筹建 → 正常: a union in preparation is formally established (its founding date set if empty)."""
    from gonghui.core.exceptions import WorkflowConflict

    _require(user, "manage_orgs", org)
    before = audit.snapshot(org)
    date = date or org.founded_on or datetime.date.today()
    if date > datetime.date.today():
        raise ValidationError({"date": _("This date cannot be in the future.")})
    changed = Organisation.objects.filter(pk=org.pk, status=OrgStatus.PREPARING).update(status=OrgStatus.ACTIVE)
    if not changed:
        raise WorkflowConflict(_("Only an organisation in preparation can be established."))
    org = Organisation.objects.get(pk=org.pk)
    if org.founded_on is None:
        org.founded_on = date
        org.save(update_fields=["founded_on", "updated_at"])
    counters.refresh([org.pk], ("orgs",))
    audit.transitioned(org, user, "activate", before)
    return org
