"""The LKE: frameworks (versioned, never changed in place) and assessments answering them."""

from .assessment import Answer, Assessment, AssessmentLog, Tier
from .evidence import QuestionEvidence, SubAreaLink
from .framework import AnswerType, LkeFramework, LkeNode, LkeQuestion, NodeKind, PercentRule

__all__ = [
    "Answer",
    "AnswerType",
    "Assessment",
    "AssessmentLog",
    "LkeFramework",
    "LkeNode",
    "LkeQuestion",
    "NodeKind",
    "PercentRule",
    "QuestionEvidence",
    "SubAreaLink",
    "Tier",
]
