"""Writes of contacts and the service network: each checks the right at the record's union, the rules of its
own (dates in order, people and employers in the writer's scope, solved ≤ raised) and writes the change log."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.services import save_object

from .choices import EMPLOYER_VISITS
from .models import (
    CareVisit,
    ContactArea,
    ContactAssignment,
    ContactVisit,
    CustodyAgreement,
    CustodyMember,
)

CUSTODY_FIELDS = ("org", "counterpart", "signed_on", "starts_on", "ends_on", "notes")
CONTACT_FIELDS = ("org", "cadre", "unit", "since", "until", "notes")
VISIT_FIELDS = ("org", "kind", "visited_on", "member", "unit", "person", "visitors", "amount", "notes")
CONTACT_VISIT_FIELDS = ("visited_on", "problems", "problems_raised", "problems_solved", "notes")


def _in_scope(user, obj, field, errors, message):
    """``obj`` (a member or an employer) must be one the writer may see: another district's is "not found"."""
    if obj is not None and not type(obj).objects.for_user(user).filter(pk=obj.pk).exists():
        errors[field] = message


@transaction.atomic
def save_custody(user, agreement, **data):
    agreement = agreement or CustodyAgreement()
    starts, ends = data.get("starts_on", agreement.starts_on), data.get("ends_on", agreement.ends_on)
    if starts and ends and ends < starts:
        raise ValidationError({"ends_on": _("The term cannot end before it starts.")})
    return save_object(user, agreement, data, fields=[f for f in CUSTODY_FIELDS if f in data])


@transaction.atomic
def add_custody_member(user, agreement, *, member, since=None):
    """Put a member under the agreement; the member must be in the writer's scope and not covered yet."""
    scope.require(user, "change", agreement.org)
    errors = {}
    if member is None:
        errors["member"] = _("Choose the member.")
    else:
        _in_scope(user, member, "member", errors, _("Choose a member of your unions."))
    since = since or agreement.starts_on
    if since and agreement.ends_on and not (agreement.starts_on <= since <= agreement.ends_on):
        errors["since"] = _("The day must fall within the agreement's term.")
    if errors:
        raise ValidationError(errors)
    if CustodyMember.objects.filter(agreement=agreement, member=member).exists():
        raise ValidationError({"member": _("This member is already covered by the agreement.")})
    covered = CustodyMember(agreement=agreement, org_id=agreement.org_id, member=member, since=since)
    try:
        with transaction.atomic():
            covered.save()
    except IntegrityError:  # a second official added the same member at the same moment
        raise ValidationError({"member": _("This member is already covered by the agreement.")}) from None
    audit.created(covered, user)
    return covered


@transaction.atomic
def save_area(user, area, *, unions=None, **data):
    area = area or ContactArea()
    if unions is not None:
        allowed = set(scope.orgs_for(user).filter(pk__in=[o.pk for o in unions]).values_list("pk", flat=True))
        if len(allowed) != len({o.pk for o in unions}):
            raise ValidationError({"unions": _("Choose unions of your own part of the tree.")})
    area = save_object(user, area, data, fields=[f for f in ("org", "name", "lead", "notes") if f in data])
    if unions is not None:
        area.unions.set(unions)
    return area


@transaction.atomic
def save_contact(user, assignment, **data):
    assignment = assignment or ContactAssignment()
    errors = {}
    if "unit" in data:
        _in_scope(user, data["unit"], "unit", errors, _("Choose an employer of your unions."))
    since, until = data.get("since", assignment.since), data.get("until", assignment.until)
    if since and until and until < since:
        errors["until"] = _("The assignment cannot end before it starts.")
    if errors:
        raise ValidationError(errors)
    return save_object(user, assignment, data, fields=[f for f in CONTACT_FIELDS if f in data])


@transaction.atomic
def save_contact_visit(user, visit, *, assignment=None, **data):
    visit = visit or ContactVisit(assignment=assignment)
    if visit.assignment_id is None:
        raise ValidationError({"assignment": _("Choose the contact assignment.")})
    visit.org_id = visit.assignment.org_id
    raised = data.get("problems_raised", visit.problems_raised) or 0
    solved = data.get("problems_solved", visit.problems_solved) or 0
    errors = {}
    if solved > raised:
        errors["problems_solved"] = _("More problems cannot be solved than were raised.")
    day = data.get("visited_on", visit.visited_on)
    if day and day < visit.assignment.since:
        errors["visited_on"] = _("The visit cannot be before the assignment began.")
    if errors:
        raise ValidationError(errors)
    return save_object(user, visit, data, fields=[f for f in CONTACT_VISIT_FIELDS if f in data])


@transaction.atomic
def save_visit(user, visit, **data):
    visit = visit or CareVisit()
    kind = data.get("kind", visit.kind)
    member = data.get("member", visit.member if visit.member_id else None)
    unit = data.get("unit", visit.unit if visit.unit_id else None)
    person = data.get("person", visit.person)
    errors = {}
    _in_scope(user, data.get("member"), "member", errors, _("Choose a member of your unions."))
    _in_scope(user, data.get("unit"), "unit", errors, _("Choose an employer of your unions."))
    if kind in EMPLOYER_VISITS and unit is None:
        errors.setdefault("unit", _("Choose the employer visited."))
    if kind and kind not in EMPLOYER_VISITS and member is None and not (person or "").strip():
        errors.setdefault("member", _("Choose the member visited, or name the person visited."))
    if errors:
        raise ValidationError(errors)
    return save_object(user, visit, data, fields=[f for f in VISIT_FIELDS if f in data])
