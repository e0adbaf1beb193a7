"""Group insurance (女职工安康保险): women only, claims within the cover and the sum insured, paid once; the
insurer's list needs the right to reveal ID numbers; card use events counted once per serial; the union follows up
a discount not honoured; the merchant contract is a checked file; enrolment lists imported."""

import datetime

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.benefits import services
from gonghui.benefits.models import CardUse, InsuranceEnrolment, ServiceCard
from gonghui.benefits.testing import card_number, make_plan
from gonghui.core.models import AuditLog
from gonghui.core.workflow import WorkflowConflict
from gonghui.imports.services import import_file_sync
from gonghui.stats.periods import Period
from gonghui.stats.registry import StatsContext, get

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _sheet(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_women_only_claim_within_sum_insured_paid_once_and_counted(tree, users, members):
    staff, man, woman = users["a_staff"], members["ea1_a"], members["ea1_b"]
    plan = make_plan(users["root"], tree["A"])
    with pytest.raises(ValidationError) as e:
        services.enrol_insured(staff, plan, [man, woman])
    assert "members" in e.value.message_dict
    assert services.enrol_insured(staff, plan, [woman]) == 1
    assert services.enrol_insured(staff, plan, [woman]) == 0
    with pytest.raises(ValidationError) as e:
        services.file_insurance_claim(staff, plan, man, event="住院", occurred_on=TODAY, amount="100")
    assert "member_no" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.file_insurance_claim(staff, plan, woman, event="住院", occurred_on=TODAY, amount="10000.01")
    assert "amount" in e.value.message_dict
    claim = services.file_insurance_claim(staff, plan, woman, event="乳腺疾病", occurred_on=TODAY, amount="6000")
    with pytest.raises(ValidationError):
        services.pay_insurance_claim(staff, claim, "12000")
    services.pay_insurance_claim(staff, claim, "5500")
    with pytest.raises(WorkflowConflict):
        services.pay_insurance_claim(staff, claim, "5500")
    period = Period.year(TODAY.year)
    for key, expected in (("benefits_insured", 1), ("benefits_insurance_paid", 5500)):
        value = StatsContext(period).values(key, [tree["A"].pk])[tree["A"].pk]
        assert value == expected and value == get(key).recount(tree["A"], period), key


def test_insurer_export_needs_the_right_to_reveal_and_is_logged(tree, users, members, client_for):
    plan = make_plan(users["root"], tree["A"])
    services.enrol_insured(users["a_staff"], plan, [members["ea1_b"]])
    url = reverse("benefits:plan_insured_export", args=[plan.pk])
    assert client_for(users["a_viewer"]).get(url).status_code == 403
    response = client_for(users["a_admin"]).get(url)
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert "证件号码" in body and members["ea1_b"].id_number in body
    assert AuditLog.objects.filter(action="export", object_id=plan.pk).exists()


def test_card_use_file_counts_each_serial_once(tree, users, members, tmp_path):
    staff, member = users["a_staff"], members["ea1_a"]
    number = card_number()
    card = services.issue_card(staff, member, card_number=number, bank="工商银行", issued_on=TODAY)
    header = ["卡号", "交易流水号", "交易日期", "商户名称"]
    rows = [header, [number, "T001", TODAY.isoformat(), "超市"], [number, "T002", TODAY.isoformat(), "药店"],
            [card_number(), "T003", TODAY.isoformat(), ""]]
    path = _sheet(tmp_path / "uses.xlsx", rows)
    job = import_file_sync(staff, "service_card_uses", path, tree["A"], mode="skip_invalid")
    assert job.error_rows == 1
    card = ServiceCard.objects.get(pk=card.pk)
    assert (card.uses, card.last_used_on, card.status) == (2, TODAY, "active")
    import_file_sync(staff, "service_card_uses", path, tree["A"], mode="skip_invalid")
    assert ServiceCard.objects.get(pk=card.pk).uses == 2 and CardUse.objects.count() == 2


def test_enrolment_list_imported_by_member_number(tree, users, members, tmp_path):
    plan = make_plan(users["root"], tree["A"], name="女职工安康保险")
    header = ["会员编号", "年度", "保险名称", "姓名"]
    path = _sheet(tmp_path / "insured.xlsx", [
        header, [members["ea1_b"].member_no, plan.year, plan.name, "王芳"],
        [members["ea1_a"].member_no, plan.year, plan.name, "错名"]])
    job = import_file_sync(users["a_staff"], "insurance_enrolments", path, tree["A"], mode="skip_invalid")
    assert job.error_rows == 1
    assert list(InsuranceEnrolment.objects.values_list("member__name", flat=True)) == ["王芳"]


def test_union_follows_up_a_discount_not_honoured(tree, users, members, client_for):
    from gonghui.benefits.testing import _build_merchant

    merchant = _build_merchant(tree["A"], users["root"], "跟进")
    report = services.report_merchant(members["ea1_a"], merchant, rating=1, honoured=False, comment="不给打折")
    client = client_for(users["a_staff"])
    assert "open-reports" in client.get(merchant.get_absolute_url()).content.decode()
    url = reverse("benefits:merchant_follow_up", args=[merchant.pk])
    refused = client.post(url, {"report": report.pk, "follow_up": "", "on": TODAY.isoformat()})
    assert refused.status_code == 200 and refused.context["form"].errors["follow_up"]
    done = client.post(url, {"report": report.pk, "follow_up": "约谈商户，重申合同", "on": TODAY.isoformat()})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.followed_up_on == TODAY and report.follow_up == "约谈商户，重申合同"
    assert client.post(url, {"report": report.pk, "follow_up": "再次", "on": TODAY.isoformat()}).status_code == 200


def test_merchant_contract_file_checked_and_downloaded_not_inline(tree, users, client_for):
    from gonghui.benefits.testing import _build_merchant

    merchant = _build_merchant(tree["A"], users["root"], "合同")
    client = client_for(users["a_staff"])
    url = reverse("benefits:merchant_contract", args=[merchant.pk])
    bad = client.post(url, {"document": SimpleUploadedFile("c.pdf", b"MZ not a pdf", "application/pdf")})
    assert bad.status_code == 200 and bad.context["form"].errors["document"]
    ok = client.post(url, {"document": SimpleUploadedFile("合同.pdf", b"%PDF-1.4 test", "application/pdf")})
    assert ok.status_code == 302
    doc = merchant.contracts.get()
    response = client.get(reverse("benefits:merchant_contract_download", args=[merchant.pk, doc.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_portal_near_me_lists_the_nearest_merchant_first(tree, users, members, client):
    from gonghui.accounts.services import open_member_account

    root, start, end = users["root"], TODAY - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=30)
    for name, lat, lng in (("远处饭店", "34.9000", "117.9000"), ("近处药店", "34.2610", "117.1850"),
                           ("无坐标超市", None, None)):
        services.save_merchant(root, None, tree["EA1"], name=name, category="food", address="中山路8号",
                               latitude=lat, longitude=lng, discount="会员九折", contract_number="TH-1",
                               contract_signed_on=start, contract_starts_on=start, contract_ends_on=end)
    with pytest.raises(ValidationError) as e:
        services.save_merchant(root, None, tree["EA1"], name="半坐标", category="food", address="路", latitude="34",
                               discount="九折")
    assert "longitude" in e.value.message_dict
    client.force_login(open_member_account(members["ea1_a"], root),
                       backend="django.contrib.auth.backends.ModelBackend")
    body = client.get(reverse("benefits_portal:merchants"), {"near": "34.2600,117.1800"}).content.decode()
    assert body.index("近处药店") < body.index("远处饭店") < body.index("无坐标超市")
    assert 'merchant-distance">0.5' in body


def test_bank_roster_lists_active_members_without_a_card_within_the_union(tree, users, members, client_for):
    services.issue_card(users["a_staff"], members["ea1_a"], card_number=card_number(), bank="工商银行",
                        issued_on=TODAY)
    url = reverse("benefits:card_roster_export")
    assert 'id="card-roster-export"' in client_for(users["a_admin"]).get(reverse("benefits:card_list")).content.decode()
    assert client_for(users["a_viewer"]).get(url).status_code == 403
    assert client_for(users["b_staff"]).get(url, {"within": tree["EA1"].code}).status_code == 404
    response = client_for(users["a_admin"]).get(url, {"within": tree["A"].code})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].split(",")[:6] == ["序号", "会员编号", "姓名", "性别", "证件类型", "证件号码"]
    assert members["ea1_b"].id_number in body and members["ea1_b"].phone in body  # the bank needs them whole
    assert members["ea1_a"].name not in body  # holds a card already
    assert members["eb1_a"].name not in body  # district B
    assert AuditLog.objects.filter(action="export", object_id=tree["A"].pk, count=1).exists()
