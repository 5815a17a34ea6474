"""Use cases of a 依申请公开 case. Views, admin, commands and the import all call these.

Each validates, runs in one transaction, locks the case row, recomputes the statutory due date
from the stored clock inputs (requests_app.deadlines) and appends an immutable event
(ApplicationEvent.record, whose actions are the closed list of requests_app.events).

The modules, by use case: ``intake`` (submit, register, find, assign), ``pauses`` (correction,
consultation, extension, fee), ``closing`` (answer, other closures, delivery, purge) and
``common`` (errors, the staff check, the lock, the clock, notices). Callers import this package.
"""

from requests_app.services.closing import (
    answer,
    close_other,
    purge_personal_data,
    record_delivery,
)
from requests_app.services.common import (
    APPLICANT_FIELDS,
    CaseError,
    NotAllowed,
    calendar,
    clock_of,
    open_statuses,
)
from requests_app.services.intake import assign, find_for_applicant, submit_application
from requests_app.services.pauses import (
    correction_lapsed,
    end_consultation,
    extend,
    fee_lapsed,
    issue_fee_notice,
    receive_correction,
    record_payment,
    request_correction,
    start_consultation,
)

__all__ = [
    "APPLICANT_FIELDS",
    "CaseError",
    "NotAllowed",
    "answer",
    "assign",
    "calendar",
    "clock_of",
    "close_other",
    "correction_lapsed",
    "end_consultation",
    "extend",
    "fee_lapsed",
    "find_for_applicant",
    "issue_fee_notice",
    "open_statuses",
    "purge_personal_data",
    "receive_correction",
    "record_delivery",
    "record_payment",
    "request_correction",
    "start_consultation",
    "submit_application",
]
