"""The members' paper forms: 会员登记表, 入会申请书, 会员关系接转单 (``PrintView``)."""

from gonghui.core.testing_print import PrintViewTests

from ..models import JoinApplication, Member, Transfer


class TestMemberForm(PrintViewTests):
    model = Member
    print_url_name = "members:member_print"
    detail_url_name = "members:member_detail"
    texts = ("会员登记表", "会员本人（签名）", "会员编号")


class TestApplicationForm(PrintViewTests):
    model = JoinApplication
    print_url_name = "members:application_print"
    detail_url_name = "members:application_detail"
    texts = ("入会申请书", "中国工会章程", "申请人（签名）")


class TestTransferSlip(PrintViewTests):
    model = Transfer
    print_url_name = "members:transfer_print"
    detail_url_name = "members:transfer_detail"
    texts = ("会员关系接转单", "转出工会（盖章）", "转入工会（盖章）")

    def secrets(self, obj):
        return [obj.member.id_number]
