"""The rules of member benefits: one live card, the three card rates and dormant cards, merchants shown only
while their contract is in force (and the expiry reminder), claims against the payout table paid once and the
payout ratio, micro-loan eligibility, limits and the county cap, indicators equal to their recount."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from gonghui.benefits import daily, selectors, services
from gonghui.benefits.models import LoanApplication, Merchant
from gonghui.benefits.testing import card_number, make_member, make_round
from gonghui.core.workflow import WorkflowConflict
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.date.today()


def at(day, hour=10):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC), tick=False)


def _issue(actor, member, **kw):
    return services.issue_card(actor, member, card_number=kw.pop("number", card_number()), bank="工商银行",
                               issued_on=kw.pop("issued_on", TODAY), **kw)


def _value(key, org, period=None):
    period = period or Period.year(TODAY.year)
    ctx = StatsContext(period)
    value = ctx.values(key, [org.pk])[org.pk]
    assert value == get(key).recount(org, period), key
    return value


# --- cards --------------------------------------------------------------------------------------------------------

def test_one_live_card_per_member_and_card_numbers_masked(tree, users, members):
    root, member = users["root"], members["ea1_a"]
    card = _issue(root, member, number="6217 0000 1111 2222")
    assert card.card_number == "6217000011112222" and card.card_number_masked == "6217********2222"
    with pytest.raises(ValidationError) as e:
        _issue(root, member)
    assert "member" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        _issue(root, members["ea1_b"], number="6217000011112222")
    assert "card_number" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        _issue(root, members["ea1_b"], number="12ab")
    assert "card_number" in e.value.message_dict
    services.cancel_card(root, card, "遗失")
    assert _issue(root, member).status == "issued"  # a new card once the old one is cancelled


def test_card_rates_and_dormant_cards(tree, users, members):
    root = users["root"]
    old = TODAY - datetime.timedelta(days=400)
    a = _issue(root, members["ea1_a"], issued_on=old)
    b = _issue(root, members["ea1_b"], issued_on=old)
    _issue(root, members["eb1_a"])
    services.activate_card(root, a, TODAY)
    services.record_use(a.__class__.objects.get(pk=a.pk), TODAY)
    services.activate_card(root, b, old)
    city, ea1 = tree["city"], tree["EA1"]
    assert _value("benefits_cards_issued", city) == 3
    assert _value("benefits_cards_activated", city) == 2
    assert _value("benefits_cards_used", city) == 1
    assert _value("benefits_card_activation_rate", ea1) == 100.0
    assert _value("benefits_card_use_rate", ea1) == 50.0
    assert _value("benefits_cards_dormant", ea1) == 1  # b: activated long ago, never used
    dormant = selectors.cards_for(root).filter(selectors.dormant_q(TODAY))
    assert list(dormant.values_list("pk", flat=True)) == [b.pk]


def test_member_activates_own_card_with_last_four_digits(tree, users, members):
    from gonghui.accounts.services import open_member_account

    member = members["ea1_a"]
    card = _issue(users["root"], member, number="6217000099998888")
    account = open_member_account(member, users["root"])
    with pytest.raises(ValidationError) as e:
        services.activate_own_card(member, account, "1234")
    assert "last4" in e.value.message_dict
    assert services.activate_own_card(member, account, "8888").status == "active"
    with pytest.raises(ValidationError):
        services.activate_own_card(member, account, "8888")  # nothing left to activate
    assert card.__class__.objects.get(pk=card.pk).activated_on == TODAY


# --- merchants ----------------------------------------------------------------------------------------------------

def _merchant(actor, org, name, starts, ends, signed=True):
    return services.save_merchant(actor, None, org, name=name, category="food", address="中山路8号",
                                  discount="会员九折", contract_number="TH-1" if signed else "",
                                  contract_signed_on=starts if signed else None, contract_starts_on=starts,
                                  contract_ends_on=ends)


def test_discount_shown_only_while_contract_in_force_and_expiry_reminded_once(tree, users, members, outbox):
    root, member = users["root"], members["ea1_a"]
    day = D(2026, 6, 1)
    with at(day):
        shown = _merchant(root, tree["A"], "老字号饭店", D(2026, 1, 1), D(2026, 6, 20))
        _merchant(root, tree["A"], "未签约商店", D(2026, 1, 1), D(2026, 12, 31), signed=False)
        _merchant(root, tree["B"], "别区商场", D(2026, 1, 1), D(2026, 12, 31))
    assert list(selectors.member_merchants(member, day)) == [shown]
    assert list(selectors.member_merchants(member, D(2026, 6, 20))) == [shown]
    assert list(selectors.member_merchants(member, D(2026, 6, 21))) == []  # expired: hidden at once
    with pytest.raises(ValidationError) as e:  # a signed contract needs its number and term
        services.save_merchant(root, None, tree["A"], name="x", category="food", address="y", discount="z",
                               contract_signed_on=day, contract_number="", contract_starts_on=None,
                               contract_ends_on=None)
    assert {"contract_number", "contract_starts_on", "contract_ends_on"} <= set(e.value.message_dict)
    with at(day):
        assert daily.run(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC)) == {
            "merchant_contract_reminders": 1}
        assert daily.run(datetime.datetime(2026, 6, 1, 11, tzinfo=datetime.UTC)) == {
            "merchant_contract_reminders": 0}
    assert Merchant.objects.get(pk=shown.pk).expiry_reminded_on == day


def test_portal_shows_discount_and_hides_it_after_expiry(tree, users, members, client):
    from gonghui.accounts.services import open_member_account

    member = members["ea1_a"]
    account = open_member_account(member, users["root"])
    _merchant(users["root"], tree["EA1"], "阳光眼镜店", TODAY - datetime.timedelta(days=30),
              TODAY + datetime.timedelta(days=30))
    client.force_login(account, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("benefits_portal:merchants"))
    assert page.status_code == 200 and "阳光眼镜店" in page.content.decode()
    with time_machine.travel(datetime.datetime.combine(TODAY + datetime.timedelta(days=31), datetime.time(10),
                                                       tzinfo=datetime.UTC), tick=False):
        client.force_login(account, backend="django.contrib.auth.backends.ModelBackend")
        assert "阳光眼镜店" not in client.get(reverse("benefits_portal:merchants")).content.decode()


# --- mutual aid ---------------------------------------------------------------------------------------------------

def test_claim_against_table_paid_once_and_payout_ratio(tree, users, members):
    root, member = users["root"], members["ea1_a"]
    rnd = make_round(root, tree["A"], year=TODAY.year)
    hospital = rnd.rates.get(condition="住院")
    claim_kw = {"rate": hospital, "treated_on": TODAY, "channel": "bank", "bank_account": "6222020200112233445"}
    with pytest.raises(ValidationError) as e:  # not enrolled
        services.file_claim(root, rnd, member, amount="1000", **claim_kw)
    assert "round" in e.value.message_dict
    assert services.enrol(root, rnd, [members["ea1_a"], members["ea1_b"]]) == 2
    assert services.enrol(root, rnd, [members["ea1_a"]]) == 0
    with pytest.raises(ValidationError) as e:  # more than the table pays
        services.file_claim(root, rnd, member, amount="3000.01", **claim_kw)
    assert "amount" in e.value.message_dict
    with pytest.raises(ValidationError) as e:  # no active card to pay to
        services.file_claim(root, rnd, member, amount="100", rate=hospital, treated_on=TODAY, channel="card")
    assert "channel" in e.value.message_dict
    claim = services.file_claim(root, rnd, member, amount="3000", **claim_kw)
    assert claim.bank_account_masked.startswith("6222") and "0011" not in claim.bank_account_masked
    with pytest.raises(ValidationError):
        services.approve_claim(root, claim, "3500")
    claim = services.approve_claim(root, claim, "3000")
    claim = services.pay_claim(root, claim)
    with pytest.raises(WorkflowConflict):
        services.pay_claim(root, claim)
    assert services.raised([rnd]) == Decimal("60.00") and services.paid([rnd]) == Decimal("3000.00")
    assert services.payout_ratio([rnd]) == Decimal("5000.0")
    a = tree["A"]
    assert _value("benefits_aid_raised", a) == Decimal("60.00")
    assert _value("benefits_claims_paid_amount", a) == Decimal("3000.00")
    assert _value("benefits_claims_paid", a) == 1
    assert _value("benefits_payout_ratio", a) == 5000.0


# --- micro-loans --------------------------------------------------------------------------------------------------

def _loan(actor, member, **kw):
    data = {"applicant_kind": "other", "purpose": "start", "project_kind": "shop", "registered_unemployed": True,
            "amount": "50000", "applied_on": TODAY}
    data.update(kw)
    return services.save_loan(actor, None, member, **data)


def test_loan_eligibility_and_limits(tree, users, members):
    root, man, woman = users["root"], members["ea1_a"], members["ea1_b"]
    _loan(root, man, amount="50000")
    with pytest.raises(ValidationError) as e:
        _loan(root, man, amount="50000.01")
    assert "amount" in e.value.message_dict
    assert _loan(root, woman, applicant_kind="woman", amount="80000").amount == Decimal("80000.00")
    with pytest.raises(ValidationError) as e:
        _loan(root, man, applicant_kind="woman", amount="1000")
    assert "applicant_kind" in e.value.message_dict
    assert _loan(root, man, applicant_kind="graduate", amount="100000").amount == Decimal("100000")
    assert _loan(root, man, applicant_kind="partnership", amount="500000").amount == Decimal("500000")
    with pytest.raises(ValidationError) as e:
        _loan(root, man, registered_unemployed=False)
    assert "registered_unemployed" in e.value.message_dict
    with pytest.raises(ValidationError) as e:  # a business loan: running for a year or more
        _loan(root, man, purpose="business", business_started_on=TODAY - datetime.timedelta(days=200))
    assert "business_started_on" in e.value.message_dict
    _loan(root, man, purpose="business", business_started_on=TODAY - datetime.timedelta(days=400))


def test_loan_county_cap_and_repayment(tree, users, members):
    root = users["root"]
    services.save_quota(root, None, tree["A"], year=TODAY.year, cap="100000")
    first = _loan(root, members["ea1_a"], amount="50000")
    _loan(root, members["ea1_b"], amount="50000")
    with pytest.raises(ValidationError) as e:
        _loan(root, make_member(root, tree["EA1"], "钱多多"), amount="1")
    assert "amount" in e.value.message_dict
    _loan(root, members["eb1_a"], amount="50000")  # district B has no cap
    loan = services.approve_loan(root, first)
    loan = services.disburse_loan(root, loan)
    loan = services.repay_loan(root, loan, "20000")
    with pytest.raises(ValidationError):
        services.repay_loan(root, loan, "30000.01")
    loan = services.repay_loan(root, loan, "30000")
    assert loan.status == "repaid"
    assert _value("benefits_loans_issued", tree["A"]) == 1
    assert _value("benefits_loan_repayment_rate", tree["A"]) == 100.0
    assert LoanApplication.objects.count() == 3


def test_demo_loads_through_the_services(tree, users, members):
    from gonghui.benefits import demo

    counts = demo.load({"admin": users["root"], "today": TODAY})
    assert counts["service_cards"] == 3 and counts["merchants"] == 5 and counts["aid_claims"] >= 1
    assert selectors.member_merchants(members["ea1_a"], TODAY).count() == 4  # the expired one is hidden


def test_a_member_rates_only_a_merchant_offered_to_them(tree, users, members, client):
    """The rating page takes a merchant's id: another union's merchant, or one out of contract, is not found."""
    from gonghui.accounts.services import open_member_account

    own = _merchant(users["root"], tree["EA1"], "本会超市", TODAY - datetime.timedelta(days=30),
                    TODAY + datetime.timedelta(days=30))
    elsewhere = _merchant(users["root"], tree["EB1"], "外区超市", TODAY - datetime.timedelta(days=30),
                          TODAY + datetime.timedelta(days=30))
    expired = _merchant(users["root"], tree["EA1"], "过期超市", TODAY - datetime.timedelta(days=60),
                        TODAY - datetime.timedelta(days=1))
    client.force_login(open_member_account(members["ea1_a"], users["root"]),
                       backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("benefits_portal:rate", args=[own.pk])).status_code == 200
    for merchant in (elsewhere, expired):
        assert client.get(reverse("benefits_portal:rate", args=[merchant.pk])).status_code == 404
        assert client.post(reverse("benefits_portal:rate", args=[merchant.pk]), {"rating": 5}).status_code == 404
