"""Writes of democratic management: each checks the right at the union, validates (errors name the field), writes
the change log, in one transaction. Workflow steps go through ``gonghui.core.workflow.transition``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.attachments import atomic_with_files, store_upload
from gonghui.core.services import save_object
from gonghui.core.validators import check_not_before, check_not_future, require_reason
from gonghui.core.workflow import transition
from gonghui.members.choices import MemberStatus

from .choices import ItemResult, MotionStatus, SessionStatus
from .models import STORAGE, AgendaItem, Congress, Delegate, EmployerRule, Motion, Session, Setup, StarRating


def _within(org, ancestor):
    return org is not None and ancestor is not None and org.path.startswith(ancestor.path)


# --- the congress system of an employer -------------------------------------------------------------------------------

SETUP_FIELDS = ("unit", "org", "form", "body", "established_on", "note")


@atomic_with_files()
def save_setup(user, setup, *, document=None, **data):
    """Create or update an employer's congress system; the union holding the congress is the employer's covering
    union or one above it (a regional or industry congress of a township or joint union)."""
    setup = setup or Setup()
    unit = data.get("unit", setup.unit if setup.unit_id else None)
    org = data.get("org", setup.org if setup.org_id else None)
    if unit is not None and org is not None:
        home = unit.union or unit.area_org
        if not _within(home, org):
            raise ValidationError({"org": _("The congress must be held by the employer's union (%(union)s) or a "
                                             "union above it.") % {"union": home.name}})
    if document:
        setup.attach(store_upload(document, storage=STORAGE, folder="setups", field="document",
                                  what=_("The congress rules document")))
    fields = [f for f in SETUP_FIELDS if f in data]
    return save_object(user, setup, data, fields=fields + (["file", "file_name", "file_type", "file_size"]
                                                           if document else []))


# --- delegates --------------------------------------------------------------------------------------------------------


@transaction.atomic
def save_delegate(user, delegate, **data):
    """A delegate is an active member of the union holding the congress (or of a union under it)."""
    delegate = delegate or Delegate()
    congress = data.get("congress") or delegate.congress
    member = data.get("member") or (delegate.member if delegate.member_id else None)
    if member is not None:
        if not _within(member.org, congress.org) or member.status != MemberStatus.ACTIVE:
            raise ValidationError({"member": _("A delegate must be an active member of the union holding the "
                                               "congress (%(org)s).") % {"org": congress.org.name}})
        taken = Delegate.objects.filter(congress=congress, member=member).exclude(pk=delegate.pk).exists()
        if taken:
            raise ValidationError({"member": _("This member is already a delegate of this congress.")})
    return save_object(user, delegate, data, fields=[f for f in ("congress", "member", "constituency", "category")
                                                     if f in data])


def composition(congress):
    """The delegates by category, with the frontline share against the rule of the congress."""
    rows = list(Delegate.objects.filter(congress=congress).values_list("category", "member__gender"))
    total = len(rows)
    counts = {}
    for category, _gender in rows:
        counts[category] = counts.get(category, 0) + 1
    women = sum(1 for _c, g in rows if g == "F")
    frontline = counts.get("frontline", 0)
    share = round(frontline * 100 / total, 1) if total else None
    return {"total": total, "counts": counts, "women": women, "frontline_share": share,
            "frontline_ok": share is not None and share >= congress.min_frontline_percent}


# --- sessions, agenda items and votes ---------------------------------------------------------------------------------


def _editable(session, field="__all__"):
    if session.status == SessionStatus.CLOSED:
        raise ValidationError({field: _("The session is closed: its records can no longer change.")})


@transaction.atomic
def save_session(user, session, **data):
    session = session or Session()
    if session.pk:
        _editable(session)
    return save_object(user, session, data, fields=[f for f in ("congress", "number", "kind", "due_on", "note")
                                                    if f in data])


@transaction.atomic
def hold_session(user, session, *, held_on, delegates_present):
    """Record the session held: the delegates of the term now, those present (no more than them), and whether
    two thirds were there (the quorum)."""
    errors = {}
    check_not_future(held_on, "held_on", errors=errors)
    check_not_before(held_on, session.congress.started_on, "held_on",
                     _("The session cannot be held before the term started."), errors=errors)
    total = Delegate.objects.filter(congress=session.congress).count()
    if not total:
        errors["delegates_present"] = _("The congress has no delegates yet: add them first.")
    elif delegates_present is None or delegates_present > total:
        errors["delegates_present"] = _("No more delegates can be present than the congress has (%(n)s).") % {
            "n": total}
    if errors:
        raise ValidationError(errors)
    return transition(session, user, "hold", changes={
        "held_on": held_on, "delegates_total": total, "delegates_present": delegates_present,
        "has_quorum": Session.quorum_of(total, delegates_present)})


@transaction.atomic
def close_session(user, session):
    return transition(session, user, "close")


@transaction.atomic
def save_item(user, item, **data):
    item = item or AgendaItem()
    session = data.get("session") or item.session
    _editable(session, "title")
    return save_object(user, item, data, fields=[f for f in ("session", "kind", "title", "resolution") if f in data])


@transaction.atomic
def record_vote(user, item, *, votes_for, votes_against, votes_abstain, resolution=""):
    """The vote on an item: in a session held with a quorum, no more votes than delegates present; the item passes
    when more than half of ALL the delegates of the term vote for it."""
    session = Session.objects.select_for_update().get(pk=item.session_id)
    scope.require(user, "change", session.congress.org)
    _editable(session, "votes_for")
    if session.status != SessionStatus.HELD:
        raise ValidationError({"votes_for": _("Record the session held before its votes.")})
    if not session.has_quorum:
        raise ValidationError({"votes_for": _(
            "The session had no quorum (%(present)s of %(total)s delegates present, two thirds needed): it cannot "
            "pass anything.") % {"present": session.delegates_present, "total": session.delegates_total}})
    votes = [votes_for or 0, votes_against or 0, votes_abstain or 0]
    if sum(votes) > session.delegates_present:
        raise ValidationError({"votes_for": _("The votes (%(sum)s) are more than the delegates present (%(n)s).") % {
            "sum": sum(votes), "n": session.delegates_present}})
    before = audit.snapshot(item)
    item.votes_for, item.votes_against, item.votes_abstain = votes
    item.result = ItemResult.PASSED if votes[0] * 2 > session.delegates_total else ItemResult.REJECTED
    if resolution:
        item.resolution = resolution
    item.save()
    audit.updated(item, user, before)
    return item


# --- motions ----------------------------------------------------------------------------------------------------------


@transaction.atomic
def file_motion(user, motion, **data):
    """File a motion (or edit one still waiting for its decision); numbered within the congress."""
    if motion is not None:
        if motion.status != MotionStatus.FILED:
            raise ValidationError(_("The motion has been decided on: it can no longer be edited."))
        return save_object(user, motion, data, fields=[f for f in ("title", "content", "filer", "filer_name",
                                                                   "filed_on") if f in data])
    congress = Congress.objects.select_for_update().get(pk=data["congress"].pk)
    filer = data.get("filer")
    if filer is not None and filer.congress_id != congress.pk:
        raise ValidationError({"filer": _("The filer must be a delegate of this congress.")})
    if filer is None and not (data.get("filer_name") or "").strip():
        raise ValidationError({"filer": _("Name the delegate who files the motion.")})
    number = (Motion.objects.filter(congress=congress).aggregate(n=Max("number"))["n"] or 0) + 1
    motion = Motion(number=number, filer_name=filer.member.name if filer is not None else "")
    return save_object(user, motion, data, fields=[f for f in ("congress", "title", "content", "filer", "filer_name",
                                                               "filed_on") if f in data])


def congress_of_member(member):
    """The latest congress a member's union takes part in: of the union itself, or of the nearest union above it."""
    paths = [member.org.path[:n] for n in range(len(member.org.path), 0, -4)]
    return (Congress.objects.filter(org__path__in=paths).select_related("org")
            .order_by("-org__depth", "-term").first())


@transaction.atomic
def collect_motion(user, member, *, title, content):
    """A member's suggestion sent from the portal (提案征集): filed with the congress of the member's union, in the
    member's name (as the delegate when the member is one), for the union to accept or turn into an opinion."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the motion a title.")
    if not (content or "").strip():
        errors["content"] = _("Write what you propose.")
    congress = congress_of_member(member)
    if congress is None:
        errors["title"] = _("Your union holds no workers' congress yet.")
    if errors:
        raise ValidationError(errors)
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    number = (Motion.objects.filter(congress=congress).aggregate(n=Max("number"))["n"] or 0) + 1
    motion = Motion(congress=congress, number=number, title=title.strip(), content=content.strip(),
                    filer=Delegate.objects.filter(congress=congress, member=member).first(), filer_name=member.name,
                    collected_from=member, filed_on=timezone.localdate())
    motion.full_clean()
    motion.save()
    audit.created(motion, user, org=congress.org)
    return motion


@transaction.atomic
def accept_motion(user, motion, reason=""):
    return transition(motion, user, "accept", changes={"decision_reason": reason or ""})


@transaction.atomic
def make_opinion(user, motion, reason):
    reason = require_reason(reason, _("Say why it is turned into an opinion."))
    return transition(motion, user, "make_opinion", changes={"decision_reason": reason}, note=reason)


@transaction.atomic
def assign_motion(user, motion, *, department, reply_due):
    errors = {}
    if not (department or "").strip():
        errors["department"] = _("Name the department responsible.")
    if reply_due is None:
        errors["reply_due"] = _("Set the date the reply is due.")
    elif reply_due < motion.filed_on:
        errors["reply_due"] = _("The reply cannot be due before the motion was filed.")
    if errors:
        raise ValidationError(errors)
    return transition(motion, user, "assign", changes={"department": department.strip(), "reply_due": reply_due})


@transaction.atomic
def answer_motion(user, motion, *, reply, replied_on):
    errors = {}
    if not (reply or "").strip():
        errors["reply"] = _("Write the department's reply.")
    check_not_future(replied_on, "replied_on", errors=errors)
    check_not_before(replied_on, motion.filed_on, "replied_on",
                     _("The reply cannot come before the motion was filed."), errors=errors)
    if errors:
        raise ValidationError(errors)
    return transition(motion, user, "answer", changes={"reply": reply.strip(),
                                                       "replied_on": replied_on or timezone.localdate()})


@transaction.atomic
def implement_motion(user, motion, *, implemented_on, implementation):
    errors = {}
    if not (implementation or "").strip():
        errors["implementation"] = _("Say what was done.")
    check_not_future(implemented_on, "implemented_on", errors=errors)
    check_not_before(implemented_on, motion.filed_on, "implemented_on",
                     _("It cannot be implemented before the motion was filed."), errors=errors)
    if errors:
        raise ValidationError(errors)
    return transition(motion, user, "implement", changes={
        "implemented_on": implemented_on or timezone.localdate(), "implementation": implementation.strip()})


@transaction.atomic
def rate_motion(user, motion, *, rating):
    if not rating:
        raise ValidationError({"rating": _("Choose the filer's rating.")})
    return transition(motion, user, "rate", changes={"rating": rating})


# --- the employer's rules register ------------------------------------------------------------------------------------


@transaction.atomic
def save_rule(user, rule, **data):
    """A rule or major decision of an employer, kept by its union; the agenda item that deliberated it belongs to
    a congress of that union or of one above it."""
    rule = rule or EmployerRule()
    unit = data.get("unit") or (rule.unit if rule.unit_id else None)
    if unit is not None and not rule.pk:
        data["org"] = unit.union or unit.area_org
    item = data.get("item")
    org = data.get("org") or (rule.org if rule.org_id else None)
    if item is not None and org is not None and not _within(org, item.session.congress.org):
        raise ValidationError({"item": _("The item must come from a congress of the employer's union or one above "
                                         "it.")})
    return save_object(user, rule, data, fields=[f for f in ("unit", "org", "kind", "title", "adopted_on", "item",
                                                             "note") if f in data])


def unpassed_rules(queryset, unit):
    """The employer's rules the congress has not passed (未经职代会审议通过)."""
    return queryset.filter(unit=unit).exclude(item__result=ItemResult.PASSED)


# --- stars ------------------------------------------------------------------------------------------------------------


@transaction.atomic
def rate_congress(user, rating, **data):
    """A star grade given by the union above the one holding the congress."""
    rating = rating or StarRating()
    congress = data.get("congress") or rating.congress
    above = congress.org.get_parent() if congress.org.depth > 1 else congress.org
    if not scope.can(user, "change", above):
        raise ValidationError({"stars": _("Only the union above (%(org)s) may rate this congress.") % {
            "org": above.name}})
    data["rated_by"] = above
    return save_object(user, rating, data, fields=[f for f in ("congress", "year", "stars", "rated_by", "rated_on",
                                                               "evidence") if f in data])
