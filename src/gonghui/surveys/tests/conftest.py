import pytest
from django.test import Client

from ..testing import build_survey


@pytest.fixture
def portal_client(db):
    """``portal_client(member)``: a client signed in to the portal as that member (a new portal account)."""
    from gonghui.accounts.services import open_member_account

    def _client(member):
        client = Client()
        client.force_login(open_member_account(member), backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _client


@pytest.fixture
def survey(tree, users):
    """An open, anonymous survey of district A (every kind of question), sent to its whole subtree."""
    return build_survey(tree["A"], users["a_staff"], "职工思想状况调查", opened=True)


def answers(survey, single=0, multiple=(0, 2), scale=4, text="多组织培训"):
    q = {x.kind: x for x in survey.questions.all()}
    data = {f"q{q['single'].pk}": str(single), f"q{q['multiple'].pk}": [str(v) for v in multiple],
            f"q{q['scale'].pk}": str(scale)}
    if text is not None:
        data[f"q{q['text'].pk}"] = text
    return data
