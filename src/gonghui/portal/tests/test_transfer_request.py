"""A member asks in the portal to transfer to another union; the members' two-sided handling follows."""

from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.members import services as member_services
from gonghui.members.choices import MemberStatus, TransferStatus
from gonghui.members.models import Transfer

URL = reverse("portal:transfer")


def _ask(client, to_code, reason="换了工作单位", q="公司"):
    return client.post(URL, {"q": q, "to_org": to_code, "reason": reason})


def test_search_finds_grassroots_unions_but_the_members_own(member_client, tree):
    html = member_client.get(URL, {"q": "公司"}).content.decode()
    assert tree["EA2"].name in html and tree["EB1"].name in html
    assert f'value="{tree["EA1"].code}"' not in html  # the member's own union
    html = member_client.get(URL, {"q": "区一街道"}).content.decode()
    assert f'value="{tree["A1"].code}"' in html  # township unions hold members
    html = member_client.get(URL, {"q": "区总工会"}).content.decode()
    assert tree["A"].name not in html and 'name="to_org"' not in html  # federations do not
    assert 'name="to_org"' in member_client.get(URL, {"q": "C01EB"}).content.decode()  # by code


def test_request_creates_the_transfer_and_the_receiving_union_accepts(member_client, account, members, tree, users):
    member = members["ea1_a"]
    response = _ask(member_client, tree["EB1"].code)
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    transfer = Transfer.objects.get(member=member)
    assert transfer.status == TransferStatus.PENDING and transfer.started_by == account
    assert transfer.from_org == tree["EA1"] and transfer.to_org == tree["EB1"] and transfer.reason == "换了工作单位"
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRING
    assert AuditLog.objects.filter(object_id=str(transfer.pk), action="create", user=account).exists()
    home = member_client.get(reverse("portal:home")).content.decode()
    assert 'id="pending-transfer"' in home and tree["EB1"].name in home
    # The receiving union decides, as for a transfer the sending union started.
    member_services.accept_transfer(users["b_staff"], transfer)
    member.refresh_from_db()
    assert member.org == tree["EB1"] and member.status == MemberStatus.ACTIVE
    assert 'id="pending-transfer"' not in member_client.get(reverse("portal:home")).content.decode()


def test_the_sending_union_can_cancel_it(member_client, members, tree, users):
    _ask(member_client, tree["EB1"].code)
    member_services.cancel_transfer(users["ea1_staff"], Transfer.objects.get(member=members["ea1_a"]), "未离职")
    members["ea1_a"].refresh_from_db()
    assert members["ea1_a"].status == MemberStatus.ACTIVE and members["ea1_a"].org == tree["EA1"]


def test_refused_while_a_transfer_is_pending(member_client, members, tree):
    _ask(member_client, tree["EB1"].code)
    response = _ask(member_client, tree["EA2"].code)
    assert response.status_code == 200
    assert "已有一笔接转正在等待处理" in response.context["form"].errors["to_org"][0]
    assert Transfer.objects.filter(member=members["ea1_a"]).count() == 1


def test_refused_to_the_members_own_union(member_client, members, tree):
    response = _ask(member_client, tree["EA1"].code, q="")
    assert response.context["form"].errors["to_org"] == ["您已经是该工会的会员。"]
    assert not Transfer.objects.exists()


def test_refused_to_a_federation_and_without_a_choice_or_reason(member_client, tree):
    response = _ask(member_client, tree["A"].code)
    assert response.context["form"].errors["to_org"] == ["会员应隶属于基层工会，而不是总工会。"]
    response = _ask(member_client, tree["EB1"].code, reason="  ")
    assert response.context["form"].errors["reason"] == ["请填写接转原因。"]
    response = member_client.post(URL, {"q": "", "reason": "x"})
    assert response.context["form"].errors["to_org"] == ["请选择要转入的工会。"]
    assert not Transfer.objects.exists()


def test_refused_for_a_member_who_is_not_active(member_client, members, tree, users):
    member_services.retain_membership(users["root"], members["ea1_a"], "下岗")
    response = _ask(member_client, tree["EB1"].code)
    assert "只有在会会员才能申请接转" in response.context["form"].errors["to_org"][0]
    assert not Transfer.objects.exists()


def test_the_page_is_only_the_members_own(client, users):
    assert client.get(URL)["Location"].startswith(reverse("portal:login"))


def test_a_nul_in_the_search_or_the_code_is_no_500(member_client):
    """PostgreSQL refuses NUL in text, even in a WHERE clause: such input matches nothing."""
    from django.urls import reverse

    url = reverse("portal:transfer")
    assert member_client.get(url, {"q": "EA\x00"}).status_code == 200
    r = member_client.post(url, {"q": "EA\x00", "to_org": "EA2\x00", "reason": "调动"})
    assert r.status_code == 200 and r.context["form"].errors
