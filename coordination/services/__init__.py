"""Coordination's writes, one module per concern; import from here."""

from coordination.services.access_log import (
    access_log_cases,
    access_log_denied,
    access_log_record,
)
from coordination.services.cases import (
    CaseRuleError,
    case_assess_contact_need,
    case_grant,
    case_grant_revoke,
    case_read_with_reason,
    case_register,
    case_transition,
    contact_record,
)
from coordination.services.individuals import (
    DuplicateIndividualError,
    household_join,
    individual_create,
    relation_create,
)

__all__ = [
    "CaseRuleError",
    "DuplicateIndividualError",
    "access_log_cases",
    "access_log_denied",
    "access_log_record",
    "case_assess_contact_need",
    "case_grant",
    "case_grant_revoke",
    "case_read_with_reason",
    "case_register",
    "case_transition",
    "contact_record",
    "household_join",
    "individual_create",
    "relation_create",
]
