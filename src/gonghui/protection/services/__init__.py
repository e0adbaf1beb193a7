"""Writes of labour protection, by sub-domain: inspections and the problems found (``inspections``), the 安康杯
competition (``ankang``), safety inspectors, accident investigations and hazard photos (``supervision``)."""

from .ankang import (  # noqa: F401
    ENROLMENT_FIELDS,
    ROUND_FIELDS,
    close_round,
    criterion_field,
    give_award,
    parse_criteria,
    save_enrolment,
    save_round,
    score_enrolment,
)
from .inspections import (  # noqa: F401
    AGREEMENT_FIELDS,
    INSPECTION_FIELDS,
    MAX_NAMED,
    arrears_names_text,
    check_arrears,
    check_unit,
    close_inspection,
    escalate_overdue,
    fix,
    open_rights_case,
    parse_workers,
    record_recovery,
    refix,
    respond,
    save_agreement,
    save_finding,
    save_inspection,
)
from .supervision import (  # noqa: F401
    ACCIDENT_FIELDS,
    INSPECTOR_FIELDS,
    MAX_PHOTOS,
    add_photo,
    close_accident,
    record_report,
    save_accident,
    save_inspector,
)
