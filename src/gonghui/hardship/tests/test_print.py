"""Hardship aid's paper forms: the 困难职工档案表 and a campaign's payment list for signature (``PrintView``)."""

from django.urls import reverse

from gonghui.core.testing import SCOPE_WORLD_BUILDERS, load_app_builders
from gonghui.core.testing_print import PrintViewTests

from ..models import AidCampaign, AidRecipient, HardshipArchive
from ..services import approve_recipient


class TestArchiveForm(PrintViewTests):
    model = HardshipArchive
    print_url_name = "hardship:archive_print"
    detail_url_name = "hardship:archive_detail"
    texts = ("困难职工档案表", "家庭成员", "基层工会（盖章）")

    def secrets(self, obj):
        return [obj.id_number, obj.phone] + [v for v in [obj.bank_account] if v]


class TestPaymentList(PrintViewTests):
    model = AidCampaign
    print_url_name = "hardship:campaign_print"
    detail_url_name = "hardship:campaign_detail"
    texts = ("帮扶资金发放签领表", "签名")

    def print_org(self, obj):
        return self.printer.home_org

    def test_form_renders_for_a_scoped_user(self, tree, users, client_for):
        self.printer = users[self.actor]
        super().test_form_renders_for_a_scoped_user(tree, users, client_for)


def test_payment_list_holds_the_approved_recipients_in_scope(tree, users, client_for):
    load_app_builders()
    recipient = SCOPE_WORLD_BUILDERS["hardship.aidrecipient"](tree["EA1"], users["root"], "QPLISTZ")
    url = reverse("hardship:campaign_print", args=[recipient.campaign_id])
    client = client_for(users["a_staff"])
    assert f"<td>{recipient.name}" not in client.get(url).content.decode()  # proposed only: not on the list yet
    approve_recipient(users["root"], recipient)
    text = client.get(url).content.decode()
    assert f"<td>{recipient.name}" in text and str(AidRecipient.objects.get(pk=recipient.pk).amount) in text
    # Out of the user's reach (district B's staff): the list is not found at all.
    assert client_for(users["b_staff"]).get(url).status_code == 404
