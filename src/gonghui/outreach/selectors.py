"""Reads of contacts and the service network, each scoped to the reader."""

import datetime

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core import scope
from gonghui.core.workbench import todo_item
from gonghui.orgs.choices import LIVE_STATUSES

from .choices import MeetingKind
from .models import (
    CareVisit,
    Consultation,
    ContactArea,
    ContactAssignment,
    ContactVisit,
    CustodyAgreement,
    CustodyMember,
    Mediator,
    PartnerMeeting,
    ServicePoint,
)

# How many meetings of each kind a union at these levels holds at least in twelve months (the seeds: "一年最少
# 召开1-2次政府与工会的联席会"); settings.GONGHUI_PARTNER_MEETINGS overrides it: {kind: per year}.
DEFAULT_MEETING_RULES = {MeetingKind.GOVERNMENT: 1, MeetingKind.TRIPARTITE: 1}
MEETING_LEVELS = (1, 2, 3, 4)  # the federations (national, province, city, county/district) hold them


def meeting_rules():
    return getattr(settings, "GONGHUI_PARTNER_MEETINGS", DEFAULT_MEETING_RULES)


def meetings_below_frequency(user, today):
    """The federations in the reader's scope that held fewer meetings of a kind than the rule asks for in the
    twelve months up to ``today``: ``[(org, kind label, held, required)]``."""
    since = today - datetime.timedelta(days=365)
    orgs = list(scope.orgs_for(user).filter(level__in=MEETING_LEVELS, status__in=LIVE_STATUSES).order_by("path"))
    held = {(row["org"], row["kind"]): row["n"] for row in PartnerMeeting.objects.filter(
        org__in=orgs, held_on__gt=since, held_on__lte=today).values("org", "kind").annotate(n=Count("id"))}
    labels = dict(MeetingKind.choices)
    out = []
    for org in orgs:
        for kind, required in meeting_rules().items():
            n = held.get((org.pk, kind), 0)
            if n < required:
                out.append((org, labels.get(kind, kind), n, required))
    return out


def custody_ending(user, today, days=30):
    return CustodyAgreement.objects.for_user(user).filter(ends_on__gte=today,
                                                           ends_on__lte=today + datetime.timedelta(days=days))


def workbench_todo(user, today):
    if not scope.can(user, "change", None):
        return []
    return [
        todo_item("outreach_custody_ending", _("Custody agreements ending within 30 days"),
                  custody_ending(user, today).order_by("ends_on", "id"),
                  f"{reverse('outreach:custody_list')}?ending=yes", urgency="due", when="ends_on"),
    ]


def _reader(model, *related):
    def read(user):
        return model.objects.for_user(user).select_related(*related)
    read.__name__ = f"{model._meta.model_name}_for"
    return read




def custody_for(user):
    return (CustodyAgreement.objects.for_user(user).select_related("org")
            .annotate(members_covered=Count("covered", distinct=True)).order_by("-starts_on", "-id"))


custody_members_for = _reader(CustodyMember, "org", "agreement", "member")


def areas_for(user):
    return ContactArea.objects.for_user(user).select_related("org").prefetch_related("unions")


contacts_for = _reader(ContactAssignment, "org", "unit")
contact_visits_for = _reader(ContactVisit, "org", "assignment__unit")
visits_for = _reader(CareVisit, "org", "member", "unit")
meetings_for = _reader(PartnerMeeting, "org")
points_for = _reader(ServicePoint, "org")
mediators_for = _reader(Mediator, "org")
consultations_for = _reader(Consultation, "org")


def roster_for_case(org):
    """The active mediators of ``org``'s roster and the rosters above it, nearest first: (name, committee · union),
    offered on a rights case's mediation forms (``core.hooks.mediator_roster``). Names and committees only."""
    chain = [*org.get_ancestors(), org]
    depth = {o.pk: o.depth for o in chain}
    mediators = sorted(Mediator.objects.filter(org__in=chain, active=True).select_related("org"),
                       key=lambda m: (-depth[m.org_id], m.committee, m.name))
    return [(m.name, f"{m.committee} · {m.org.name}" + (f" · {m.speciality}" if m.speciality else ""))
            for m in mediators]
