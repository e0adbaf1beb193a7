import datetime
import random

import pytest

from ..demo import load
from ..models import Survey

pytestmark = pytest.mark.django_db


def test_demo_survey_is_open_and_answered_but_not_by_the_portal_member(tree, users, members):
    ctx = {"rng": random.Random(3), "today": datetime.date.today(), "district_staff": users["a_staff"],
           "district": tree["A"], "members": [members["ea1_a"], members["ea1_b"]], "portal_member": members["ea1_a"]}
    assert load(ctx)["surveys"] == 2
    survey = Survey.objects.get(status="open")
    assert survey.anonymous and survey.questions.count() == 7
    assert survey.response_count == 1 and survey.target_count == 2
    assert not survey.participations.filter(member=members["ea1_a"]).exists()
