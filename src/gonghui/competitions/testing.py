"""Builders of competitions and mass innovation for tests, the scope matrix and the demo."""

import datetime

from gonghui.core.services import save_object
from gonghui.core.testing import register_scope_builder

from . import services
from .models import Mentorship, TechAssociation

DAY = datetime.date(2025, 3, 1)


def competition(actor, org, title="重点工程劳动竞赛", starts_on=DAY, **kw):
    return services.save_competition(actor, None, org=org, title=title, kind="project", starts_on=starts_on, **kw)


def contest(actor, org, title="职工职业技能大赛", trade="电工", level="enterprise", held_on=DAY, **kw):
    return services.save_contest(actor, None, org=org, title=title, trade=trade, level=level, held_on=held_on, **kw)


def entrant(actor, contest, name="王师傅", employer="甲电子有限公司", **kw):
    return services.save_entrant(actor, None, contest=contest, worker_name=name, employer_name=employer, **kw)


def proposal(actor, org, title="关于改进焊接工艺的建议", filed_on=DAY, **kw):
    data = {"org": org, "title": title, "content": "改用自动焊接。", "category": "technology",
            "author_name": "李明", "filed_on": filed_on, **kw}
    return services.file_proposal(actor, None, **data)


def studio(actor, org, name="王大力劳模创新工作室", **kw):
    data = {"org": org, "name": name, "kind": "model_worker", "lead_name": "王大力", "level": "city",
            "recognised_on": DAY, **kw}
    return services.save_studio(actor, None, **data)


def innovation(actor, org, title="数控刀具快速换装", **kw):
    data = {"org": org, "kind": "technical", "title": title, "workers": "王大力", "achieved_on": DAY,
            "benefit": 50000, **kw}
    return services.save_innovation(actor, None, **data)


@register_scope_builder("competitions.competition")
def _build_competition(org, actor, marker):
    return competition(actor, org, title=marker)


@register_scope_builder("competitions.participant")
def _build_participant(org, actor, marker):
    c = competition(actor, org, title=f"{marker}竞赛")
    return services.save_participant(actor, None, competition=c, org=org, kind="employer", name=marker,
                                     headcount=120)


@register_scope_builder("competitions.contest")
def _build_contest(org, actor, marker):
    return contest(actor, org, title=marker)


@register_scope_builder("competitions.entrant")
def _build_entrant(org, actor, marker):
    return entrant(actor, contest(actor, org, title=f"{marker}大赛"), name=marker)


@register_scope_builder("competitions.proposal")
def _build_proposal(org, actor, marker):
    return proposal(actor, org, title=marker)


@register_scope_builder("competitions.innovation")
def _build_innovation(org, actor, marker):
    return innovation(actor, org, title=marker)


@register_scope_builder("competitions.studio")
def _build_studio(org, actor, marker):
    return studio(actor, org, name=marker)


@register_scope_builder("competitions.techassociation")
def _build_association(org, actor, marker):
    data = {"org": org, "name": marker, "lead_name": "赵工", "member_count": 30, "founded_on": DAY}
    return save_object(actor, TechAssociation(), data, fields=list(data))


@register_scope_builder("competitions.mentorship")
def _build_mentorship(org, actor, marker):
    data = {"org": org, "master_name": marker, "apprentice_name": "小李", "trade": "电工", "starts_on": DAY}
    return save_object(actor, Mentorship(), data, fields=list(data))
