"""Imports every model so that the metadata (and Alembic) sees the whole schema."""
from awareness.accounts.models import AuditEvent, RecoveryCode, User
from awareness.checker.models import CheckerTally, CheckTreeSource
from awareness.content.models import BankQuestion, Lesson, Module, ModuleQuestion, StaffTopic
from awareness.learning.models import Attempt, ModuleProgress
from awareness.organisations.models import Department, Organisation, StaffMember
from awareness.outbox.models import OutboundEmail
from awareness.reports.models import ResidentTally, RoundTally, TalliedRound
from awareness.scheduler.models import Lease
from awareness.staffquiz.models import (
    Answer,
    Delivery,
    QuestionSetting,
    QuizSchedule,
    Round,
    SchedulePause,
)

__all__ = [
    "Answer", "Attempt", "AuditEvent", "BankQuestion", "Delivery", "Department", "Lease",
    "Lesson", "Module", "ModuleProgress", "ModuleQuestion", "Organisation", "OutboundEmail",
    "QuestionSetting", "QuizSchedule", "RecoveryCode", "Round", "SchedulePause", "StaffMember",
    "StaffTopic", "User",
    "ResidentTally", "RoundTally", "TalliedRound",
    "CheckerTally", "CheckTreeSource",
]
