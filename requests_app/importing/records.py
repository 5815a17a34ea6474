"""A validated row, as the services will be called with it: what validation hands to writing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Correction:
    requested_on: dt.date
    items: str
    due_on: dt.date
    received_on: dt.date | None


@dataclass(frozen=True)
class Consultation:
    kind: str
    party: str
    sent_on: dt.date
    ended_on: dt.date | None


@dataclass(frozen=True)
class Fee:
    amount: int
    notified_on: dt.date
    paid_on: dt.date | None


@dataclass(frozen=True)
class Extension:
    working_days: int
    approver: str
    reason: str
    on: dt.date | None  # None: on the due date as it stands then (the last allowed day)


@dataclass
class Record:
    """One validated row, ready for the services."""

    line: int
    organisation: Any
    channel: str
    received_on: dt.date
    submitted_at: dt.datetime
    data: dict
    number: str = ""
    handler: str = ""
    correction: Correction | None = None
    consultation: Consultation | None = None
    fee: Fee | None = None
    extension: Extension | None = None
    outcome: str = ""
    closed_on: dt.date | None = None
    reasons: str = ""
    provided: str = ""
    email: str = field(default="", repr=False)
