from gonghui.core.tables import table_for

from .models import (
    Competition,
    Contest,
    Entrant,
    Innovation,
    Mentorship,
    Participant,
    Proposal,
    Studio,
    TechAssociation,
)

CompetitionTable = table_for(Competition, ("title", "org", "kind", "starts_on", "ends_on"))
ParticipantTable = table_for(Participant, ("name", "competition", "org", "kind", "employer_name", "headcount",
                                           "score", "rank", "result"))
ContestTable = table_for(Contest, ("title", "trade", "org", "level", "held_on", "next_level"))
EntrantTable = table_for(Entrant, ("worker_name", "contest", "employer_name", "round", "score", "rank", "title",
                                   "grade_after"))
ProposalTable = table_for(Proposal, ("title", "number", "org", "author_name", "category", "filed_on", "status",
                                     "score", "value", "reward"), styles=Proposal.status_styles)
InnovationTable = table_for(Innovation, ("title", "kind", "org", "workers", "achieved_on", "patent_number",
                                         "benefit"))
StudioTable = table_for(Studio, ("name", "kind", "org", "lead_name", "level", "recognised_on"))
AssociationTable = table_for(TechAssociation, ("name", "org", "employer_name", "lead_name", "member_count",
                                               "founded_on"))
MentorshipTable = table_for(Mentorship, ("master_name", "apprentice_name", "org", "trade", "starts_on", "ends_on"))
