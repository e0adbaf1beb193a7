"""Builders for tests, the scope matrix and the demo: thresholds, archives through the whole workflow, campaigns."""

import datetime
from decimal import Decimal

from gonghui.core.testing import make_id_number, make_phone, register_scope_builder
from gonghui.orgs.models import Organisation

from .choices import ArchiveStatus
from .models import HardshipArchive
from .services import (
    approve_archive,
    approve_overdraft,
    approve_recipient,
    complete_verification,
    create_archive,
    open_campaign,
    propose_recipient,
    record_home_visit,
    record_income,
    record_occasion,
    record_payment,
    record_visit,
    set_threshold,
)


def threshold(actor, org, year=None, deep="800", relative="1200", dibao="800"):
    return set_threshold(actor, org, year or datetime.date.today().year, dibao_line=dibao, deep_line=deep,
                         relative_line=relative)


def archive_data(name="困难户", **overrides):
    data = {"name": name, "id_number": make_id_number(datetime.date(1978, 3, 4)), "phone": make_phone(),
            "address": "幸福路1号", "housing": "rented", "monthly_income": Decimal("1500"), "health": "chronic",
            "bank_name": "工商银行", "bank_account_name": name, "bank_account": "6222020200112233445"}
    data.update(overrides)
    return data


def child(name="小明", entry_year=None, birth=datetime.date(2007, 6, 1), **kw):
    return {"relation": "child", "name": name, "id_number": make_id_number(birth, "M"), "work": "student",
            "employer": "市第一中学", "school_entry_year": entry_year or datetime.date.today().year,
            "monthly_income": Decimal("0"), **kw}


def active_archive(actor, org, name="困难户", household=None, causes=("illness",), **data):
    """An archive taken through filing, home visit, tier and approval (no public notice)."""
    if household is None:
        household = [child()]
    a = create_archive(actor, org, archive_data(name, **data), household, list(causes), submit=True)
    record_home_visit(actor, a, date=datetime.date.today(), visitors="王干事", findings="情况属实")
    a.refresh_from_db()
    complete_verification(actor, a, tier=a.proposed_tier or "relative", tier_reason="核实", public_notice=False)
    return approve_archive(actor, a)


def _shared_archive(actor, org, marker):
    """One active archive per union for the scope-matrix builders (each workflow step writes the audit log, and the
    matrix's audit-log page shows only the newest entries: fewer entries keep district A's marker on it)."""
    found = HardshipArchive.objects.filter(org=org, status=ArchiveStatus.ACTIVE).order_by("pk").first()
    return found or active_archive(actor, org, name=marker, household=[])


def district_of(org):
    return Organisation.objects.get(path=org.path[:8])


@register_scope_builder("hardship.incomethreshold")
def _build_threshold(org, actor, marker):
    return set_threshold(actor, district_of(org), datetime.date.today().year, dibao_line="800", deep_line="800",
                         relative_line="1200", note=marker)


@register_scope_builder("hardship.hardshiparchive")
def _build_archive(org, actor, marker):
    return create_archive(actor, org, archive_data(marker), [], ["illness"], submit=True)


@register_scope_builder("hardship.aidcampaign")
def _build_campaign(org, actor, marker):
    return open_campaign(actor, district_of(org), {"kind": "warmth", "name": marker, "budget": "10000",
                                                   "standard_amount": "500", "needs_archive": True}, [(org, "5000")])


@register_scope_builder("hardship.aidrecipient")
def _build_recipient(org, actor, marker):
    a = _shared_archive(actor, org, marker)
    c = open_campaign(actor, district_of(org), {"kind": "living", "name": f"{marker}活动", "budget": "1000",
                                                "standard_amount": "300"}, [(org, "1000")])
    return propose_recipient(actor, c, org, archive=a)


@register_scope_builder("hardship.visittask")
def _build_task(org, actor, marker):
    a = _shared_archive(actor, org, marker)
    return record_occasion(actor, a, occasion="illness", due_on=datetime.date.today(), note=marker)


@register_scope_builder("hardship.visit")
def _build_visit(org, actor, marker):
    a = _shared_archive(actor, org, marker)
    return record_visit(actor, a, date=datetime.date.today(), occasion="festival", visitors=f"{marker}慰问组")


@register_scope_builder("hardship.fundledgerentry")
def _build_entry(org, actor, marker):
    return record_income(actor, org, amount="20000", source="donation", donor=f"{marker}银行", memo=marker)


@register_scope_builder("hardship.overdraft")
def _build_overdraft(org, actor, marker):
    return approve_overdraft(actor, org, limit="1000", valid_until=datetime.date.today() + datetime.timedelta(days=30),
                             reason=marker)


@register_scope_builder("hardship.aidpayment")
def _build_payment(org, actor, marker):
    recipient = _build_recipient(org, actor, marker)
    approve_recipient(actor, recipient)
    return record_payment(actor, recipient, kind="goods", amount="200", goods=f"{marker}米面油")
