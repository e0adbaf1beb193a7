"""Safety and health agreements (one per employer, with its committee and 一法三卡) and 安康驿站 rest stations:
pages, API, rules and their figures against the recount."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gonghui.core.testing import ModelViewTests
from gonghui.protection import services
from gonghui.protection.models import RestStation, SafetyAgreement
from gonghui.protection.testing import make_unit
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get

pytestmark = pytest.mark.django_db
D = datetime.date


class TestAgreementViews(ModelViewTests):
    model = SafetyAgreement
    list_url_name = "protection:agreement_list"
    detail_url_name = "protection:agreement_detail"
    edit_url_name = "protection:agreement_edit"
    delete_url_name = "protection:agreement_delete"
    api_path = "/api/v1/safety-agreements/"

    def build(self, org, actor, marker):
        obj = super().build(org, actor, marker)
        for sibling in org.get_siblings().exclude(pk=org.pk):
            make_unit(actor, sibling, f"{marker}{sibling.code}"[-12:])
        return obj

    def form_data(self, obj, marker):
        return {"signed_on": "2025-02-01", "ends_on": "2028-01-31", "committee": "on", "notes": marker}

    def check_saved(self, obj, marker):
        assert obj.notes == marker and obj.committee and not obj.one_law_three_cards

    def api_payload(self, tree, marker):
        from gonghui.orgs.models import EmployerUnit

        unit = EmployerUnit.objects.filter(union=tree["EA2"]).first()
        return {"unit_code": unit.credit_code, "signed_on": "2025-03-01", "committee": True, "notes": marker}

    def api_update(self, obj, marker):
        return {"notes": marker}


class TestStationViews(ModelViewTests):
    model = RestStation
    list_url_name = "protection:station_list"
    detail_url_name = "protection:station_detail"
    edit_url_name = "protection:station_edit"
    delete_url_name = "protection:station_delete"
    api_path = "/api/v1/rest-stations/"

    def form_data(self, obj, marker):
        return {"org": obj.org_id, "name": marker, "address": obj.address, "services": "饮水", "opening_hours": "全天",
                "map_url": "https://map.example.org/?q=1", "active": "on"}

    def check_saved(self, obj, marker):
        assert obj.name == marker and obj.opening_hours == "全天"

    def api_payload(self, tree, marker):
        return {"org": tree["EA2"].pk, "name": marker, "address": "解放路1号", "services": "饮水、休息",
                "opening_hours": "8:00-18:00"}

    def api_update(self, obj, marker):
        return {"name": marker}


def test_agreement_rules(tree, users):
    root = users["root"]
    unit = make_unit(root, tree["EA1"], "甲")
    with pytest.raises(ValidationError) as e:
        services.save_agreement(root, None, unit, signed_on=D(2025, 1, 1), ends_on=D(2024, 1, 1))
    assert "ends_on" in e.value.message_dict
    services.save_agreement(root, None, unit, signed_on=D(2025, 1, 1), committee=True)
    with pytest.raises(ValidationError) as e:
        services.save_agreement(root, None, unit, committee=True)
    assert "unit" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.save_agreement(users["b_staff"], None, make_unit(root, tree["EA1"], "乙"))
    assert "unit" in e.value.message_dict


def test_figures_equal_their_recount(tree, users):
    root = users["root"]
    for code, committee, signed in (("EA1", True, D(2025, 1, 1)), ("EA2", False, D(2025, 1, 1)),
                                    ("EB1", True, None)):
        services.save_agreement(root, None, make_unit(root, tree[code], code), signed_on=signed, committee=committee)
        make_unit(root, tree[code], f"{code}无")
    period = Period.year(2026)
    ctx = StatsContext(period, "total")
    keys = ("protection_units_committee", "protection_committee_rate", "protection_units_agreement",
            "protection_agreement_rate", "protection_stations")
    orgs = [tree[c] for c in ("city", "A", "B", "A1")]
    for key in keys:
        values = ctx.values(key, [o.pk for o in orgs])
        for org in orgs:
            assert values[org.pk] == get(key).recount(org, period), (key, org.code)
    assert ctx.value("protection_units_committee", tree["city"].pk) == 2
    assert ctx.value("protection_units_agreement", tree["A"].pk) == 2
