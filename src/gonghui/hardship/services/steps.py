"""The steps of an archive (``HardshipArchive.workflow``): filing, the home visit (入户核查), the tier, the public
notice (公示), approval by the level above, rejection, closing (脱困) and the yearly review (动态管理).

Each step is one conditional UPDATE through ``core.workflow.transition`` (a lost race is a WorkflowConflict); a step
that ends the archive (rejected, closed) also frees its people (``HouseholdMember.is_open``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.attachments import IMAGE_TYPES, atomic_with_files, store_upload
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.validators import check_not_future, require_reason
from gonghui.core.workflow import transition

from ..choices import DEFAULT_NOTICE_WORKING_DAYS, PHOTO_MAX_BYTES, ArchiveStatus, Tier
from ..models import ArchiveReview, HardshipArchive, HomeVisit, HomeVisitPhoto, HouseholdMember, photo_storage
from .archives import HOUSEHOLD_FIELDS
from .common import add_working_days, add_year, require_assist, require_level_above, setting, user_or_none
from .thresholds import income_figures

workflow = HardshipArchive.workflow


def _step(user, archive, name, **kwargs):
    """Make the step ``name``; an archive it ends no longer holds its people."""
    archive = transition(archive, user, name, **kwargs)
    if not archive.is_open:
        HouseholdMember.objects.filter(archive_id=archive.pk).update(is_open=False)
    return archive


def _refuse_unless_state(archive, name):
    """A WorkflowConflict (with the step's message) unless the archive is in a state the step starts from."""
    t = workflow[name]
    if not t.state_allows(archive, workflow.field):
        raise WorkflowConflict(str(t.conflict or workflow.conflict))


@transaction.atomic
def submit_archive(user, archive):
    return _step(user, archive, "hardship_submit", changes={"applied_on": timezone.localdate()})


@atomic_with_files()
def record_home_visit(user, archive, *, date, visitors, findings, confirms_application=True, photos=()):
    """入户核查: record the home visit (with photos); an applied archive moves to verifying."""
    workflow.require(archive, user, "home_visit")
    errors = {}
    if not date:
        errors["date"] = _("Enter the date of the visit.")
    if not (visitors or "").strip():
        errors["visitors"] = _("Name the visitors.")
    if not (findings or "").strip():
        errors["findings"] = _("Describe what the visit found.")
    if errors:
        raise ValidationError(errors)
    check_not_future(date)
    # Stored now, deleted again if anything below fails (atomic_with_files).
    stored = [store_upload(p, storage=photo_storage(), folder=f"visits/{archive.pk}", field="photos",
                           types=IMAGE_TYPES, max_bytes=PHOTO_MAX_BYTES, what=_("The photo"), default_name="photo")
              for p in photos]
    if workflow["hardship_verify"].state_allows(archive, workflow.field):
        _step(user, archive, "hardship_verify")
    else:
        _refuse_unless_state(archive, "home_visit")
    visit = HomeVisit.objects.create(archive=archive, date=date, visitors=visitors.strip(), findings=findings.strip(),
                                     confirms_application=confirms_application, recorded_by=user_or_none(user))
    for upload in stored:
        HomeVisitPhoto(visit=visit).attach(upload).save()
    audit_note = _("Home visit on %(date)s by %(who)s") % {"date": date.isoformat(), "who": visit.visitors}
    audit.record("update", archive, user=user, note=audit_note)
    return visit


def notice_required():
    return bool(setting("GONGHUI_HARDSHIP_PUBLIC_NOTICE", True))


@transaction.atomic
def complete_verification(user, archive, *, tier, tier_reason="", public_notice=None):
    """The union confirms the tier after the home visit; the archive goes to public notice (公示) or approval."""
    workflow.require(archive, user, "hardship_notice")
    errors = {}
    if tier not in Tier.values:
        errors["tier"] = _("Choose the tier.")
    elif tier != archive.proposed_tier and not (tier_reason or "").strip():
        errors["tier_reason"] = _("The tier differs from the one the rules propose: give the reason.")
    if not archive.home_visits.filter(confirms_application=True).exists():
        errors["__all__"] = _("Record a home visit that confirms the application first.")
    if errors:
        raise ValidationError(errors)
    if public_notice is None:
        public_notice = notice_required()
    changes = {"tier": tier, "tier_reason": (tier_reason or archive.tier_reason)[:300]}
    if public_notice:
        start = timezone.localdate()
        days = int(setting("GONGHUI_HARDSHIP_NOTICE_WORKING_DAYS", DEFAULT_NOTICE_WORKING_DAYS))
        changes.update(notice_start=start, notice_end=add_working_days(start, days))
        return _step(user, archive, "hardship_notice", changes=changes)
    return _step(user, archive, "hardship_verified", changes=changes)


@transaction.atomic
def end_notice(user, archive, *, today=None, objection=""):
    """The public notice is over: the archive goes up for approval (or is rejected on a valid objection).

    ``user`` None: the daily round ends the notices whose last day has passed.
    """
    today = today or timezone.localdate()
    if user is not None:
        workflow.require(archive, user, "hardship_notice_end")
    if archive.notice_end and today <= archive.notice_end:
        raise ValidationError({"__all__": _("The public notice runs until %(date)s.") % {"date": archive.notice_end}})
    check = user is not None
    if objection.strip():
        return _step(user, archive, "reject", note=objection, check=check,
                     where=Q(status=ArchiveStatus.NOTICE), changes={"close_reason": objection.strip()})
    return _step(user, archive, "hardship_notice_end", check=check)


@transaction.atomic
def approve_archive(user, archive):
    """The level above approves: the archive becomes active and is due for review in a year."""
    require_level_above(user, archive.org)
    scope.require(user, "assist", archive.org)
    if not archive.tier:
        raise ValidationError({"tier": _("Confirm the tier before approval.")})
    today = timezone.localdate()
    return _step(user, archive, "approve", changes={"approved_on": today, "approved_by": user_or_none(user),
                                                    "next_review_due": add_year(today)})


@transaction.atomic
def reject_archive(user, archive, reason):
    workflow.require(archive, user, "reject")
    require_reason(reason, _("Give the reason."))
    return _step(user, archive, "reject", note=reason, changes={"close_reason": reason.strip()})


@transaction.atomic
def close_archive(user, archive, reason, *, date=None):
    """脱困: the household is out of hardship; the archive is closed with the reason."""
    workflow.require(archive, user, "hardship_close")
    date = date or timezone.localdate()
    check_not_future(date)
    require_reason(reason, _("Give the reason."))
    return _step(user, archive, "hardship_close", note=reason, changes={
        "closed_on": date, "close_reason": reason.strip(), "next_review_due": None})


@transaction.atomic
def review_archive(user, archive, *, date=None, outcome="continue", tier="", note=""):
    """The yearly review (动态管理): income recomputed, tier kept or changed, or the archive closed."""
    require_assist(user, archive.org)
    date = date or timezone.localdate()
    check_not_future(date)
    archive = HardshipArchive.objects.select_for_update().get(pk=archive.pk)
    _refuse_unless_state(archive, "hardship_review")
    if outcome not in ("continue", "retier", "close"):
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if outcome == "retier" and tier not in Tier.values:
        raise ValidationError({"tier": _("Choose the new tier.")})
    if outcome == "close" and not note.strip():
        raise ValidationError({"note": _("Give the reason the household is out of hardship.")})
    household = [{f: getattr(h, f) for f in HOUSEHOLD_FIELDS} for h in archive.household.all()]
    causes = list(archive.causes.values_list("cause", flat=True))
    figures, reason = income_figures(archive.org, archive.monthly_rigid_expenses, household, causes, year=date.year)
    review = ArchiveReview.objects.create(
        archive=archive, date=date, outcome=outcome, tier_before=archive.tier,
        tier_after=tier if outcome == "retier" else archive.tier, income_per_person=figures["income_per_person"],
        note=note, reviewed_by=user_or_none(user))
    if outcome == "close":
        for name, value in figures.items():
            setattr(archive, name, value)
        archive.save()
        close_archive(user, archive, note, date=date)
        return review
    transition(archive, user, "hardship_review", note=note, changes={
        **figures, "tier": tier if outcome == "retier" else archive.tier, "tier_reason": (note or reason)[:300],
        "next_review_due": add_year(date), "review_reminded_for": None})
    return review
