import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_chinese_by_default_whatever_the_browser_asks(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_english_once_chosen(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    response = client.get(reverse("accounts:login"))
    assert response["Content-Language"] == "en"
    assert "Sign in" in response.content.decode()


@pytest.mark.django_db
def test_home_counts_overdue_elections_in_scope(tree, users, client_for):
    import datetime

    from gonghui.orgs.models import Organisation

    Organisation.objects.filter(pk=tree["EA1"].pk).update(next_election_due=datetime.date(2020, 1, 1))
    Organisation.objects.filter(pk=tree["EB1"].pk).update(next_election_due=datetime.date(2020, 1, 1))
    response = client_for(users["a_staff"]).get(reverse("core:home"))
    assert response.context["elections_overdue"] == 1  # EB1 is in district B, outside the scope
