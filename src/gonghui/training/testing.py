"""Scope builders of training (the scope matrix, ModelViewTests) and helpers for the area's tests."""

import datetime

from gonghui.core.testing import register_scope_builder

_counter = [0]


def course_data(**overrides):
    """Valid data of a course that started 30 days ago and ends in 30 days."""
    today = datetime.date.today()
    data = {"number": "", "title": "电工培训班", "kind": "skills", "provider": "市职工技能培训基地",
            "place": "职工服务中心", "starts_on": today - datetime.timedelta(days=30),
            "ends_on": today + datetime.timedelta(days=30),
            "enrol_by": None, "capacity": 30, "min_attendance_pct": 80, "certificate_name": "电工职业资格证书",
            "certificate_level": "4", "open_in_portal": True, "notes": ""}
    data.update(overrides)
    return data


def make_course(actor, org, **overrides):
    from .services import save_course

    _counter[0] += 1
    data = course_data(**overrides)
    data["number"] = data["number"] or f"PX{_counter[0]:05d}"
    return save_course(actor, None, org, **data)


def open_course(actor, org, **overrides):
    from .services import open_course as _open

    return _open(actor, make_course(actor, org, **overrides))


def make_member(actor, org, name, **overrides):
    from gonghui.members.services import create_member
    from gonghui.members.testing import member_data

    return create_member(actor, org, member_data(name=name, **overrides))


@register_scope_builder("training.course")
def _build_course(org, actor, marker):
    """A planned course of the union; the title carries the marker."""
    return make_course(actor, org, title=f"{marker}培训班")


@register_scope_builder("training.enrolment")
def _build_enrolment(org, actor, marker):
    """A member (named after the marker) of the union enrolled in an open course of the union."""
    from .services import enrol

    course = open_course(actor, org, title=f"{marker}班")
    return enrol(actor, course, make_member(actor, org, marker))


# Employment services.

def make_seeker(actor, org, name="求职者", member=None, **overrides):
    """A job seeker registered at ``org`` today: ``member``, or a person named ``name`` with a fresh ID number."""
    from gonghui.core.testing import make_id_number

    from .employment import save_seeker

    data = {"migrant_worker": True, "in_hardship": False, "desired_job": "电工", "wishes": "市区，月薪5000以上",
            "registered_on": datetime.date.today()}
    if member is None:
        _counter[0] += 1
        birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=_counter[0] * 7)
        data.update(name=name, id_number=make_id_number(birth=birth, seq=_counter[0]))
    data.update(overrides)
    return save_seeker(actor, None, org, member, **data)


def make_fair(actor, org, **overrides):
    from gonghui.core.services import save_object

    from .models import JobFair

    data = {"org": org, "title": "春风行动专场招聘会", "held_on": datetime.date.today(), "place": "人力资源市场",
            "employers": 40, "vacancies_offered": 1200, "visitors": 3000, "notes": ""}
    data.update(overrides)
    return save_object(actor, JobFair(), data, fields=list(data))


def make_vacancy(actor, org, **overrides):
    from gonghui.core.services import save_object

    from .models import Vacancy

    data = {"org": org, "employer": "某机械厂", "title": "电工", "positions": 5, "wage": "5000-6000元/月",
            "place": "开发区", "requirements": "持电工证", "contact": "人事部 0516-1234567", "published": True,
            "open_until": datetime.date.today() + datetime.timedelta(days=30)}
    data.update(overrides)
    return save_object(actor, Vacancy(), data, fields=list(data))


def make_trip(actor, org, **overrides):
    from gonghui.core.services import save_object

    from .models import HomeTrip

    data = {"org": org, "travels_on": datetime.date.today(), "route": "徐州—阜阳", "transport": "bus",
            "vehicles": 3, "people": 120, "notes": ""}
    data.update(overrides)
    return save_object(actor, HomeTrip(), data, fields=list(data))


@register_scope_builder("training.jobfair")
def _build_fair(org, actor, marker):
    return make_fair(actor, org, title=marker)


@register_scope_builder("training.vacancy")
def _build_vacancy(org, actor, marker):
    return make_vacancy(actor, org, title=marker[:100])


@register_scope_builder("training.jobseeker")
def _build_seeker(org, actor, marker):
    return make_seeker(actor, org, name=marker[:50])


@register_scope_builder("training.referral")
def _build_referral(org, actor, marker):
    from .employment import refer

    return refer(actor, make_seeker(actor, org, name=marker[:50]), employer=f"{marker}厂"[:150], job="电工")


@register_scope_builder("training.hometrip")
def _build_trip(org, actor, marker):
    return make_trip(actor, org, route=marker[:150])
