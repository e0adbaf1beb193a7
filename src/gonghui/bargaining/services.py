"""Writes of collective bargaining: an offer (要约) drafted, sent, answered or withdrawn."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, scope
from gonghui.core.attachments import atomic_with_files, store_upload
from gonghui.core.sequences import allocate
from gonghui.core.validators import check_not_before, check_not_future
from gonghui.core.workflow import transition
from gonghui.orgs.models import EmployerUnit

from .choices import Coverage, OfferStatus, Reply, Topic, reply_days
from .models import Instructor, NegotiationRound, Offer, OfferCampaign, minutes_storage


def join_topics(topics):
    """The stored form of chosen topics: in the list's order, with a comma at each end (found by ",code,")."""
    return "," + ",".join(t for t in Topic.values if t in topics) + ","


def _check_offer(user, org, on_behalf_of, coverage, employers, topics):
    errors = {}
    if on_behalf_of is not None:
        if on_behalf_of.pk == org.pk:
            errors["on_behalf_of"] = _("A union does not act on its own behalf: leave this empty.")
        elif not on_behalf_of.path.startswith(org.path):
            errors["on_behalf_of"] = _("Only a union above may send an offer on a union's behalf: choose a union "
                                       "below the sending union.")
    if coverage not in Coverage.values:
        errors["coverage"] = _("Choose the coverage.")
    employers = list(employers or [])
    allowed = set(EmployerUnit.objects.for_user(user).filter(pk__in=[e.pk for e in employers])
                  .values_list("pk", flat=True))
    outside = [e for e in employers if e.pk not in allowed]
    if not employers:
        errors["employers"] = _("Choose the employer the offer is sent to.")
    elif outside:
        errors["employers"] = _("%(names)s is outside your organisations.") % {
            "names": "、".join(e.name for e in outside)}
    elif coverage == Coverage.EMPLOYER and len(employers) != 1:
        errors["employers"] = _("An offer to one employer names exactly one employer.")
    elif coverage in (Coverage.REGIONAL, Coverage.INDUSTRY) and len(employers) < 2:
        errors["employers"] = _("A regional or industry offer names at least two employers.")
    topics = list(topics or [])
    if not topics:
        errors["topics"] = _("Choose at least one topic.")
    elif any(t not in Topic.values for t in topics):
        errors["topics"] = _("Choose topics from the list.")
    if errors:
        raise ValidationError(errors)
    return employers, ",{},".format(",".join(t for t in Topic.values if t in topics))


KEEP = object()  # an argument not given: an edit keeps the offer's value (a partial API update)


@transaction.atomic
def save_offer(user, offer, *, org=None, on_behalf_of=KEEP, coverage=KEEP, employers=KEEP, topics=KEEP,
               content=KEEP, campaign=None):
    """Create (``offer`` None) or edit an offer. The sending union cannot change once it exists."""
    if offer is not None:
        org = offer.org
        on_behalf_of = offer.on_behalf_of if on_behalf_of is KEEP else on_behalf_of
        coverage = offer.coverage if coverage is KEEP else coverage
        employers = list(offer.employers.all()) if employers is KEEP else employers
        topics = offer.topics if topics is KEEP else topics
        content = offer.content if content is KEEP else content
    else:
        on_behalf_of = None if on_behalf_of is KEEP else on_behalf_of
        coverage = Coverage.EMPLOYER if coverage is KEEP else coverage
        employers = () if employers is KEEP else employers
        topics = () if topics is KEEP else topics
        content = "" if content is KEEP else content
    if org is None:
        raise ValidationError({"org": _("Choose the sending union.")})
    scope.require(user, "change", org)
    employers, codes = _check_offer(user, org, on_behalf_of, coverage, employers, topics)
    if offer is None:
        offer = Offer(org=org, reference_no=f"YY{timezone.localdate():%Y}{allocate('bargaining_offer'):06d}",
                      recorded_by=user if getattr(user, "pk", None) else None)
        before = None
    else:
        before = audit.snapshot(offer)
    offer.on_behalf_of, offer.coverage, offer.topic_codes = on_behalf_of, coverage, codes
    offer.content = (content or "").strip()
    if campaign is not None:
        offer.campaign = campaign
    offer.save()
    offer.employers.set(employers)
    if before is None:
        audit.created(offer, user)
    else:
        audit.updated(offer, user, before)
    return offer


def _check_date(day, field, *, not_before=None, not_before_message=""):
    if day is None:
        raise ValidationError({field: _("Enter the date.")})
    check_not_future(day, field)
    check_not_before(day, not_before, field, not_before_message)


@transaction.atomic
def send_offer(user, offer, *, sent_on=None):
    """The offer goes out: the reply is due ``reply_days()`` (20 by default) days after it was sent."""
    sent_on = sent_on or timezone.localdate()
    _check_date(sent_on, "sent_on")
    return transition(offer, user, "send", changes={
        "sent_on": sent_on, "reply_due": sent_on + datetime.timedelta(days=reply_days())})


@transaction.atomic
def answer_offer(user, offer, *, replied_on, reply, reply_note=""):
    """The employer's reply: accepted, refused or a counter-proposal."""
    _check_date(replied_on, "replied_on", not_before=offer.sent_on,
                not_before_message=_("The reply cannot come before the offer was sent."))
    if reply not in Reply.values:
        raise ValidationError({"reply": _("Choose the reply.")})
    return transition(offer, user, "answer", changes={"replied_on": replied_on, "reply": reply,
                                                      "reply_note": (reply_note or "").strip()})


@transaction.atomic
def withdraw_offer(user, offer):
    return transition(offer, user, "withdraw")


def _topic_codes(topics, field="topics"):
    topics = list(topics or [])
    if not topics:
        raise ValidationError({field: _("Choose at least one topic.")})
    if any(t not in Topic.values for t in topics):
        raise ValidationError({field: _("Choose topics from the list.")})
    return join_topics(topics)


@transaction.atomic
def save_campaign(user, campaign, *, org=None, name=KEEP, starts_on=KEEP, ends_on=KEEP, topics=KEEP, content=KEEP):
    """Create (``campaign`` None) or edit an offer campaign; its union cannot change once it exists."""
    if campaign is not None:
        org = campaign.org
        name = campaign.name if name is KEEP else name
        starts_on = campaign.starts_on if starts_on is KEEP else starts_on
        ends_on = campaign.ends_on if ends_on is KEEP else ends_on
        topics = campaign.topics if topics is KEEP else topics
        content = campaign.content if content is KEEP else content
    if org is None:
        raise ValidationError({"org": _("Choose the organising union.")})
    scope.require(user, "change", org)
    name = ("" if name is KEEP else name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the name of the campaign.")})
    if starts_on in (KEEP, None) or ends_on in (KEEP, None):
        raise ValidationError({"starts_on" if starts_on in (KEEP, None) else "ends_on": _("Enter the date.")})
    check_not_before(ends_on, starts_on, "ends_on", _("The campaign cannot end before it starts."))
    codes = _topic_codes([] if topics is KEEP else topics)
    before = audit.snapshot(campaign) if campaign is not None else None
    campaign = campaign or OfferCampaign(org=org)
    campaign.name, campaign.starts_on, campaign.ends_on, campaign.topic_codes = name, starts_on, ends_on, codes
    campaign.content = ("" if content is KEEP else content or "").strip()
    campaign.save()
    if before is None:
        audit.created(campaign, user)
    else:
        audit.updated(campaign, user, before)
    return campaign


@transaction.atomic
def send_campaign_offers(user, campaign, *, employers, sent_on=None):
    """One offer to each employer, sent at once, in one transaction: all or none. An employer outside the
    campaign union's subtree (or the user's scope), or already holding an offer of the campaign, refuses the lot.
    An employer whose own union is below the campaign's union gets the offer on that union's behalf (代行要约)."""
    employers = list(employers or [])
    if not employers:
        raise ValidationError({"employers": _("Choose the employers to send offers to.")})
    path = campaign.org.path
    visible = set(EmployerUnit.objects.for_user(user).filter(pk__in=[e.pk for e in employers])
                  .values_list("pk", flat=True))
    outside = [e for e in employers if e.pk not in visible or not (
        e.area_org.path.startswith(path) or (e.union_id and e.union.path.startswith(path)))]
    if outside:
        raise ValidationError({"employers": _("%(names)s is outside the campaign's organisations.") % {
            "names": "、".join(e.name for e in outside)}})
    taken = set(campaign.offers.exclude(status=OfferStatus.WITHDRAWN).filter(employers__in=employers)
                .values_list("employers__name", flat=True))
    if taken:
        raise ValidationError({"employers": _("%(names)s already has an offer of this campaign.") % {
            "names": "、".join(sorted(taken))}})
    sent = []
    for unit in employers:
        acting = unit.union if unit.union_id and unit.union_id != campaign.org_id and \
            unit.union.path.startswith(path) else None
        offer = save_offer(user, None, org=campaign.org, on_behalf_of=acting, employers=[unit],
                           topics=campaign.topics, content=campaign.content, campaign=campaign)
        sent.append(send_offer(user, offer, sent_on=sent_on))
    transition(campaign, user, "send_offers", note=_("%(n)d offers sent") % {"n": len(sent)})
    return sent


@transaction.atomic
def close_campaign(user, campaign):
    return transition(campaign, user, "close")


def instructors_for_offer(offer):
    """The roster an offer chooses from: active instructors kept by its union or a union above it."""
    paths = [offer.org.path[:i] for i in range(4, len(offer.org.path) + 1, 4)]
    return Instructor.objects.filter(active=True, org__path__in=paths).select_related("org").order_by("name")


def _lines(text):
    return "\n".join(line.strip() for line in (text or "").splitlines() if line.strip())


@atomic_with_files()
def record_round(user, offer, *, held_on, union_side, employer_side, instructor=None, agreed="", open_points="",
                 minutes=None):
    """A round of negotiation on an answered offer, numbered in order; the minutes checked by content and size."""
    errors = {}
    if held_on is None:
        errors["held_on"] = _("Enter the date.")
    else:
        check_not_future(held_on, "held_on", errors=errors)
        check_not_before(held_on, offer.sent_on, "held_on", _("A round cannot be held before the offer was sent."),
                         errors=errors)
    union_side, employer_side = _lines(union_side), _lines(employer_side)
    if not union_side:
        errors["union_side"] = _("Name the union's representatives.")
    if not employer_side:
        errors["employer_side"] = _("Name the employer's representatives.")
    if instructor is not None and not instructors_for_offer(offer).filter(pk=instructor.pk).exists():
        errors["instructor"] = _("Choose an instructor from the roster of this union or a union above it.")
    if errors:
        raise ValidationError(errors)
    # The step first: the right, the state and the change-log entry; a lost race writes nothing.
    offer = transition(offer, user, "record_round")
    number = (offer.rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    r = NegotiationRound(offer=offer, number=number, held_on=held_on, union_side=union_side,
                         employer_side=employer_side, instructor=instructor, agreed=(agreed or "").strip(),
                         open_points=(open_points or "").strip(),
                         recorded_by=user if getattr(user, "pk", None) else None)
    if minutes:
        r.attach(store_upload(minutes, storage=minutes_storage(), folder=f"{offer.org_id}/{offer.pk}",
                              field="minutes", what=_("The minutes")))
    r.save()
    audit.created(r, user)
    return r
