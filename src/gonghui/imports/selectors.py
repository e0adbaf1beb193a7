"""Reads for imports and exports: jobs in the user's scope, and the rows of an export (streamed)."""

import uuid

from django.db.models import Q
from django.utils import translation

from gonghui.core import pii, pooling
from gonghui.members import choices as mc
from gonghui.members.models import Member
from gonghui.orgs import choices as oc
from gonghui.orgs.models import EmployerUnit, Organisation
from gonghui.orgs.selectors import with_parent

from . import engine
from .models import ImportJob, ImportRowError

CHUNK = 5000


def jobs_for(user):
    return ImportJob.objects.for_user(user).select_related("user", "org")


def job_errors(job):
    return ImportRowError.objects.filter(job=job).order_by("row", "id")


def _labels(choices):
    return {value: str(label) for value, label in choices.choices}


def export_header(kind, language="zh-hans"):
    """The same headers as the import template (an export can be imported again), plus read-only columns."""
    lang = "zh" if language.startswith("zh") else "en"
    head = [c.header(lang) for c in engine.columns(kind)]
    if kind == "members":
        head += ["会员编号", "状态"] if lang == "zh" else ["Member number", "Status"]
    return head


def export_rows(kind, user, org, *, reveal=False):
    """Yield the rows (lists of cell values) of ``kind`` in ``org``'s subtree, within the user's scope."""
    if kind == "members":
        yield from _member_rows(user, org, reveal)
    elif kind == "orgs":
        yield from _org_rows(user, org)
    else:
        yield from _unit_rows(user, org)


def _member_rows(user, org, reveal):
    gender, eth, edu, pol, emp, status = (_labels(c) for c in (mc.Gender, mc.Ethnicity, mc.Education,
                                                               mc.PoliticalStatus, mc.EmploymentType, mc.MemberStatus))
    qs = (Member.objects.for_user(user).filter(org__path__startswith=org.path).order_by("org__path", "member_no")
          .values_list("name", "id_number", "gender", "birth_date", "ethnicity", "education", "political_status",
                       "phone", "unit__credit_code", "job_title", "employment_type", "org__code", "join_date",
                       "member_no", "status"))
    mask_id, mask_phone = pii.mask_id_number, pii.mask_phone
    for (name, number, g, birth, e, ed, p, phone, unit, job, et, code, join, no, st) in pooling.stream(qs, CHUNK):
        yield [name, number if reveal else mask_id(number), gender.get(g, g), birth, eth.get(e, e), edu.get(ed, ""),
               pol.get(p, ""), phone if reveal else mask_phone(phone), unit or "", job, emp.get(et, et), code, join, no,
               status.get(st, st)]


def _org_rows(user, org):
    types, levels, statuses = _labels(oc.OrgType), _labels(oc.OrgLevel), _labels(oc.OrgStatus)
    qs = with_parent(Organisation.objects.for_user(user).filter(path__startswith=org.path)).order_by("path")
    fields = ["code", "name", "parent_code", "org_type", "level", "status", "founded_on", "approved_on",
              "approval_doc_no", "chair_name", "term_number", "term_started_on", "next_election_due", "address",
              "contact_phone"]
    for r in pooling.stream(qs.values_list(*fields), CHUNK):
        r = list(r)
        r[3], r[4], r[5] = types.get(r[3], r[3]), levels.get(r[4], r[4]), statuses.get(r[5], r[5])
        yield [v if v is not None else "" for v in r]


def _unit_rows(user, org):
    own, ind = _labels(oc.Ownership), _labels(oc.Industry)
    qs = (EmployerUnit.objects.for_user(user)
          .filter(Q(area_org__path__startswith=org.path) | Q(union__path__startswith=org.path)).order_by("name", "pk")
          .values_list("credit_code", "name", "ownership", "industry", "employee_count", "address", "area_org__code",
                       "union__code"))
    for r in pooling.stream(qs, CHUNK):
        r = list(r)
        r[2], r[3] = own.get(r[2], r[2]), ind.get(r[3], r[3])
        yield [v if v is not None else "" for v in r]


def current_language():
    return translation.get_language() or "zh-hans"


def job_label(uid):
    """An import job as the change log names it (its kind, file and number), or None for an unknown id. The
    entry naming it is already in the reader's scope; the label says no more than the entry's own note."""
    try:
        uid = uuid.UUID(str(uid))
    except ValueError:
        return None
    job = ImportJob.objects.filter(uid=uid).only("pk", "kind", "original_name").first()
    return f"{job} (#{job.pk})" if job is not None else None
