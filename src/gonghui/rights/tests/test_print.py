"""A case's mediation agreement (调解协议书) for the parties to sign (``PrintView``)."""

import datetime

from gonghui.core.testing_print import PrintViewTests

from ..models import Case
from ..services import accept_case, close_case, start_mediation
from ..testing import make_case


class TestMediationAgreement(PrintViewTests):
    model = Case
    print_url_name = "rights:case_print"
    detail_url_name = "rights:case_detail"
    texts = ("调解协议书", "调解员（签名）", "被申请人（盖章）", "8000.00")

    def build(self, org, actor, marker):
        case = make_case(actor, org, handling_org=org, employer_name=marker)
        accept_case(actor, case)
        start_mediation(actor, case, "刘建国")
        close_case(actor, case, "agreement", agreement_amount="8000", paying_deadline=datetime.date(2026, 12, 31),
                   amount_recovered="8000")
        return case

    def secrets(self, obj):
        return [w.id_number for w in obj.workers.all() if w.id_number]
