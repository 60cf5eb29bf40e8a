"""Coordination's models, one module per concern."""

from coordination.models.access_log import (
    AccessAction,
    AccessLogEntry,
    AccessLogReview,
    AccessOutcome,
    ReviewResult,
)
from coordination.models.cases import (
    CASE_TRANSITIONS,
    Case,
    CaseGrant,
    CaseStatus,
    Contact,
    ContactChannel,
    ExternalSystem,
    GrantReason,
    LegalBasis,
)
from coordination.models.people import (
    CHILD_RELATIONS,
    Household,
    Individual,
    ProtectedIdentity,
    Relation,
    RelationKind,
)
from coordination.models.routine import (
    AgeCondition,
    AgeThreshold,
    CoordinationMethod,
    CoordinationRule,
)

__all__ = [
    "CASE_TRANSITIONS",
    "CHILD_RELATIONS",
    "AccessAction",
    "AccessLogEntry",
    "AccessLogReview",
    "AccessOutcome",
    "AgeCondition",
    "AgeThreshold",
    "Case",
    "CaseGrant",
    "CaseStatus",
    "Contact",
    "ContactChannel",
    "CoordinationMethod",
    "CoordinationRule",
    "ExternalSystem",
    "GrantReason",
    "Household",
    "Individual",
    "LegalBasis",
    "ProtectedIdentity",
    "Relation",
    "RelationKind",
    "ReviewResult",
]
