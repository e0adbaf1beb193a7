"""Builders of the members area for tests and the scope matrix (``AreaConfig.testing``)."""

import datetime

from gonghui.core.testing import make_id_number, make_phone, register_scope_builder
from gonghui.orgs.testing import second_union

from .choices import ApplicationChannel
from .services import create_member, start_transfer, submit_application


def member_data(**overrides):
    """Valid form data for a member (gender and birth date consistent with the ID number)."""
    birth = overrides.pop("birth_date", datetime.date(1990, 5, 17))
    gender = overrides.pop("gender", "M")
    data = {
        "name": "张三",
        "id_number": make_id_number(birth, gender),
        "gender": gender,
        "birth_date": birth,
        "phone": make_phone(),
        "ethnicity": "01",
        "education": "bachelor",
        "political_status": "masses",
        "employment_type": "regular",
        "join_date": datetime.date(2024, 3, 1),
    }
    data.update(overrides)
    return data


@register_scope_builder("members.member")
def _build_member(org, actor, marker):
    return create_member(actor, org, member_data(name=marker))


@register_scope_builder("members.joinapplication")
def _build_application(org, actor, marker):
    return submit_application(org, member_data(name=marker, unit_name=f"{marker}公司"), user=actor,
                              channel=ApplicationChannel.STAFF)


@register_scope_builder("members.transfer")
def _build_transfer(org, actor, marker):
    """A pending transfer between two unions of the same district (the member is named ``marker``)."""
    member = create_member(actor, org, member_data(name=marker))
    return start_transfer(actor, member, second_union(org, actor, f"{marker}T"), reason=f"{marker}调动")
