"""A case document is written to disk before its row; when the transaction that adds the row rolls back (in the
service, in an enclosing block, in a savepoint), the file is deleted again, and a committed one stays."""

import pytest
from django.core.signals import request_finished
from django.db import transaction
from django.urls import reverse

from gonghui.core.attachments import atomic_with_files, discard_uncommitted_files
from gonghui.rights import services
from gonghui.rights.models import CaseDocument, document_storage
from gonghui.rights.testing import make_case, pdf_upload

pytestmark = pytest.mark.django_db


class Boom(Exception):
    pass


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    discard_uncommitted_files()  # nothing left over from earlier tests' rolled-back transactions
    return tmp_path


@pytest.fixture
def case(tree, users):
    return make_case(users["a_staff"], tree["A"], handling_org=tree["A"])


def _end_of_request():
    """What the end of a request runs (without closing the test's database connection, as the test client)."""
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        request_finished.send(sender=None)
    finally:
        request_finished.connect(close_old_connections)


def _files(case):
    storage = document_storage()
    folder = f"cases/{case.pk}"
    return sorted(storage.listdir(folder)[1]) if storage.exists(folder) else []


def test_the_service_failing_after_the_file_was_written_leaves_no_file(case, users, monkeypatch):
    from gonghui.core import audit

    def broken(*args, **kwargs):
        raise Boom

    monkeypatch.setattr(audit, "record", broken)  # fails after the file and its row were written
    with pytest.raises(Boom):
        services.add_document(users["a_staff"], case, pdf_upload(), "欠条")
    assert not CaseDocument.objects.exists() and _files(case) == []


def test_a_rolled_back_enclosing_block_removes_the_file(case, users):
    with pytest.raises(Boom), atomic_with_files():
        services.add_document(users["a_staff"], case, pdf_upload(), "欠条")
        assert len(_files(case)) == 1
        raise Boom
    assert not CaseDocument.objects.exists() and _files(case) == []


def test_a_plain_rolled_back_transaction_loses_the_file_at_the_end_of_the_request(case, users):
    with pytest.raises(Boom), transaction.atomic():
        services.add_document(users["a_staff"], case, pdf_upload(), "欠条")
        raise Boom
    assert len(_files(case)) == 1  # undecided until someone looks: the end of the request does
    _end_of_request()
    assert _files(case) == []


def test_a_rolled_back_savepoint_removes_only_its_file(case, users, django_capture_on_commit_callbacks):
    staff = users["a_staff"]
    with django_capture_on_commit_callbacks(execute=True):  # the outer write commits
        kept = services.add_document(staff, case, pdf_upload("kept.pdf"), "合同")
        with pytest.raises(Boom), atomic_with_files():
            services.add_document(staff, case, pdf_upload("lost.pdf"), "欠条")
            raise Boom
    assert _files(case) == [kept.file.name.rsplit("/", 1)[1]]
    discard_uncommitted_files()
    _end_of_request()
    assert list(CaseDocument.objects.values_list("pk", flat=True)) == [kept.pk]
    assert document_storage().exists(kept.file.name)  # a committed file is never removed


def test_a_document_pending_in_an_open_transaction_is_kept(case, users):
    doc = services.add_document(users["a_staff"], case, pdf_upload(), "欠条")
    discard_uncommitted_files()  # the test's transaction is still open: undecided, so kept
    assert document_storage().exists(doc.file.name)


def test_the_portal_form_that_fails_keeps_no_evidence(members, tree, client, django_capture_on_commit_callbacks,
                                                      monkeypatch):
    """The member portal files the case and stores the evidence in one block: a failure after the file was
    written leaves neither the case nor the file."""
    from gonghui.accounts.services import open_member_account
    from gonghui.rights.models import Case

    client.force_login(open_member_account(members["ea1_a"]), backend="django.contrib.auth.backends.ModelBackend")
    real = CaseDocument.objects.create

    def create_then_fail(**kwargs):
        real(**kwargs)
        raise Boom

    monkeypatch.setattr(CaseDocument.objects, "create", create_then_fail)
    with pytest.raises(Boom):
        client.post(reverse("rights_portal:file"), {
            "case_type": "wage_arrears", "employer_name": "某厂", "facts": "欠薪", "amount_claimed": "100",
            "worker_count": "1", "document": pdf_upload()})
    assert not Case.objects.exists()
    storage = document_storage()
    assert not storage.exists("cases") or all(not storage.listdir(f"cases/{d}")[1] for d in storage.listdir("cases")[0])
