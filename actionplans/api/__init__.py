"""REST API of the action plans app under /api/v1/ (DESIGN.md §8).

Querysets come from actionplans.selectors (outside scope → 404); every write
goes through actionplans.services (wrong role → 403, broken rule → 400).
"""

from __future__ import annotations

from .serializers import (
    USED_HOURS,
    ActionPlanCreateSerializer,
    ActionPlanDetailSerializer,
    ActionPlanFilter,
    ActionPlanSerializer,
    EmptySerializer,
    FeedbackInputSerializer,
    ItemProposalCreateSerializer,
    ItemProposalSerializer,
    ItemStatusEntrySerializer,
    MeetingInputSerializer,
    PlanApprovalSerializer,
    PlanFeedbackSerializer,
    PlanItemFilter,
    PlanItemSerializer,
    PlanItemWriteSerializer,
    ProposalAcceptSerializer,
    ProposalMergeSerializer,
    ProposalRejectSerializer,
    StatusEntryInputSerializer,
    StatusReviewInputSerializer,
    StatusReviewSerializer,
    _UsedHours,
    _UsedHoursList,
)
from .viewsets import (
    ActionPlanViewSet,
    ItemProposalViewSet,
    PlanItemViewSet,
)

__all__ = [
    "ActionPlanViewSet",
    "PlanItemViewSet",
    "ItemProposalViewSet",
    "PlanApprovalSerializer",
    "PlanFeedbackSerializer",
    "USED_HOURS",
    "_UsedHoursList",
    "_UsedHours",
    "PlanItemSerializer",
    "PlanItemWriteSerializer",
    "ActionPlanSerializer",
    "ActionPlanDetailSerializer",
    "ActionPlanCreateSerializer",
    "FeedbackInputSerializer",
    "MeetingInputSerializer",
    "EmptySerializer",
    "StatusEntryInputSerializer",
    "StatusReviewInputSerializer",
    "ItemStatusEntrySerializer",
    "StatusReviewSerializer",
    "ItemProposalSerializer",
    "ItemProposalCreateSerializer",
    "ProposalAcceptSerializer",
    "ProposalMergeSerializer",
    "ProposalRejectSerializer",
    "ActionPlanFilter",
    "PlanItemFilter",
]
