"""Scope builders of member benefits (the scope matrix, ModelViewTests) and helpers for the area's tests."""

import datetime
import itertools

from gonghui.core.testing import register_scope_builder

_cards = itertools.count(1)
D = datetime.date


def card_number():
    return f"6217{next(_cards) + 10_000_000:012d}"


def make_member(actor, org, name, **overrides):
    from gonghui.members.services import create_member
    from gonghui.members.testing import member_data

    return create_member(actor, org, member_data(name=name, **overrides))


def make_round(actor, org, name="职工医疗互助", year=None, rates=(("住院", "3000"), ("重大疾病", "20000"))):
    from .services import add_rate, save_round

    today = datetime.date.today()
    year = year or today.year
    rnd = save_round(actor, None, org, year=year, name=name, contribution="30", starts_on=D(year, 1, 1),
                     ends_on=D(year, 12, 31), notes="")
    for condition, amount in rates:
        add_rate(actor, rnd, condition=condition, max_amount=amount)
    return rnd


@register_scope_builder("benefits.servicecard")
def _build_card(org, actor, marker):
    """A card issued to a member named after the marker."""
    from .services import issue_card

    member = make_member(actor, org, marker)
    return issue_card(actor, member, card_number=card_number(), bank="工商银行", issued_on=datetime.date.today(),
                      batch=f"{marker}批")


@register_scope_builder("benefits.merchant")
def _build_merchant(org, actor, marker):
    from .services import save_merchant

    today = datetime.date.today()
    return save_merchant(actor, None, org, name=f"{marker}超市", category="shopping", address="解放路1号",
                         discount="会员凭卡九五折", contract_number=f"SH{marker}"[:40],
                         contract_signed_on=today - datetime.timedelta(days=10),
                         contract_starts_on=today - datetime.timedelta(days=10),
                         contract_ends_on=today + datetime.timedelta(days=355))


@register_scope_builder("benefits.aidround")
def _build_round(org, actor, marker):
    return make_round(actor, org, name=f"{marker}互助")


@register_scope_builder("benefits.aidclaim")
def _build_claim(org, actor, marker):
    """A claim by a member named after the marker, paid to a bank account, under a round of the union."""
    from .services import enrol, file_claim

    member = make_member(actor, org, marker)
    rnd = make_round(actor, org, name=f"{marker}互助")
    enrol(actor, rnd, [member])
    return file_claim(actor, rnd, member, rate=rnd.rates.first(), amount="1200", treated_on=datetime.date.today(),
                      channel="bank", bank_account="6222020200112233445", description=f"{marker}住院")


@register_scope_builder("benefits.loanapplication")
def _build_loan(org, actor, marker):
    from .services import save_loan

    member = make_member(actor, org, marker)
    return save_loan(actor, None, member, applicant_kind="other", purpose="start", project_kind="shop",
                     registered_unemployed=True, amount="30000", applied_on=datetime.date.today(),
                     guarantee="反担保人担保")


@register_scope_builder("benefits.loanquota")
def _build_quota(org, actor, marker):
    from .services import save_quota

    return save_quota(actor, None, org, year=datetime.date.today().year, cap="5000000", notes=marker)


def make_plan(actor, org, name="女职工安康保险", kind="women", year=None):
    from .services import save_plan

    today = datetime.date.today()
    year = year or today.year
    return save_plan(actor, None, org, kind=kind, year=year, name=name, insurer="中国人寿", policy_number="",
                     premium="60", sum_insured="10000", starts_on=D(year, 1, 1), ends_on=D(year, 12, 31), notes="")


@register_scope_builder("benefits.insuranceplan")
def _build_plan(org, actor, marker):
    return make_plan(actor, org, name=f"{marker}安康保险")


@register_scope_builder("benefits.insuranceclaim")
def _build_iclaim(org, actor, marker):
    """A claim of a woman member named after the marker, insured under a plan of the union."""
    from .services import enrol_insured, file_insurance_claim

    member = make_member(actor, org, marker, gender="F")
    plan = make_plan(actor, org, name=f"{marker}安康保险")
    enrol_insured(actor, plan, [member])
    return file_insurance_claim(actor, plan, member, event=f"{marker}乳腺疾病", occurred_on=datetime.date.today(),
                                amount="5000")
