"""Builders of organisation building for tests, the scope matrix and the demo."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.testing import register_scope_builder

from . import services
from .models import Candidate, Election, Term

DAY = datetime.date(2025, 3, 1)


def cadre(actor, org, name="王建国", position="vice_chair", **kw):
    return services.save_cadre(actor, None, org=org, name=name, position=position, appointed_on=DAY, **kw)


def election(actor, org, candidates=(("李明", "chair"), ("张丽", "vice_chair"), ("赵强", "committee")), title=""):
    e = services.open_election(actor, None, org=org, term_years=5, title=title)
    for name, position in candidates:
        services.add_candidate(actor, e, name=name, position=position)
    return Election.objects.get(pk=e.pk)


def confirmed_election(actor, org, held_on=DAY, doc_no="工复〔2025〕1号"):
    e = election(actor, org)
    e = services.submit_election(actor, e)
    e = services.approve_candidates(actor, e)
    votes = {c.pk: 80 for c in e.candidates.all()}
    e = services.hold_election(actor, e, held_on=held_on, voters=100, voted=90, votes=votes)
    return services.confirm_election(actor, e, doc_no=doc_no, decided_on=held_on)


def approval(actor, org, subject="关于成立工会的请示", kind="founding"):
    return services.request_approval(actor, None, org=org, kind=kind, subject=subject, requested_on=DAY)


@register_scope_builder("building.cadre")
def _build_cadre(org, actor, marker):
    return cadre(actor, org, name=marker[:50], position="committee")


@register_scope_builder("building.election")
def _build_election(org, actor, marker):
    return election(actor, org, candidates=((marker[:50], "chair"),), title=marker)


@register_scope_builder("building.candidate")
def _build_candidate(org, actor, marker):
    return Candidate.objects.filter(election=election(actor, org, candidates=((marker[:50], "chair"),))).first()


@register_scope_builder("building.term")
def _build_term(org, actor, marker):
    return Term.objects.create(org=org, number=Term.objects.filter(org=org).count() + 1, started_on=DAY,
                               ends_on=DAY.replace(year=DAY.year + 5), note=marker)


@register_scope_builder("building.approval")
def _build_approval(org, actor, marker):
    return approval(actor, org, subject=marker)


@register_scope_builder("building.archivedocument")
def _build_document(org, actor, marker):
    pdf = SimpleUploadedFile(f"{marker}.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    return services.save_document(actor, None, org=org, kind="seal", title=marker, number="S-1", issued_on=DAY,
                                  upload=pdf)

