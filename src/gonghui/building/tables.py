from gonghui.core.tables import table_for

from .choices import APPROVAL_STYLES, ELECTION_STYLES
from .models import Approval, ArchiveDocument, Cadre, Election, Term

CadreTable = table_for(Cadre, ("name", "org", "position", "engagement", "rank", "on_party_committee", "appointed_on",
                               "left_on"))
TermTable = table_for(Term, ("number", "org", "started_on", "ends_on", "closed_on", "note"))
ElectionTable = table_for(Election, ("term_number", "title", "org", "review_org", "planned_on", "held_on", "status"),
                          styles=ELECTION_STYLES)
ApprovalTable = table_for(Approval, ("subject", "org", "kind", "approver", "requested_on", "doc_no", "decided_on",
                                     "status"), styles=APPROVAL_STYLES)
DocumentTable = table_for(ArchiveDocument, ("title", "org", "kind", "number", "issued_on", "file_name"))
