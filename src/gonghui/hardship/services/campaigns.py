"""Aid campaigns: opening and closing them, proposing recipients (once per campaign), the level above's decision
and the payment (from an assistance fund or not)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, pii, scope
from gonghui.core.validators import check_not_future, parse_id_number, parse_money, require_reason
from gonghui.core.workflow import transition
from gonghui.orgs.choices import OrgLevel

from ..choices import HOLDING_RECIPIENT_STATUSES, CampaignKind, CampaignStatus, Category, EntryKind, PaymentKind, Tier
from ..models import AidCampaign, AidPayment, AidRecipient, CampaignParticipant
from ..selectors import archive_qualifies, participant_for
from .common import require_assist, require_level_above, user_or_none
from .funds import post_entry

CAMPAIGN_FIELDS = ["kind", "name", "year", "budget", "needs_archive", "eligible_tiers", "eligible_categories",
                   "school_entry_year", "standard_amount", "opened_on", "note"]


def _once_per_campaign_message():
    return _("This person has already been proposed for this campaign. A person can receive the same campaign "
             "only once, whichever union proposes them.")


def _clean_participants(org, participants, errors):
    clean, total = [], Decimal("0")
    for part_org, budget in participants:
        if part_org.pk != org.pk and not (part_org.path.startswith(org.path) and part_org.depth > org.depth):
            errors["participants"] = _("Participants are organisations under %(org)s.") % {"org": org.name}
            break
        budget = parse_money(budget, "participants", errors=errors)
        if budget is None:
            break
        total += budget
        clean.append((part_org, budget))
    return clean, total


def _clean_campaign(org, data, participants):
    errors = {}
    data = {k: data.get(k) for k in CAMPAIGN_FIELDS if k in data}
    if data.get("kind") not in CampaignKind.values:
        errors["kind"] = _("Choose the kind of campaign.")
    data["name"] = (data.get("name") or "").strip() or str(dict(CampaignKind.choices).get(data.get("kind"), ""))
    try:
        data["year"] = int(data.get("year") or timezone.localdate().year)
    except (TypeError, ValueError):
        errors["year"] = _("Enter the year as four digits.")
    for name in ("budget", "standard_amount"):
        data[name] = parse_money(data.get(name), name, required=True, errors=errors)
    data["eligible_tiers"] = [t for t in (data.get("eligible_tiers") or []) if t in Tier.values]
    data["eligible_categories"] = [c for c in (data.get("eligible_categories") or []) if c in Category.values]
    data["needs_archive"] = bool(data.get("needs_archive", True))
    data["opened_on"] = data.get("opened_on") or timezone.localdate()
    data["note"] = data.get("note") or ""
    if data.get("kind") == CampaignKind.SCHOOL:
        if not data.get("school_entry_year"):
            errors["school_entry_year"] = _("Golden autumn school aid needs the school entry year of the students.")
    else:
        data["school_entry_year"] = None
    clean_parts, total = _clean_participants(org, participants, errors)
    if not errors and total > data["budget"]:
        errors["participants"] = _("The participants' budgets add up to more than the campaign's budget.")
    if errors:
        raise ValidationError(errors)
    return data, clean_parts


@transaction.atomic
def open_campaign(user, org, data, participants=()):
    """The city or a district opens a campaign for the organisations taking part (default: itself, whole subtree)."""
    scope.require(user, "change", org)
    if org.level > OrgLevel.COUNTY and org.depth > 1:
        raise ValidationError({"org": _("Campaigns are opened by the city or a district federation.")})
    data, parts = _clean_campaign(org, data, list(participants))
    campaign = AidCampaign.objects.create(org=org, status=CampaignStatus.OPEN, **data)
    CampaignParticipant.objects.bulk_create([CampaignParticipant(campaign=campaign, org=o, budget=b) for o, b in parts]
                                            or [CampaignParticipant(campaign=campaign, org=org, budget=data["budget"])])
    audit.created(campaign, user)
    return campaign


@transaction.atomic
def close_campaign(user, campaign):
    return transition(campaign, user, "close")


def _student_fields(campaign, archive, student, student_data, errors):
    """(fields of the student aided by 金秋助学, the person's hash or None)."""
    if student is not None:
        if archive is None or student.archive_id != archive.pk or not student.id_number:
            errors["student"] = _("Choose a child of the household with an ID number.")
        elif student.school_entry_year != campaign.school_entry_year:
            errors["student"] = _("The student does not enter school in %(year)s.") % {
                "year": campaign.school_entry_year}
        else:
            return {"student_name": student.name, "student_id_number": student.id_number,
                    "school": student.employer, "entry_year": student.school_entry_year}, student.id_hash
    elif student_data:
        try:
            number = parse_id_number(student_data.get("id_number") or "").number
        except ValidationError as e:
            errors["student"] = e.messages[0]
            number = None
        if number:
            return {"student_name": (student_data.get("name") or "").strip(), "student_id_number": number,
                    "school": student_data.get("school") or "",
                    "entry_year": student_data.get("entry_year") or campaign.school_entry_year}, pii.id_hash(number)
    else:
        errors["student"] = _("Choose the student.")
    return {}, None


@transaction.atomic
def propose_recipient(user, campaign, org, *, archive=None, member=None, student=None, student_data=None,
                      amount=None, note=""):
    """A union proposes a person for a campaign (from its archives, or from members if no archive is needed).

    For 金秋助学 the person aided is the student child (``student``: a household member of the archive, or
    ``student_data`` with name, id_number, school, entry_year). The same person cannot be proposed for the
    same campaign twice, whichever union proposes them: a unique index decides a race.
    """
    require_assist(user, org)
    errors = {}
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError({"campaign": _("The campaign is closed.")})
    if participant_for(campaign, org) is None:
        raise ValidationError({"org": _("This union does not take part in the campaign.")})
    if archive is not None:
        if not archive.org.path.startswith(org.path):
            errors["archive"] = _("Choose an archive of this union.")
        elif not archive_qualifies(campaign, archive):
            errors["archive"] = _("The archive does not meet the campaign's conditions (active, tier, category, "
                                  "school entry year).")
        name, worker_hash, member = archive.name, archive.id_hash, archive.member
    elif member is not None:
        if campaign.needs_archive:
            errors["archive"] = _("This campaign is for workers with an active hardship archive.")
        if not member.org.path.startswith(org.path):
            errors["member"] = _("Choose a member of this union.")
        name, worker_hash = member.name, member.id_hash
    else:
        raise ValidationError({"archive": _("Choose an archive (or a member) to propose.")})
    person_hash, student_fields = worker_hash, {}
    if campaign.is_school_aid:
        student_fields, student_hash = _student_fields(campaign, archive, student, student_data, errors)
        person_hash = student_hash or person_hash
    if errors:
        raise ValidationError(errors)
    amount = campaign.standard_amount if amount in (None, "") else parse_money(amount, "amount", positive=True)
    place = "student" if campaign.is_school_aid else "archive"
    if AidRecipient.objects.filter(campaign=campaign, person_hash=person_hash,
                                   status__in=HOLDING_RECIPIENT_STATUSES).exists():
        raise ValidationError({place: _once_per_campaign_message()})
    recipient = AidRecipient(campaign=campaign, org=org, archive=archive, member=member, name=name,
                             worker_hash=worker_hash, person_hash=person_hash, amount=amount, note=note or "",
                             **student_fields)
    try:
        with transaction.atomic():
            recipient.save()
    except IntegrityError:
        raise ValidationError({place: _once_per_campaign_message()}) from None
    audit.created(recipient, user)
    return recipient


def _decide(user, recipient, name, note=""):
    return transition(recipient, user, name, note=note, changes={
        "decided_by": user_or_none(user), "decided_on": timezone.localdate()})


@transaction.atomic
def approve_recipient(user, recipient):
    require_level_above(user, recipient.org)
    return _decide(user, recipient, "approve")


@transaction.atomic
def reject_recipient(user, recipient, reason):
    require_level_above(user, recipient.org)
    require_reason(reason, _("Give the reason."))
    return _decide(user, recipient, "reject", note=reason)


@transaction.atomic
def record_payment(user, recipient, *, kind, amount, paid_on=None, goods="", fund_org=None):
    """Cash, goods or a shopping card given to an approved recipient; cash and cards can be paid from a fund."""
    scope.require(user, "change", recipient.org)
    errors = {}
    if kind not in PaymentKind.values:
        errors["kind"] = _("Choose how the aid was given.")
    paid_on = paid_on or timezone.localdate()
    check_not_future(paid_on, "paid_on")
    amount = parse_money(amount, "amount", required=True, positive=True)
    if kind == PaymentKind.GOODS and not (goods or "").strip():
        errors["goods"] = _("Describe the goods.")
    if fund_org is not None and not recipient.org.path.startswith(fund_org.path):
        errors["fund_org"] = _("Pay from the fund of the proposing union or a union above it.")
    if fund_org is not None and not scope.can(user, "change", fund_org):
        errors["fund_org"] = _("Your role does not allow paying from this fund.")
    if errors:
        raise ValidationError(errors)
    transition(recipient, user, "hardship_pay")
    payment = AidPayment.objects.create(recipient=recipient, kind=kind, amount=amount, paid_on=paid_on,
                                        goods=(goods or "").strip(), fund_org=fund_org, recorded_by=user_or_none(user))
    if fund_org is not None:
        post_entry(fund_org, -amount, EntryKind.PAYMENT, paid_on, user, payment=payment,
                   memo=f"{recipient.campaign.name}"[:200])
    audit.created(payment, user)
    return payment
