"""Writes of employment services (就业服务): job seekers (a member, or a person by name and ID number) and their
referrals (职业介绍) to a job: the placement (a person in a hardship archive prompts its review through
``core.hooks.person_placed``), the follow-up three months after it, or no placement."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, hooks, pii, scope
from gonghui.core.validators import check_id_number, check_mobile
from gonghui.core.workflow import transition
from gonghui.members.choices import MemberStatus

from .choices import FOLLOW_UP_DAYS, SeekerStatus
from .models import JobSeeker, Referral

SEEKER_FIELDS = ("name", "id_number", "phone", "migrant_worker", "in_hardship", "desired_job", "wishes",
                 "registered_on")


def _actor(user):
    return user if getattr(user, "pk", None) and not getattr(user, "is_member_account", False) else None


def _not_future(day, field, errors, message=None):
    if day and day > timezone.localdate():
        errors[field] = message or _("This date cannot be in the future.")


def save_seeker(user, seeker, org=None, member=None, **data):
    """Register a job seeker at ``org`` (``seeker`` None) or edit one: a member of the union's subtree (name and ID
    from the member's record), or a person by name and ID number; one open registration a person."""
    with transaction.atomic():
        creating = seeker is None
        if creating:
            if org is None:
                raise ValidationError({"org": _("Choose the union.")})
            seeker = JobSeeker(org=org, created_by=_actor(user))
        else:
            seeker = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
        scope.require(user, "change", seeker.org)
        before = None if creating else audit.snapshot(seeker)
        for name in SEEKER_FIELDS:
            if name in data:
                setattr(seeker, name, data[name] if data[name] is not None or name == "registered_on" else "")
        errors = {}
        if creating and member is not None:
            if member.status != MemberStatus.ACTIVE or not member.org.path.startswith(seeker.org.path):
                errors["member"] = _("%(name)s is not an active member of %(org)s or a union below it.") % {
                    "name": member.name, "org": seeker.org.name}
            else:
                seeker.member, seeker.name, seeker.id_number, seeker.id_hash = member, member.name, "", member.id_hash
                if "migrant_worker" not in data:
                    seeker.migrant_worker = getattr(member, "employment_type", "") == "migrant"
        if seeker.member_id is None:
            seeker.name = (seeker.name or "").strip()
            if not seeker.name:
                errors["name"] = _("Enter the full name, or choose a member.")
            try:
                seeker.id_number = check_id_number(seeker.id_number)
                seeker.id_hash = pii.id_hash(seeker.id_number)
            except ValidationError as e:
                errors["id_number"] = e.messages[0] if seeker.id_number else _("Enter the ID number.")
        if seeker.phone:
            try:
                seeker.phone = check_mobile(seeker.phone)
            except ValidationError as e:
                errors["phone"] = e.messages[0]
        if not (seeker.desired_job or "").strip():
            errors["desired_job"] = _("Enter the job the person wants.")
        if seeker.registered_on is None:
            errors["registered_on"] = _("Enter the date.")
        _not_future(seeker.registered_on, "registered_on", errors)
        if seeker.id_hash and "id_number" not in errors and JobSeeker.objects.filter(
                id_hash=seeker.id_hash, status=SeekerStatus.SEEKING).exclude(pk=seeker.pk).exists():
            errors["member" if seeker.member_id and creating else "id_number"] = _(
                "This person is already registered as seeking work.")
        if errors:
            raise ValidationError(errors)
        seeker.save()
        (audit.created(seeker, user) if creating else audit.updated(seeker, user, before))
        return seeker


def refer(user, seeker, vacancy=None, employer="", job="", referred_on=None):
    """Refer a job seeker (still seeking) to a job: a vacancy in the user's scope, or an employer and job named."""
    with transaction.atomic():
        seeker = JobSeeker.objects.select_for_update().select_related("org").get(pk=seeker.pk)
        scope.require(user, "change", seeker.org)
        referred_on = referred_on or timezone.localdate()
        errors = {}
        if vacancy is not None:
            employer, job = employer or vacancy.employer, job or vacancy.title
        employer, job = (employer or "").strip(), (job or "").strip()
        if not employer:
            errors["employer"] = _("Choose a vacancy or enter the employer.")
        if not job:
            errors["job"] = _("Choose a vacancy or enter the job.")
        _not_future(referred_on, "referred_on", errors)
        if referred_on < seeker.registered_on:
            errors["referred_on"] = _("A referral comes after the registration (%(day)s).") % {
                "day": seeker.registered_on}
        if errors:
            raise ValidationError(errors)
        referral = Referral.objects.create(seeker=seeker, vacancy=vacancy, employer=employer, job=job,
                                           referred_on=referred_on, recorded_by=_actor(user))
        audit.created(referral, user)
        transition(seeker, user, "refer", note=f"{employer} · {job}")
        return referral


def place(user, referral, placed_on=None):
    """The job seeker took the job: the referral is placed, its follow-up falls due three months on, the seeker is
    placed; a person in a hardship archive prompts the archive's review (``hooks.person_placed``)."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().select_related("seeker", "seeker__org").get(pk=referral.pk)
        placed_on = placed_on or timezone.localdate()
        errors = {}
        _not_future(placed_on, "placed_on", errors)
        if placed_on < referral.referred_on:
            errors["placed_on"] = _("A placement comes after the referral (%(day)s).") % {"day": referral.referred_on}
        if errors:
            raise ValidationError(errors)
        seeker = referral.seeker
        prompted = False
        if seeker.in_hardship:
            hooks.person_placed(user, seeker.org, seeker.id_hash, seeker.member_id, placed_on,
                                _("%(name)s was placed in a job: %(employer)s · %(job)s.") % {
                                    "name": seeker.name, "employer": referral.employer, "job": referral.job})
            prompted = True
        referral = transition(referral, user, "place", changes={
            "placed_on": placed_on, "follow_up_due": placed_on + datetime.timedelta(days=FOLLOW_UP_DAYS),
            "hardship_review_prompted": prompted})
        if seeker.status == SeekerStatus.SEEKING:
            transition(seeker, user, "placed", check=False, note=f"{referral.employer} · {referral.job}")
        return referral


@transaction.atomic
def not_placed(user, referral):
    return transition(referral, user, "not_placed")


def follow_up(user, referral, followed_up_on=None, still_employed=True, note=""):
    """The follow-up of a placement: whether the person is still in the job, on a day after the placement."""
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        followed_up_on = followed_up_on or timezone.localdate()
        errors = {}
        _not_future(followed_up_on, "followed_up_on", errors)
        if referral.placed_on and followed_up_on < referral.placed_on:
            errors["followed_up_on"] = _("A follow-up comes after the placement (%(day)s).") % {
                "day": referral.placed_on}
        if still_employed is None:
            errors["still_employed"] = _("Say whether the person is still in the job.")
        if errors:
            raise ValidationError(errors)
        return transition(referral, user, "follow_up", changes={
            "followed_up_on": followed_up_on, "still_employed": still_employed,
            "follow_up_note": (note or "").strip()})


@transaction.atomic
def close_seeker(user, seeker):
    return transition(seeker, user, "close")


@transaction.atomic
def reopen_seeker(user, seeker):
    return transition(seeker, user, "reopen")

