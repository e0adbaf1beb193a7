"""Writes of the annual report: opening a round, entering figures, and the workflow.

draft → submitted → accepted | returned (returned → submitted again). Each transition is one conditional
UPDATE whose WHERE clause names the allowed source states: of two officials acting at once, one wins and the
other gets a WorkflowConflict. The union's staff edit and submit; the staff of the parent union return or
accept. Every change is written to the audit log in the same transaction.

Figures: a grassroots union's derived figures are its subtree totals from the counters; an upper union's
report is the sum of its accepted children's reported (frozen) figures plus its own figures (records held
at the union itself, counter column ``own``). Ratios are recomputed from the summed figures.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.exceptions import WorkflowConflict
from gonghui.core.models import AuditAction
from gonghui.core.scope import require
from gonghui.core.workflow import transition
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, percent

from . import indicators as ri
from .choices import EDITABLE_STATUSES, ReportStatus, RoundStatus
from .models import Report, ReportRound

CHUNK = 2000
LIVE = (OrgStatus.PREPARING, OrgStatus.ACTIVE)


# --- opening a round ------------------------------------------------------------------------------------------


def derive_values(period, rows):
    """{org id: data} for ``rows`` of (org id, level): grassroots unions get subtree totals, upper unions their own.

    One StatsContext per chunk and column: a few grouped queries per 2,000 organisations, never per org.
    """
    items = [i for i in ri.stored_items() if i.derived]
    entered = [i for i in ri.stored_items() if not i.derived]
    out = {}
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        for column, ids in (("total", [pk for pk, level in chunk if level >= OrgLevel.GRASSROOTS]),
                            ("own", [pk for pk, level in chunk if level < OrgLevel.GRASSROOTS])):
            if not ids:
                continue
            ctx = StatsContext(period, column).load(ids)
            per_ind = [(ind, ctx.values(ind, ids)) for ind in items]
            for pk in ids:
                data = {ind.key: {"d": ri.to_stored(ind, vals.get(pk) or 0)} for ind, vals in per_ind}
                for ind in entered:
                    data[ind.key] = {"d": None}
                out[pk] = data
    return out


@transaction.atomic
def open_round(user, org, *, year, deadline, title="", warn_change_share=Decimal("0.3")):
    """Open the round: a report for every live union at grassroots level or above in ``org``'s subtree."""
    require(user, "change", org)
    errors = {}
    if not org.is_live:
        errors["org"] = _("Only a live union can open a reporting round.")
    if not year or year < 2000 or year > timezone.localdate().year + 1:
        errors["year"] = _("Enter a valid year.")
    if deadline is None:
        errors["deadline"] = _("Enter the deadline.")
    if warn_change_share is not None and not (0 <= Decimal(str(warn_change_share)) <= 10):
        errors["warn_change_share"] = _("Enter a share between 0 and 10 (0.3 = 30%).")
    if not errors and ReportRound.objects.filter(org=org, year=year).exists():
        errors["year"] = _("This union has already opened the round of %(year)s.") % {"year": year}
    if errors:
        raise ValidationError(errors)
    actor = user if getattr(user, "pk", None) else None  # the command line may act without a stored user
    rnd = ReportRound(
        org=org, year=year, deadline=deadline, opened_by=actor,
        title=(title or "").strip()
        or _("%(org)s annual statistical report %(year)s") % {"org": org.name, "year": year},
        warn_change_share=Decimal(str(warn_change_share if warn_change_share is not None else "0.3")),
    )
    try:
        with transaction.atomic():
            rnd.save()
    except IntegrityError:
        raise ValidationError(
            {"year": _("This union has already opened the round of %(year)s.") % {"year": year}}) from None
    from gonghui.orgs.models import Organisation

    rows = list(Organisation.objects.filter(path__startswith=org.path, level__lte=OrgLevel.GRASSROOTS, status__in=LIVE)
                .order_by().values_list("pk", "level"))
    values = derive_values(Period.year(year), rows)
    taken = timezone.now()
    reports = [Report(round=rnd, org_id=pk, is_grassroots=(level >= OrgLevel.GRASSROOTS), data=values[pk],
                      figures_taken_at=taken) for pk, level in rows]
    Report.objects.bulk_create(reports, batch_size=1000)
    audit.created(rnd, actor)
    audit.record(AuditAction.BULK, None, user=actor, org=org, model=Report, count=len(reports),
                 note=_("Reporting round opened: %(title)s") % {"title": rnd})
    return rnd


@transaction.atomic
def close_round(user, rnd):
    return transition(rnd, user, "close")


# --- figures --------------------------------------------------------------------------------------------------


def child_reports(report):
    org = report.org
    return Report.objects.filter(round_id=report.round_id, org__path__startswith=org.path,
                                 org__depth=org.depth + 1).select_related("org")


def children_sums(report):
    """Sum of the accepted children's reported figures (an upper union), and whether any child was summed."""
    sums = {}
    if report.is_grassroots:
        return sums
    items = ri.stored_items()
    finals = child_reports(report).filter(status=ReportStatus.ACCEPTED).values_list("final", flat=True)
    for final in finals:
        for ind in items:
            value = ri.to_number(ind, (final or {}).get(ind.key))
            if value is not None:
                sums[ind.key] = sums.get(ind.key, 0) + value
    return sums


def own_value(ind, data):
    entry = data.get(ind.key) or {}
    if entry.get("v") is not None:
        return ri.to_number(ind, entry["v"])
    return ri.to_number(ind, entry.get("d"))


def figures(report, data=None, sums=None):
    """{key: number or None}: the report's figures (children's accepted sum + own), ratios included."""
    data = report.data if data is None else data
    sums = children_sums(report) if sums is None else sums
    out = {}
    for ind in ri.stored_items():
        own = own_value(ind, data)
        child = sums.get(ind.key)
        out[ind.key] = own if child is None else child + (own or 0)
    for ind in ri.ratio_items():
        num, den = out.get(ind.numerator), out.get(ind.denominator)
        out[ind.key] = percent(num, den) if num is not None and den is not None else None
    return out


def reported(report):
    """The figures as reported: frozen ``final`` once submitted, else computed now."""
    if report.final is not None:
        out = {}
        for ind in ri.report_items():
            v = report.final.get(ind.key)
            out[ind.key] = (Decimal(v) if v is not None else None) if ind.is_ratio else ri.to_number(ind, v)
        return out
    return figures(report)


def live_values(report):
    """Today's derived figures of the union from the records (for the difference against a frozen report)."""
    period = Period.year(report.round.year)
    column = "total" if report.is_grassroots else "own"
    ctx = StatsContext(period, column).load([report.org_id])
    return {ind.key: ctx.value(ind, report.org_id) for ind in ri.stored_items() if ind.derived}


def _name(ind):
    return str(ind.name)


def check(fig):
    """Errors {key: message} of impossible figures: negative counts, parts above their whole, rates above 100%."""
    from gonghui.stats import registry

    errors = {}
    items = {i.key: i for i in ri.report_items()}
    for key, value in fig.items():
        ind = items.get(key)
        if ind is not None and not ind.is_ratio and value is not None and value < 0:
            errors[key] = _("%(field)s cannot be negative.") % {"field": _name(ind)}
    for part, whole in ri.PART_RULES:
        if part in items and whole in items and part not in errors:
            p, w = fig.get(part), fig.get(whole)
            if p is not None and w is not None and p > w:
                errors[part] = _("%(field)s (%(part)s) cannot be larger than %(whole)s (%(total)s).") % {
                    "field": _name(items[part]), "part": p, "whole": _name(items[whole]), "total": w}
    for ind in ri.ratio_items():
        value = fig.get(ind.key)
        if value is not None and value > 100 and ind.numerator not in errors:
            errors[ind.numerator] = _("%(rate)s would be %(value)s%%, above 100%%: check %(field)s.") % {
                "rate": _name(ind), "value": value, "field": _name(registry.get(ind.numerator))}
    return errors


def previous_report(report):
    return (Report.objects.filter(org_id=report.org_id, round__year=report.round.year - 1, status=ReportStatus.ACCEPTED)
            .order_by("-round__opened_at").first())


def warnings_for(report, fig=None):
    """Figures that changed by more than the round's share from last year's accepted report (warn, not refuse)."""
    prev = previous_report(report)
    if prev is None:
        return []
    fig = figures(report) if fig is None else fig
    last = reported(prev)
    share = Decimal(str(report.round.warn_change_share))
    out = []
    for ind in ri.stored_items():
        new, old = fig.get(ind.key), last.get(ind.key)
        if new is None or not old:
            continue
        change = (Decimal(new) - Decimal(old)) / Decimal(old)
        if abs(change) > share:
            out.append({"key": ind.key, "name": _name(ind), "previous": old, "value": new,
                        "change": (change * 100).quantize(Decimal("0.1")),
                        "message": _("%(field)s changed by %(change)s%% from last year (%(old)s → %(new)s).") % {
                            "field": _name(ind), "change": (change * 100).quantize(Decimal("0.1")), "old": old,
                            "new": new}})
    return out


# --- editing --------------------------------------------------------------------------------------------------


def _parse(ind, raw):
    """A typed value as a number (None when empty); ValueError when it is not a number."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if ri.is_decimal(ind):
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            raise ValueError from None
        if not value.is_finite():
            raise ValueError
        return value
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, (int, Decimal)) or (isinstance(raw, float) and raw.is_integer()):
        if int(raw) != raw:
            raise ValueError
        return int(raw)
    text = str(raw).strip()
    if not text.lstrip("-").isdigit():
        raise ValueError
    return int(text)


@transaction.atomic
def update_values(user, report, changes):
    """Enter figures and correct derived ones (a correction needs a written reason).

    ``changes`` maps indicator keys to ``{"value": ..., "reason": ...}``; a value of None clears the entry
    (a derived figure returns to what the records give). Returns (report, warnings).
    """
    require(user, "change", report.org)
    items = {i.key: i for i in ri.stored_items()}
    data = {k: dict(v) for k, v in (report.data or {}).items()}
    errors = {}
    for key, change in (changes or {}).items():
        ind = items.get(key)
        if ind is None:
            errors[key] = _("There is no figure %(key)s in the annual report.") % {"key": key}
            continue
        if not isinstance(change, dict):
            change = {"value": change}
        try:
            value = _parse(ind, change.get("value"))
        except (ValueError, TypeError):
            errors[key] = _("%(field)s: enter a number.") % {"field": _name(ind)}
            continue
        reason = (change.get("reason") or "").strip()
        entry = data.setdefault(key, {"d": None})
        if value is not None and value < 0:
            errors[key] = _("%(field)s cannot be negative.") % {"field": _name(ind)}
            continue
        if ind.derived:
            derived = ri.to_number(ind, entry.get("d"))
            if value is None or value == derived:
                entry.pop("v", None)
                entry.pop("r", None)
                continue
            if not reason:
                errors[key] = _(
                    "%(field)s differs from the records (%(derived)s): give the reason for the correction.") % {
                    "field": _name(ind), "derived": derived}
                continue
            entry["v"], entry["r"] = ri.to_stored(ind, value), reason[:500]
        else:
            entry["v"] = ri.to_stored(ind, value)
            if reason:
                entry["r"] = reason[:500]
            else:
                entry.pop("r", None)
    if errors:
        raise ValidationError(errors)
    fig = figures(report, data)
    errors = check(fig)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(report)
    rows = (Report.objects.filter(pk=report.pk, status__in=EDITABLE_STATUSES)
            .update(data=data, updated_at=timezone.now()))
    if rows != 1:
        raise WorkflowConflict(_("The report has been submitted in the meantime and can no longer be edited."))
    report.refresh_from_db()
    audit.updated(report, user, before)
    return report, warnings_for(report, fig)


@transaction.atomic
def refresh_figures(user, report):
    """Take the figures "from the records" again from the indicators (they were taken when the round opened, or
    at the last refresh); entered figures and corrections stay. Only before submission: a submitted report's
    figures are frozen (the step's UPDATE names the editable states, so a report submitted meanwhile is a
    conflict). The change log's note lists what changed."""
    Report.workflow.require(report, user, "refresh")
    if report.round.status != RoundStatus.OPEN:
        raise WorkflowConflict(_("The reporting round is closed."))
    level = OrgLevel.GRASSROOTS if report.is_grassroots else OrgLevel.TOWNSHIP
    fresh = derive_values(Period.year(report.round.year), [(report.org_id, level)])[report.org_id]
    data = {k: dict(v) for k, v in (report.data or {}).items()}
    changed = []
    for ind in ri.stored_items():
        if not ind.derived:
            continue
        entry = data.setdefault(ind.key, {"d": None})
        new = fresh[ind.key]["d"]
        if entry.get("d") != new:
            changed.append(f"{_name(ind)} {entry.get('d')} → {new}")
        entry["d"] = new
    note = "；".join(changed) if changed else _("No figure changed.")
    return transition(report, user, "refresh", changes={"data": data, "figures_taken_at": timezone.now()},
                      note=note[:2000], check=False)


# --- workflow -------------------------------------------------------------------------------------------------


def missing_children(report):
    if report.is_grassroots:
        return []
    return list(child_reports(report).exclude(status=ReportStatus.ACCEPTED).order_by("org__path"))


def _final(fig):
    out = {}
    for ind in ri.report_items():
        v = fig.get(ind.key)
        out[ind.key] = (str(v) if v is not None else None) if ind.is_ratio else ri.to_stored(ind, v)
    return out


@transaction.atomic
def submit_report(user, report):
    require(user, "change", report.org)
    if report.round.status != RoundStatus.OPEN:
        raise WorkflowConflict(_("The reporting round is closed."))
    missing = missing_children(report)
    if missing:
        raise ValidationError(_("The reports of these unions are not accepted yet: %(names)s.") % {
            "names": "、".join(f"{r.org.name}（{r.get_status_display()}）" for r in missing)})
    fig = figures(report)
    errors = check(fig)
    if report.is_grassroots:
        for ind in ri.stored_items():
            if not ind.derived and fig.get(ind.key) is None and ind.key not in errors:
                errors[ind.key] = _("Enter %(field)s.") % {"field": _name(ind)}
    if errors:
        raise ValidationError(errors)
    return transition(report, user, "submit", changes={
        "submitted_by": user, "submitted_at": timezone.now(), "final": _final(fig)})


def _review(user, report, name, comment, **extra):
    return transition(report, user, name, note=comment, changes={
        "reviewed_by": user, "reviewed_at": timezone.now(), "review_comment": comment, **extra})


@transaction.atomic
def return_report(user, report, comment):
    Report.workflow.require(report, user, "return")
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"reason": _("Say what must be corrected before the report is submitted again.")})
    return _review(user, report, "return", comment, final=None)


@transaction.atomic
def accept_report(user, report, comment=""):
    return _review(user, report, "accept", (comment or "").strip())
