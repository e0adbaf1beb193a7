"""A member submitting the same survey twice at the same moment on PostgreSQL (two real connections): the unique
participation keeps one response; the other submission is refused with the member's message."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gonghui.core.testing import run_together
from gonghui.tools.testing import build_small_city, make_official, member_data

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: two real connections racing"),
]


def test_two_concurrent_submissions_store_one_response():
    from gonghui.members.services import create_member
    from gonghui.surveys import services
    from gonghui.surveys.models import Participation, Response, Survey
    from gonghui.surveys.testing import build_survey

    from .conftest import answers

    tree = build_small_city()
    root = make_official("race_srv_root", superuser=True)
    member = create_member(root, tree["EA1"], member_data(name="并发"))
    survey = build_survey(tree["A"], root, "并发调查", opened=True)
    data = answers(survey)

    def submit():
        return services.submit_response(None, member, Survey.objects.get(pk=survey.pk), data)

    outcomes = run_together([submit, submit])
    assert sorted(o[0] for o in outcomes) == ["error", "ok"], outcomes
    error = next(o[1] for o in outcomes if o[0] == "error")
    assert isinstance(error, ValidationError) and error.code == services.ALREADY_ANSWERED
    assert Response.objects.filter(survey=survey).count() == 1
    assert Participation.objects.filter(survey=survey).count() == 1
    assert Survey.objects.get(pk=survey.pk).response_count == 1
