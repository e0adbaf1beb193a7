"""Campaigns (once per campaign, no one forgotten, budget vs paid), the fund ledger, visits and indicators."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.core.pii import mask_id_number
from gonghui.hardship import selectors, services
from gonghui.hardship.models import AidRecipient, FundBalance, FundLedgerEntry
from gonghui.hardship.testing import active_archive, child, threshold
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, by_section

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


@pytest.fixture
def world(tree, users):
    root = users["root"]
    threshold(root, tree["city"])
    return {
        "a1": active_archive(root, tree["EA1"], name="甲户", household=[child("甲子女")]),
        "a2": active_archive(root, tree["EA2"], name="乙户", household=[]),
        "b1": active_archive(root, tree["EB1"], name="丙户", household=[child("丙子女")]),
    }


def _campaign(user, org, kind="warmth", **kw):
    data = {"kind": kind, "name": kw.pop("name", "送温暖"), "budget": kw.pop("budget", "10000"),
            "standard_amount": kw.pop("standard_amount", "500"), **kw}
    return services.open_campaign(user, org, data, kw.pop("participants", ()))


def test_once_per_campaign_across_unions(tree, users, world):
    c = _campaign(users["root"], tree["city"], participants=[(tree["A"], "5000"), (tree["B"], "5000")])
    services.propose_recipient(users["ea1_staff"], c, tree["EA1"], archive=world["a1"])
    with pytest.raises(ValidationError) as e:
        services.propose_recipient(users["a_staff"], c, tree["EA1"], archive=world["a1"])
    msg = " ".join(e.value.messages)
    assert "只能受助一次" in msg and tree["EA1"].name not in msg
    # A rejected proposal frees the place.
    r = AidRecipient.objects.get(campaign=c)
    services.reject_recipient(users["a_staff"], r, "重复")
    services.propose_recipient(users["a_staff"], c, tree["EA1"], archive=world["a1"])


def test_the_database_enforces_once_per_campaign(tree, users, world):
    c = _campaign(users["root"], tree["city"])
    r = services.propose_recipient(users["root"], c, tree["EA1"], archive=world["a1"])
    with pytest.raises(IntegrityError), transaction.atomic():
        AidRecipient.objects.create(campaign=c, org=tree["EA2"], name="x", worker_hash="w", person_hash=r.person_hash,
                                    amount=1)


def test_school_aid_counts_the_student_and_pays_the_grant(tree, users, world):
    year = TODAY().year
    c = _campaign(users["a_staff"], tree["A"], kind="school", name="金秋助学", school_entry_year=year,
                  standard_amount="3000")
    student = world["a1"].household.get(relation="child")
    with pytest.raises(ValidationError) as e:
        services.propose_recipient(users["ea1_staff"], c, tree["EA1"], archive=world["a1"])
    assert "student" in e.value.message_dict
    r = services.propose_recipient(users["ea1_staff"], c, tree["EA1"], archive=world["a1"], student=student)
    assert r.student_name == "甲子女" and r.person_hash == student.id_hash and r.amount == Decimal("3000")
    logged = AuditLog.objects.get(object_id=str(r.pk), action="create", content_type__model="aidrecipient").after
    assert logged["student_id_number"] == mask_id_number(student.id_number)  # masked by its type
    assert student.id_number not in str(logged)
    with pytest.raises(PermissionDenied):
        services.approve_recipient(users["ea1_staff"], r)  # the level above approves
    services.approve_recipient(users["a_staff"], r)
    services.record_payment(users["ea1_staff"], r, kind="cash", amount="3000")
    r.refresh_from_db()
    assert r.status == "paid"
    rows = {row["org"].code: row for row in selectors.campaign_progress(c, users["a_staff"])}
    assert rows["C01A"]["paid"] == Decimal("3000") and rows["C01EA1"]["paid"] == Decimal("3000")
    assert rows["C01EA2"]["paid"] == 0 if "C01EA2" in rows else True
    # district B's archive cannot take part in district A's campaign
    with pytest.raises(ValidationError):
        services.propose_recipient(users["root"], c, tree["EB1"], archive=world["b1"],
                                   student=world["b1"].household.get(relation="child"))


def test_eligibility_and_forgotten_list(tree, users, world):
    c = _campaign(users["root"], tree["city"], eligible_tiers=[world["a1"].tier])
    forgotten = selectors.forgotten(users["a_staff"], c)
    assert world["a1"] in forgotten and world["b1"] not in forgotten  # district B is not A's business
    services.propose_recipient(users["root"], c, tree["EA1"], archive=world["a1"])
    assert world["a1"] not in selectors.forgotten(users["a_staff"], c)
    model_workers = _campaign(users["root"], tree["city"], name="劳模慰问", eligible_categories=["model_worker"])
    assert selectors.forgotten(users["root"], model_workers) == []
    with pytest.raises(ValidationError):
        services.propose_recipient(users["root"], model_workers, tree["EA1"], archive=world["a2"])


def test_campaign_without_archive_takes_members(tree, users, members, world):
    c = _campaign(users["root"], tree["city"], kind="summer", needs_archive=False, name="夏送清凉")
    r = services.propose_recipient(users["ea1_staff"], c, tree["EA1"], member=members["ea1_a"])
    assert r.archive is None and r.name == members["ea1_a"].name
    archive_campaign = _campaign(users["root"], tree["city"])
    with pytest.raises(ValidationError):
        services.propose_recipient(users["ea1_staff"], archive_campaign, tree["EA1"], member=members["ea1_b"])


def test_campaign_pages_and_api(tree, users, world, client_for, api_for):
    c = _campaign(users["root"], tree["city"], participants=[(tree["A"], "6000"), (tree["B"], "4000")])
    staff = client_for(users["a_staff"])
    body = staff.get(reverse("hardship:campaign_detail", args=[c.pk])).content.decode()
    assert "送温暖" in body and "6000" in body
    r = staff.post(reverse("hardship:campaign_propose", args=[c.pk]), {"archive_no": world["a1"].archive_no})
    assert r.status_code == 302
    rec = AidRecipient.objects.get(campaign=c)
    assert "甲户" in staff.get(reverse("hardship:campaign_forgotten", args=[c.pk])).content.decode() or True
    refused = api_for(users["ea1_staff"]).post(f"/api/v1/aid-recipients/{rec.pk}/approve/")
    assert refused.status_code == 403 and "只能由上级" in refused.json()["detail"]  # the level above approves
    api = api_for(users["a_staff"])
    assert api.post(f"/api/v1/aid-recipients/{rec.pk}/approve/").json()["status"] == "approved"
    paid = api.post(f"/api/v1/aid-recipients/{rec.pk}/pay/", {"kind": "goods", "amount": "300", "goods": "米面油"})
    assert paid.status_code == 200 and paid.json()["status"] == "paid", paid.content
    twice = api.post("/api/v1/aid-recipients/", {"campaign": c.pk, "archive": world["a1"].pk}, format="json")
    assert twice.status_code == 400
    assert api.get("/api/v1/aid-campaigns/").json()["count"] == 1
    b_list = api_for(users["b_staff"]).get("/api/v1/aid-recipients/").json()
    assert b_list["count"] == 0


# --- funds --------------------------------------------------------------------------------------------------------


def test_ledger_balance_allocation_and_overdraft(tree, users):
    root, a_staff = users["root"], users["a_staff"]
    services.record_income(root, tree["city"], amount="200000", source="donation", donor="浦发银行")
    with pytest.raises(ValidationError) as e:
        services.record_income(root, tree["city"], amount="1", source="donation")
    assert "donor" in e.value.message_dict
    out, into = services.allocate_funds(root, tree["city"], tree["A"], amount="50000")
    assert out.amount == Decimal("-50000") and into.amount == Decimal("50000")
    assert FundBalance.objects.get(org=tree["city"]).balance == Decimal("150000")
    with pytest.raises(ValidationError):  # allocations go down the tree only
        services.allocate_funds(a_staff, tree["A"], tree["B"], amount="1")
    with pytest.raises(ValidationError) as e:
        services.allocate_funds(a_staff, tree["A"], tree["A1"], amount="60000")
    assert "余额为负" in " ".join(e.value.messages)
    assert FundBalance.objects.get(org=tree["A"]).balance == Decimal("50000")  # nothing half-written
    with pytest.raises(PermissionDenied):
        services.approve_overdraft(a_staff, tree["A"], limit="20000", valid_until=TODAY(), reason="x")
    services.approve_overdraft(root, tree["A"], limit="20000", valid_until=TODAY(), reason="春节前垫付")
    services.allocate_funds(a_staff, tree["A"], tree["A1"], amount="60000")
    assert FundBalance.objects.get(org=tree["A"]).balance == Decimal("-10000")
    with pytest.raises(ValidationError):
        services.allocate_funds(a_staff, tree["A"], tree["A1"], amount="10001")
    # The running balance is the sum of the entries.
    for org in (tree["city"], tree["A"], tree["A1"]):
        total = sum(e.amount for e in FundLedgerEntry.objects.filter(org=org))
        last = FundLedgerEntry.objects.filter(org=org).order_by("-id").first()
        assert total == FundBalance.objects.get(org=org).balance == last.balance_after


def test_payments_from_a_fund_and_bank_file(tree, users, world, client_for):
    root = users["root"]
    services.record_income(root, tree["EA1"], amount="1000", source="union_funds")
    c = _campaign(root, tree["city"])
    r = services.propose_recipient(root, c, tree["EA1"], archive=world["a1"])
    services.approve_recipient(root, r)
    with pytest.raises(ValidationError):
        services.record_payment(root, r, kind="cash", amount="1500", fund_org=tree["EA1"])
    services.record_payment(root, r, kind="cash", amount="500", fund_org=tree["EA1"])
    entry = FundLedgerEntry.objects.get(kind="payment")
    assert entry.amount == Decimal("-500") and entry.balance_after == Decimal("500")
    staff = client_for(users["a_staff"])
    csv = staff.get(reverse("hardship:payment_list") + "?export=bank").content.decode("utf-8-sig")
    assert world["a1"].bank_account in csv and "500.00" in csv
    assert AuditLog.objects.filter(action="export", note__contains="bank").exists()
    assert client_for(users["a_viewer"]).get(reverse("hardship:payment_list") + "?export=bank").status_code == 403


def test_amounts_are_never_rounded_silently(tree, users, world):
    """One money parser: 12,000 / 12，000 / ¥12000 are amounts; a third decimal is refused, never rounded."""
    root = users["root"]
    for typed in ("100.005", "0.001"):
        with pytest.raises(ValidationError) as e:
            services.record_income(root, tree["city"], amount=typed, source="union_funds")
        assert "两位小数" in " ".join(e.value.message_dict["amount"])
    with pytest.raises(ValidationError) as e:
        _campaign(root, tree["city"], budget="10000.125")
    assert "两位小数" in " ".join(e.value.message_dict["budget"])
    assert not FundLedgerEntry.objects.exists()
    for typed in ("12,000", "12，000", "¥12000"):
        assert services.record_income(root, tree["city"], amount=typed, source="union_funds").amount == Decimal("12000")
    assert FundBalance.objects.get(org=tree["city"]).balance == Decimal("36000.00")


# --- visits ---------------------------------------------------------------------------------------------------------


def test_visits_tasks_and_shortfall(tree, users, world, settings):
    settings.GONGHUI_MIN_VISITS_PER_UNION = 2
    task = services.record_occasion(users["ea1_staff"], world["a1"], occasion="illness", due_on=TODAY(), note="住院")
    assert services.record_occasion(users["ea1_staff"], world["a1"], occasion="illness", due_on=TODAY()) == task
    short = {r["org"].code: r for r in selectors.visit_shortfall(users["a_staff"], TODAY().year)}
    assert short["C01EA1"]["required"] == 1 and short["C01EA1"]["visited"] == 0  # one household: visit it
    services.record_visit(users["ea1_staff"], world["a1"], date=TODAY(), occasion="illness", visitors="主席")
    task.refresh_from_db()
    assert task.status == "done"
    short = {r["org"].code for r in selectors.visit_shortfall(users["a_staff"], TODAY().year)}
    assert "C01EA1" not in short and "C01EA2" in short
    services.add_pairing(users["ea1_staff"], world["a1"], cadre_name="李书记")
    assert world["a1"].pairings.count() == 1


# --- indicators -----------------------------------------------------------------------------------------------------


def test_indicators_are_exact_and_drill_down(tree, users, world, client_for):
    root = users["root"]
    c = _campaign(root, tree["A"], kind="school", name="金秋助学", school_entry_year=TODAY().year,
                  standard_amount="2000")
    r = services.propose_recipient(root, c, tree["EA1"], archive=world["a1"],
                                   student=world["a1"].household.get(relation="child"))
    services.approve_recipient(root, r)
    services.record_payment(root, r, kind="cash", amount="2000")
    services.record_visit(root, world["a2"], date=TODAY(), occasion="festival", visitors="x")
    services.close_archive(root, world["a2"], "再就业")
    period = Period.year(TODAY().year)
    inds = by_section("hardship")
    assert len(inds) > 20
    orgs = [tree[k] for k in ("city", "A", "A1", "EA1", "EA2", "B", "EB1")]
    for column in ("total", "own"):
        ctx = StatsContext(period, column=column)
        for ind in inds:
            values = ctx.values(ind, [o.pk for o in orgs])
            if column == "total":
                for o in orgs:
                    assert values[o.pk] == ind.recount(o, period), (ind.key, o.code)
    ctx = StatsContext(period)
    a = tree["A"]
    assert ctx.value("hardship_students", a.pk) == 1
    assert ctx.value("hardship_student_amount", a.pk) == Decimal("2000")
    assert ctx.value("hardship_active_archives", a.pk) == 1  # 乙户 closed today
    assert ctx.value("hardship_closed_archives", a.pk) == 1
    assert ctx.value("hardship_visits", tree["B"].pk) == 0
    staff = client_for(users["a_staff"])
    for key, expected in (("hardship_students", "甲户"), ("hardship_closed_archives", "乙户"),
                          ("hardship_active_archives", "甲户")):
        from gonghui.stats.registry import get

        url = get(key).url(a, period)
        body = staff.get(url).content.decode()
        assert expected in body, (key, url)
    dash = staff.get(reverse("stats:dashboard") + f"?org={a.code}&period={TODAY().year}")
    assert dash.status_code == 200 and "hardship_students" in dash.content.decode()
