"""Offer campaigns (集中要约行动月): offers to many employers at once, all or none, and their counts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gonghui.core.testing import ModelViewTests, make_credit_code
from gonghui.orgs.services import create_unit

from .. import services
from ..models import Offer, OfferCampaign

pytestmark = pytest.mark.django_db
D = datetime.timedelta


class TestCampaignViews(ModelViewTests):
    model = OfferCampaign
    list_url_name = "bargaining:campaign_list"
    detail_url_name = "bargaining:campaign_detail"
    edit_url_name = "bargaining:campaign_edit"
    api_path = "/api/v1/bargaining-campaigns/"

    def form_data(self, obj, marker):
        return {"name": marker, "starts_on": "2026-03-01", "ends_on": "2026-03-31", "topics": ["wages", "safety"]}

    def check_saved(self, obj, marker):
        assert obj.name == marker and obj.topics == ["wages", "safety"]

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "name": marker, "starts_on": "2026-03-01", "ends_on": "2026-03-31",
                "topics": ["wages"]}

    def api_update(self, obj, marker):
        return {"name": marker}


def _unit(users, org, name, union=None):
    return create_unit(users["root"], name=name, credit_code=make_credit_code(), ownership="private", industry="C",
                       employee_count=30, area_org=org, union=union)


@pytest.fixture
def campaign(tree, users):
    return services.save_campaign(users["a_staff"], None, org=tree["A"], name="2026年集中要约行动月",
                                  starts_on=datetime.date(2026, 3, 1), ends_on=datetime.date(2026, 3, 31),
                                  topics=["wages", "women"], content="工资集体协商要约")


def test_a_campaign_sends_one_offer_per_employer_all_or_none(tree, users, campaign):
    a1, a2 = _unit(users, tree["A1"], "甲公司", union=tree["EA1"]), _unit(users, tree["A1"], "乙公司")
    outside = _unit(users, tree["B1"], "外区公司")
    with pytest.raises(ValidationError) as err:
        services.send_campaign_offers(users["root"], campaign, employers=[a1, a2, outside])
    assert "外区公司" in err.value.message_dict["employers"][0]
    assert not Offer.objects.exists()  # none sent
    sent = services.send_campaign_offers(users["a_staff"], campaign, employers=[a1, a2])
    assert len(sent) == 2 and all(o.status == "sent" and o.campaign == campaign for o in sent)
    by_unit = {o.employers.get().name: o for o in sent}
    assert by_unit["甲公司"].on_behalf_of == tree["EA1"] and by_unit["乙公司"].on_behalf_of is None
    assert by_unit["甲公司"].topics == ["wages", "women"]
    with pytest.raises(ValidationError):  # not twice to the same employer
        services.send_campaign_offers(users["a_staff"], campaign, employers=[a1])
    with pytest.raises(ValidationError) as err:
        services.save_campaign(users["a_staff"], campaign, ends_on=datetime.date(2026, 2, 1))
    assert "ends_on" in err.value.message_dict


def test_campaign_page_counts_sent_answered_and_overdue(tree, users, campaign, client_for, api_for):
    units = [_unit(users, tree["A1"], f"企业{i}") for i in range(3)]
    today = timezone.localdate()
    sent = services.send_campaign_offers(users["a_staff"], campaign, employers=units[:2], sent_on=today - D(days=25))
    services.answer_offer(users["a_staff"], sent[0], replied_on=today - D(days=2), reply="accepted")
    r = api_for(users["a_staff"]).post(f"/api/v1/bargaining-campaigns/{campaign.pk}/send-offers/",
                                       {"employers": [units[2].pk]}, format="json")
    assert r.status_code == 200, r.content
    page = client_for(users["a_staff"]).get(campaign.get_absolute_url())
    assert page.context["counts"] == {"sent": 3, "answered": 1, "overdue": 1}
    listed = client_for(users["a_staff"]).get(reverse("bargaining:offer_list") + f"?campaign={campaign.pk}")
    assert listed.context["table"].page.paginator.count == 3
    c = client_for(users["a_staff"])
    assert c.post(reverse("bargaining:campaign_close", args=[campaign.pk])).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "closed"
    extra = _unit(users, tree["A1"], "企业9")
    r = c.post(reverse("bargaining:campaign_send_offers", args=[campaign.pk]),
               {"employers": [extra.pk], "sent_on": today.isoformat()})
    assert r.status_code in (302, 403) and Offer.objects.count() == 3  # a finished campaign sends nothing more
