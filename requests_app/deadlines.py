"""Statutory deadlines of a 依申请公开 case (《政府信息公开条例》 Arts. 30-35), pure.

Date in, date out: no settings, no clock, no ORM. The working-day calendar is passed in as a
:class:`~catalog.workdays.WorkCalendar` value.

Counting convention (the 条例 convention, see :mod:`catalog.workdays`): the day of receipt is
never counted; the first day counted is the first working day after it, and a deadline of n
working days is the end of the n-th working day so counted (``add_working_days(start, n)``).
Receipt on a Saturday, a holiday or a make-up working day changes nothing: counting still starts
on the next working day.

The reply clock of a case (Art. 33):

* it starts at receipt (Art. 31), or restarts from scratch at receipt of the corrected
  application after a 补正 notice (Art. 30): nothing counted before the restart survives it;
* it runs for 20 working days, plus one extension of at most 20 working days (Art. 33 ¶2);
* it stops while the agency consults third parties or other agencies (Art. 33 ¶3), and between
  the fee notice and payment (国办函〔2020〕109号). A :class:`Pause` stops it for the working days
  d with ``start < d <= end``, so a pause shifts the due date by the working days inside it;
* an Art. 35 deadline, set by the agency and notified to the applicant, replaces all of this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from catalog.workdays import WorkCalendar

REPLY_WORKING_DAYS = 20  # Art. 33 ¶2
MAX_EXTENSION_WORKING_DAYS = 20  # Art. 33 ¶2
CORRECTION_NOTICE_WORKING_DAYS = 7  # Art. 30
THIRD_PARTY_WORKING_DAYS = 15  # Art. 32 (and Art. 34 for co-producing agencies)
FEE_PAYMENT_WORKING_DAYS = 20  # 国办函〔2020〕109号


class DeadlineError(ValueError):
    """A case clock that cannot exist: an invalid extension, restart, pause or custom date."""


@dataclass(frozen=True)
class Pause:
    """The reply clock stopped for the working days d with ``start < d <= end``.

    Art. 33 ¶3: time spent consulting third parties (Art. 32) or other agencies (Art. 34) is
    not counted; the interval from the fee notice to payment is not counted either (109号).
    ``end is None`` means the clock is still stopped (open-ended).
    """

    start: date
    end: date | None


@dataclass(frozen=True)
class CaseClock:
    """Everything the reply deadline of one application depends on."""

    received_on: date  # Art. 31 receipt date
    corrected_received_on: date | None = None  # Art. 30: the clock restarts from this receipt
    pauses: tuple[Pause, ...] = ()  # Art. 33 ¶3 consultation; fee notice -> payment
    extension_working_days: int = 0  # Art. 33 ¶2: once, at most 20 working days
    custom_due_on: date | None = None  # Art. 35: a reasonable later date set by the agency

    @property
    def starts_on(self) -> date:
        """The day the reply clock (re)starts from: receipt of the corrected application, if any."""
        return self.corrected_received_on or self.received_on


def correction_notice_due(received_on: date, calendar: WorkCalendar) -> date:
    """Art. 30: the one-time 补正 notice goes out within 7 working days of receipt (receipt day
    not counted)."""
    return calendar.add_working_days(received_on, CORRECTION_NOTICE_WORKING_DAYS)


def third_party_reply_due(sent_on: date, calendar: WorkCalendar) -> date:
    """Art. 32: a consulted third party answers within 15 working days (that day not counted).

    The article counts from the day the third party receives the written request; pass that
    day as ``sent_on`` when it is known (same-day delivery, e.g. in person or by fax).
    """
    return calendar.add_working_days(sent_on, THIRD_PARTY_WORKING_DAYS)


def fee_payment_due(notice_received_on: date, calendar: WorkCalendar) -> date:
    """109号: the fee is paid within 20 working days counted from the day after the applicant
    receives the 收费通知 (the receipt day itself is not counted); unpaid means abandoned."""
    return calendar.add_working_days(notice_received_on, FEE_PAYMENT_WORKING_DAYS)


def _validate(clock: CaseClock) -> None:
    extension = clock.extension_working_days
    if not 0 <= extension <= MAX_EXTENSION_WORKING_DAYS:
        raise DeadlineError(
            f"an extension is 0 to {MAX_EXTENSION_WORKING_DAYS} working days (Art. 33), "
            f"got {extension}"
        )
    received = clock.received_on
    if clock.corrected_received_on is not None and clock.corrected_received_on < received:
        raise DeadlineError(
            f"the corrected application ({clock.corrected_received_on.isoformat()}) cannot "
            f"arrive before the application ({received.isoformat()})"
        )
    if clock.custom_due_on is not None and clock.custom_due_on < received:
        raise DeadlineError(
            f"an Art. 35 deadline ({clock.custom_due_on.isoformat()}) cannot precede receipt "
            f"({received.isoformat()})"
        )
    previous: Pause | None = None
    for pause in sorted(clock.pauses, key=lambda p: p.start):
        if pause.start < received:
            raise DeadlineError(
                f"a pause cannot start ({pause.start.isoformat()}) before receipt "
                f"({received.isoformat()})"
            )
        if pause.end is not None and pause.end < pause.start:
            raise DeadlineError(
                f"a pause cannot end ({pause.end.isoformat()}) before it starts "
                f"({pause.start.isoformat()})"
            )
        if previous is not None and (previous.end is None or pause.start < previous.end):
            raise DeadlineError(
                f"pauses overlap: the one starting {previous.start.isoformat()} and the one "
                f"starting {pause.start.isoformat()}"
            )
        previous = pause


def _statutory_schedule(
    clock: CaseClock, calendar: WorkCalendar
) -> tuple[date | None, tuple[tuple[date, date], ...]]:
    """The Art. 33 due date (None while stopped indefinitely) and the pauses that moved it,
    as closed ``(start, end)`` spans clipped to the running clock."""
    start = clock.starts_on
    allowed = REPLY_WORKING_DAYS + clock.extension_working_days
    due = calendar.add_working_days(start, allowed)
    effective: list[tuple[date, date]] = []
    for pause in sorted(clock.pauses, key=lambda p: p.start):
        if pause.end is not None and pause.end <= start:
            continue  # wholly before the 补正 restart: the restart discards it
        begin = max(pause.start, start)
        if begin >= due:
            # The 20 (+ extension) working days were used up before the pause began: the case
            # was already overdue and stopping the clock now cannot make it timely again. Later
            # pauses start later still, so none of them counts either.
            break
        if pause.end is None:
            return None, tuple(effective)
        allowed += calendar.working_days_between(begin, pause.end)
        due = calendar.add_working_days(start, allowed)
        effective.append((begin, pause.end))
    return due, tuple(effective)


def reply_due(clock: CaseClock, calendar: WorkCalendar) -> date | None:
    """Art. 33: the last day of the reply period; None while an open-ended pause runs.

    20 working days (plus the extension) counted after ``starts_on`` (Art. 31 receipt, or the
    Art. 30 corrected receipt); each pause adds the working days in ``(start, end]``. Pauses
    that end on or before the 补正 restart are ignored and one that straddles it counts from
    the restart only. A pause that starts on or after the due date has no effect: by then the
    period had run out, so the case stays overdue. An Art. 35 ``custom_due_on`` overrides all
    of this. Raises :class:`DeadlineError` for a clock that cannot exist.
    """
    _validate(clock)
    if clock.custom_due_on is not None:
        return clock.custom_due_on
    due, _ = _statutory_schedule(clock, calendar)
    return due


def working_days_left(clock: CaseClock, today: date, calendar: WorkCalendar) -> int | None:
    """Working days of the reply period still unused at the end of ``today``.

    0 on the due date; negative when overdue (minus the working days past the due date, so a
    rest day right after the due date still gives 0: use :func:`is_overdue` for the flag);
    None while an open-ended pause runs. Paused working days are not used up, so the count is
    frozen inside a pause; before the clock (re)starts the whole period is left.
    """
    _validate(clock)
    effective: tuple[tuple[date, date], ...] = ()
    if clock.custom_due_on is not None:
        due: date | None = clock.custom_due_on
    else:
        due, effective = _statutory_schedule(clock, calendar)
    if due is None:
        return None
    if today > due:
        return -calendar.working_days_between(due, today)
    since = max(today, clock.starts_on)
    left = calendar.working_days_between(since, due)
    for pause_start, pause_end in effective:
        left -= calendar.working_days_between(max(pause_start, since), pause_end)
    return left


def is_overdue(clock: CaseClock, today: date, calendar: WorkCalendar) -> bool:
    """Art. 33: overdue once the due date has passed with no reply; never while stopped."""
    due = reply_due(clock, calendar)
    return due is not None and today > due


def extension_allowed(clock: CaseClock, today: date, calendar: WorkCalendar) -> bool:
    """Art. 33 ¶2: one extension only, granted on or before the due date.

    Also refused once an Art. 35 deadline is set: it replaces the Art. 33 period, so an
    extension would change nothing.
    """
    _validate(clock)
    if clock.extension_working_days != 0 or clock.custom_due_on is not None:
        return False
    return not is_overdue(clock, today, calendar)
