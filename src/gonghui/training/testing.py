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
