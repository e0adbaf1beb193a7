"""A page that shows only part of a list says so ("showing the first N of M") and links to the whole list."""

import pytest
from django.urls import reverse
from django.utils import translation

from gonghui.core import audit
from gonghui.core.models import AuditAction, AuditLog
from gonghui.core.selectors import capped

pytestmark = pytest.mark.django_db


def test_capped_counts_only_when_cut(users, members, django_assert_num_queries):
    qs = AuditLog.objects.order_by("id")
    total = qs.count()
    with django_assert_num_queries(1):
        whole = capped(qs, total + 5)
    assert not whole.cut and whole.total == total == len(whole)
    with django_assert_num_queries(2):
        part = capped(qs, 2, url="/x/")
    assert part.cut and len(part) == 2 and part.total == total and list(part) == list(qs[:2])


def test_a_record_page_says_its_change_log_is_cut(users, members, client_for, monkeypatch):
    monkeypatch.setattr("gonghui.core.views.HISTORY_SHOWN", 2)
    member = members["ea1_a"]
    for n in range(3):
        audit.record(AuditAction.UPDATE, member, user=users["root"], note=f"第{n}次")
    total = audit.history_for(member).count()
    with translation.override("zh-hans"):
        body = client_for(users["a_staff"]).get(member.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = body.content.decode()
    assert f"仅显示前 2 条，共 {total} 条。" in body
    assert f"{reverse('core:auditlog_list')}?content_type=members.member&amp;object_id={member.pk}" in body


def test_a_whole_list_says_nothing(users, members, client_for):
    body = client_for(users["a_staff"]).get(members["ea1_a"].get_absolute_url()).content.decode()
    assert "data-capped" not in body
