"""Statutory deadlines of a 依申请公开 case, checked by hand against the 国务院办公厅 notices.

Every expected date was counted by hand from the notices (catalog/holiday_notices.py); the
comment beside each case shows the count: "(n)" is the n-th working day after the start (the
start itself is never counted), "rest" is 放假, "makeup" is 调休上班 (a weekend day that counts).
"""

from datetime import date, timedelta

import pytest

from catalog.holiday_notices import official_calendar
from catalog.workdays import WorkCalendar
from requests_app.deadlines import (
    CORRECTION_NOTICE_WORKING_DAYS,
    FEE_PAYMENT_WORKING_DAYS,
    MAX_EXTENSION_WORKING_DAYS,
    REPLY_WORKING_DAYS,
    THIRD_PARTY_WORKING_DAYS,
    CaseClock,
    DeadlineError,
    Pause,
    correction_notice_due,
    extension_allowed,
    fee_payment_due,
    is_overdue,
    reply_due,
    third_party_reply_due,
    working_days_left,
)

CAL = official_calendar()
D = date

# The plain reference case: received Mon 2025-03-03, a month with no holiday.
# 03-04..07 (1-4), 03-10..14 (5-9), 03-17..21 (10-14), 03-24..28 (15-19), Mon 03-31 (20).
# Then 04-01..03 (21-23), Fri 04-04 rest (清明), 04-07..11 (24-28), 04-14..18 (29-33),
# 04-21..25 (34-38), Sun 04-27 makeup (39, for 劳动节), Mon 04-28 (40).
MARCH = D(2025, 3, 3)
MARCH_DUE = D(2025, 3, 31)


def test_statutory_periods_match_the_law():
    assert REPLY_WORKING_DAYS == 20  # Art. 33 ¶2
    assert MAX_EXTENSION_WORKING_DAYS == 20  # Art. 33 ¶2
    assert CORRECTION_NOTICE_WORKING_DAYS == 7  # Art. 30
    assert THIRD_PARTY_WORKING_DAYS == 15  # Art. 32
    assert FEE_PAYMENT_WORKING_DAYS == 20  # 国办函〔2020〕109号


# --- reply_due: the plain 20 working days of Art. 33 ------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # National Day 2019 (10-01..07 rest; Sun 09-29, Sat 10-12 makeup). Received Fri 09-27:
        # Sun 09-29 (1), Mon 09-30 (2), 10-08..11 (3-6), Sat 10-12 (7), 10-14..18 (8-12),
        # 10-21..25 (13-17), 10-28, 29, 30 (18-20).
        (D(2019, 9, 27), D(2019, 10, 30)),
        # 中秋/National Day 2023 (09-29..10-06 rest; Sat 10-07, Sun 10-08 makeup). Received Wed
        # 09-27: Thu 09-28 (1), Sat 10-07 (2), Sun 10-08 (3), 10-09..13 (4-8), 10-16..20 (9-13),
        # 10-23..27 (14-18), Mon 10-30 (19), Tue 10-31 (20).
        (D(2023, 9, 27), D(2023, 10, 31)),
        # National Day 2024 (10-01..07 rest; Sun 09-29, Sat 10-12 makeup). Received Fri 09-27:
        # Sun 09-29 (1), Mon 09-30 (2), 10-08..11 (3-6), Sat 10-12 (7), 10-14..18 (8-12),
        # 10-21..25 (13-17), 10-28, 29, 30 (18-20).
        (D(2024, 9, 27), D(2024, 10, 30)),
        # 国庆/中秋 2025 (10-01..08 rest; Sun 09-28, Sat 10-11 makeup). Received Fri 09-26:
        # Sun 09-28 (1), Mon 09-29 (2), Tue 09-30 (3), Thu 10-09 (4), Fri 10-10 (5),
        # Sat 10-11 (6), 10-13..17 (7-11), 10-20..24 (12-16), 10-27..30 (17-20).
        (D(2025, 9, 26), D(2025, 10, 30)),
        # Spring Festival 2024 (02-10..17 rest; Sun 02-04, Sun 02-18 makeup; 除夕 02-09 still a
        # working day). Received Thu 02-08: Fri 02-09 (1), Sun 02-18 (2), 02-19..23 (3-7),
        # 02-26..29 (8-11, leap year), Fri 03-01 (12), 03-04..08 (13-17), 03-11, 12, 13 (18-20).
        (D(2024, 2, 8), D(2024, 3, 13)),
        # Spring Festival 2025 (除夕 01-28..02-04 rest; Sun 01-26, Sat 02-08 makeup). Received
        # Fri 01-24: Sun 01-26 (1), Mon 01-27 (2), 02-05..07 (3-5), Sat 02-08 (6),
        # 02-10..14 (7-11), 02-17..21 (12-16), 02-24..27 (17-20).
        (D(2025, 1, 24), D(2025, 2, 27)),
        # Spring Festival 2026 (02-15..23 rest; Sat 02-14, Sat 02-28 makeup). Received Thu
        # 02-12: Fri 02-13 (1), Sat 02-14 (2), 02-24..27 (3-6), Sat 02-28 (7), 03-02..06 (8-12),
        # 03-09..13 (13-17), 03-16, 17, 18 (18-20).
        (D(2026, 2, 12), D(2026, 3, 18)),
        # Spring Festival 2020 as extended (01-24..02-02 rest; Sat 02-01 no longer worked).
        # Received Thu 01-23: 02-03..07 (1-5), 02-10..14 (6-10), 02-17..21 (11-15),
        # 02-24..28 (16-20).
        (D(2020, 1, 23), D(2020, 2, 28)),
        # Received on a Saturday (2025-03-15); 清明 2025 is Fri 04-04..Sun 04-06: 03-17..21 (1-5),
        # 03-24..28 (6-10), Mon 03-31 (11), 04-01..03 (12-14), 04-07..11 (15-19), Mon 04-14 (20).
        (D(2025, 3, 15), D(2025, 4, 14)),
        # Received on a holiday (Thu 2025-10-02, inside 国庆): Thu 10-09 (1), Fri 10-10 (2),
        # Sat 10-11 makeup (3), 10-13..17 (4-8), 10-20..24 (9-13), 10-27..31 (14-18),
        # Mon 11-03 (19), Tue 11-04 (20).
        (D(2025, 10, 2), D(2025, 11, 4)),
        # Received on a makeup Sunday (2025-09-28; it is not counted either): Mon 09-29 (1),
        # Tue 09-30 (2), 10-09, 10, Sat 10-11 (3-5), 10-13..17 (6-10), 10-20..24 (11-15),
        # 10-27..31 (16-20).
        (D(2025, 9, 28), D(2025, 10, 31)),
        # Across the year end: received Fri 2025-12-19. 12-22..26 (1-5), 12-29..31 (6-8),
        # 2026-01-01..03 rest, Sun 01-04 makeup (9), 01-05..09 (10-14), 01-12..16 (15-19),
        # Mon 01-19 (20).
        (D(2025, 12, 19), D(2026, 1, 19)),
        # Across 2019/2020 (元旦 2020 is Wed 01-01 alone): received Mon 2019-12-16. 12-17..20
        # (1-4), 12-23..27 (5-9), 12-30, 31 (10, 11), 2020-01-02, 03 (12, 13), 01-06..10 (14-18),
        # Mon 01-13 (19), Tue 01-14 (20).
        (D(2019, 12, 16), D(2020, 1, 14)),
        # The reference case (see MARCH above).
        (MARCH, MARCH_DUE),
    ],
)
def test_reply_is_due_twenty_working_days_after_receipt(received, expected):
    assert reply_due(CaseClock(received_on=received), CAL) == expected


def test_the_calendar_is_a_value_not_a_global():
    # With an empty calendar only the week counts: received Fri 2025-09-26, 09-29..10-03
    # (1-5), 10-06..10 (6-10), 10-13..17 (11-15), 10-20..24 (16-20).
    clock = CaseClock(received_on=D(2025, 9, 26))
    assert reply_due(clock, WorkCalendar()) == D(2025, 10, 24)
    assert reply_due(clock, CAL) == D(2025, 10, 30)


# --- 补正 (Art. 30) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        # Mon 2025-03-03: 03-04..07 (1-4), 03-10, 11, 12 (5-7).
        (MARCH, D(2025, 3, 12)),
        # Fri 2025-09-26: Sun 09-28 makeup (1), 09-29 (2), 09-30 (3), 10-01..08 rest,
        # 10-09 (4), 10-10 (5), Sat 10-11 makeup (6), Mon 10-13 (7).
        (D(2025, 9, 26), D(2025, 10, 13)),
        # Mon 2025-09-22: 09-23..26 (1-4), Sun 09-28 makeup (5), 09-29 (6), 09-30 (7).
        (D(2025, 9, 22), D(2025, 9, 30)),
        # Thu 2023-09-28: 09-29..10-06 rest, Sat 10-07 (1), Sun 10-08 (2), 10-09..13 (3-7).
        (D(2023, 9, 28), D(2023, 10, 13)),
        # Thu 2024-02-08: Fri 02-09 (1), 02-10..17 rest, Sun 02-18 makeup (2), 02-19..23 (3-7).
        (D(2024, 2, 8), D(2024, 2, 23)),
        # Thu 2026-02-12: Fri 02-13 (1), Sat 02-14 makeup (2), 02-15..23 rest, 02-24..27 (3-6),
        # Sat 02-28 makeup (7): the last day to send the notice is a Saturday.
        (D(2026, 2, 12), D(2026, 2, 28)),
        # Sat 2025-12-27: 12-29..31 (1-3), 01-01..03 rest, Sun 2026-01-04 makeup (4),
        # 01-05, 06, 07 (5-7).
        (D(2025, 12, 27), D(2026, 1, 7)),
    ],
)
def test_correction_notice_is_due_seven_working_days_after_receipt(received, expected):
    assert correction_notice_due(received, CAL) == expected


@pytest.mark.parametrize(
    ("received", "corrected", "expected"),
    [
        # Corrected Mon 2025-03-10 restarts the count: 03-11..14 (1-4), 03-17..21 (5-9),
        # 03-24..28 (10-14), 03-31 (15), 04-01..03 (16-18), 04-04 rest, 04-07 (19), 04-08 (20).
        (MARCH, D(2025, 3, 10), D(2025, 4, 8)),
        # Corrected on the day of receipt: the same as no correction.
        (MARCH, MARCH, MARCH_DUE),
        # Received Mon 2025-09-22, corrected on the first day back after 国庆, Thu 10-09:
        # 10-10 (1), Sat 10-11 makeup (2), 10-13..17 (3-7), 10-20..24 (8-12), 10-27..31 (13-17),
        # 11-03, 04, 05 (18-20). The days used before the holiday are not carried over.
        (D(2025, 9, 22), D(2025, 10, 9), D(2025, 11, 5)),
        # Received Mon 2026-02-02, corrected on a holiday, Sun 02-22 (春节, 02-15..23 rest):
        # 02-24..27 (1-4), Sat 02-28 makeup (5), 03-02..06 (6-10), 03-09..13 (11-15),
        # 03-16..20 (16-20).
        (D(2026, 2, 2), D(2026, 2, 22), D(2026, 3, 20)),
    ],
)
def test_correction_restarts_the_reply_clock(received, corrected, expected):
    clock = CaseClock(received_on=received, corrected_received_on=corrected)
    assert reply_due(clock, CAL) == expected


# --- pauses (Art. 33 ¶3 consultation; fee notice -> payment) ----------------------------------


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        # Wed 2025-03-05: 03-06, 07 (1, 2), 03-10..14 (3-7), 03-17..21 (8-12), 03-24, 25, 26
        # (13-15).
        (D(2025, 3, 5), D(2025, 3, 26)),
        # Tue 2025-09-16: 09-17..19 (1-3), 09-22..26 (4-8), Sun 09-28 makeup (9), 09-29 (10),
        # 09-30 (11), 10-01..08 rest, 10-09 (12), 10-10 (13), Sat 10-11 makeup (14), Mon 10-13
        # (15).
        (D(2025, 9, 16), D(2025, 10, 13)),
        # Tue 2026-02-10: 02-11..13 (1-3), Sat 02-14 makeup (4), 02-15..23 rest, 02-24..27 (5-8),
        # Sat 02-28 makeup (9), 03-02..06 (10-14), Mon 03-09 (15).
        (D(2026, 2, 10), D(2026, 3, 9)),
    ],
)
def test_third_party_answers_within_fifteen_working_days(sent, expected):
    assert third_party_reply_due(sent, CAL) == expected


@pytest.mark.parametrize(
    ("notice_received", "expected"),
    [
        # Mon 2025-03-10: 03-11..14 (1-4), 03-17..21 (5-9), 03-24..28 (10-14), 03-31 (15),
        # 04-01..03 (16-18), 04-04 rest, 04-07 (19), 04-08 (20).
        (D(2025, 3, 10), D(2025, 4, 8)),
        # Mon 2024-02-05: 02-06..09 (1-4), 02-10..17 rest, Sun 02-18 makeup (5), 02-19..23
        # (6-10), 02-26..29 (11-14), 03-01 (15), 03-04..08 (16-20).
        (D(2024, 2, 5), D(2024, 3, 8)),
        # Fri 2025-09-26: the 国庆 count of the reply period, 20 working days -> Thu 10-30.
        (D(2025, 9, 26), D(2025, 10, 30)),
    ],
)
def test_fee_is_payable_within_twenty_working_days_of_the_notice(notice_received, expected):
    assert fee_payment_due(notice_received, CAL) == expected


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        # A 15-working-day third-party consultation: request sent Wed 03-05, answer due Wed
        # 03-26 (see above); (03-05, 03-26] holds 15 working days, so the reply is due 35
        # working days after 03-03: 04-01..03 (21-23), 04-07..11 (24-28), 04-14..18 (29-33),
        # 04-21 (34), Tue 04-22 (35).
        (
            CaseClock(received_on=MARCH, pauses=(Pause(D(2025, 3, 5), D(2025, 3, 26)),)),
            D(2025, 4, 22),
        ),
        # A third-party consultation across 国庆 2025. Received Mon 09-15: 09-16..19 (1-4),
        # 09-22..26 (5-9), Sun 09-28 (10), 09-29 (11), 09-30 (12), 10-09 (13), 10-10 (14),
        # Sat 10-11 (15), 10-13..17 (16-20). The request went out Tue 09-16 and the answer was
        # due Mon 10-13 (15 working days inside the pause), so 15 more after Fri 10-17:
        # 10-20..24 (1-5), 10-27..31 (6-10), 11-03..07 (11-15).
        (
            CaseClock(received_on=D(2025, 9, 15), pauses=(Pause(D(2025, 9, 16), D(2025, 10, 13)),)),
            D(2025, 11, 7),
        ),
        # Fee notice received Mon 03-10, paid Thu 03-20: (03-10, 03-20] holds 03-11..14 and
        # 03-17..20, 8 working days; 8 after 03-31: 04-01..03 (1-3), 04-07..11 (4-8).
        (
            CaseClock(received_on=MARCH, pauses=(Pause(D(2025, 3, 10), D(2025, 3, 20)),)),
            D(2025, 4, 11),
        ),
        # Two pauses, listed out of order: (03-05, 03-07] holds Thu 03-06, Fri 03-07 (2);
        # (03-14, 03-19] holds Mon 03-17..Wed 03-19 (3). 5 after 03-31: 04-01..03 (1-3),
        # 04-07 (4), 04-08 (5).
        (
            CaseClock(
                received_on=MARCH,
                pauses=(
                    Pause(D(2025, 3, 14), D(2025, 3, 19)),
                    Pause(D(2025, 3, 5), D(2025, 3, 7)),
                ),
            ),
            D(2025, 4, 8),
        ),
        # Back-to-back pauses (one ends the day the next starts) do not overlap: 2 + Mon 03-10
        # (1) = 3 after 03-31: 04-01, 02, 03.
        (
            CaseClock(
                received_on=MARCH,
                pauses=(
                    Pause(D(2025, 3, 5), D(2025, 3, 7)),
                    Pause(D(2025, 3, 7), D(2025, 3, 10)),
                ),
            ),
            D(2025, 4, 3),
        ),
        # The first pause (2) moves the due date to Wed 04-02; the second starts Tue 04-01,
        # after the original due date but before the moved one, so it counts too: (04-01,
        # 04-03] holds 04-02, 04-03 (2). 24 working days after 03-03: ... 04-02 (22), 04-03
        # (23), 04-04 rest, Mon 04-07 (24).
        (
            CaseClock(
                received_on=MARCH,
                pauses=(
                    Pause(D(2025, 3, 5), D(2025, 3, 7)),
                    Pause(D(2025, 4, 1), D(2025, 4, 3)),
                ),
            ),
            D(2025, 4, 7),
        ),
        # A pause that starts the working day before the due date: (Fri 03-28, Tue 04-01]
        # holds Mon 03-31 and Tue 04-01 (2): 04-01 (21), Wed 04-02 (22).
        (
            CaseClock(received_on=MARCH, pauses=(Pause(D(2025, 3, 28), D(2025, 4, 1)),)),
            D(2025, 4, 2),
        ),
        # A pause that starts ON the due date: the 20th working day was already used up.
        (
            CaseClock(received_on=MARCH, pauses=(Pause(MARCH_DUE, D(2025, 4, 10)),)),
            MARCH_DUE,
        ),
        # A pause that starts after the due date has no effect: the case stays overdue.
        (
            CaseClock(received_on=MARCH, pauses=(Pause(D(2025, 4, 1), D(2025, 4, 10)),)),
            MARCH_DUE,
        ),
        # Even an open-ended one.
        (CaseClock(received_on=MARCH, pauses=(Pause(D(2025, 4, 1), None),)), MARCH_DUE),
        # A zero-length pause changes nothing.
        (CaseClock(received_on=MARCH, pauses=(Pause(D(2025, 3, 5), D(2025, 3, 5)),)), MARCH_DUE),
        # A consultation spanning only rest days costs no working day: received Fri 2025-09-26
        # (due Thu 10-30), paused (Tue 09-30, Wed 10-08], all 国庆 rest days.
        (
            CaseClock(received_on=D(2025, 9, 26), pauses=(Pause(D(2025, 9, 30), D(2025, 10, 8)),)),
            D(2025, 10, 30),
        ),
        # A pause across the year end: received Fri 2025-12-19 (due Mon 2026-01-19); (12-24,
        # 2026-01-05] holds 12-25, 26, 29, 30, 31, Sun 01-04 makeup, Mon 01-05 (7). 7 after
        # 01-19: 01-20..23 (1-4), 01-26..28 (5-7).
        (
            CaseClock(received_on=D(2025, 12, 19), pauses=(Pause(D(2025, 12, 24), D(2026, 1, 5)),)),
            D(2026, 1, 28),
        ),
    ],
)
def test_pauses_shift_the_due_date_by_their_working_days(clock, expected):
    assert reply_due(clock, CAL) == expected


@pytest.mark.parametrize(
    "pauses",
    [
        (Pause(D(2025, 3, 10), None),),
        # Starts the working day before the due date: one day of the period is still unused.
        (Pause(D(2025, 3, 28), None),),
        # After a closed pause.
        (Pause(D(2025, 3, 5), D(2025, 3, 7)), Pause(D(2025, 3, 20), None)),
        # Open from receipt itself.
        (Pause(MARCH, None),),
    ],
)
def test_open_ended_pause_leaves_no_due_date(pauses):
    assert reply_due(CaseClock(received_on=MARCH, pauses=pauses), CAL) is None


@pytest.mark.parametrize(
    ("pause", "expected"),
    [
        # Corrected Mon 03-10 (due Tue 04-08, see the 补正 cases). A pause over before the
        # restart is discarded with everything else counted before it.
        (Pause(D(2025, 3, 4), D(2025, 3, 7)), D(2025, 4, 8)),
        # Ending on the restart day itself: (03-04, 03-10] has nothing after the restart.
        (Pause(D(2025, 3, 4), D(2025, 3, 10)), D(2025, 4, 8)),
        # Straddling the restart: only (03-10, 03-12] counts, Tue 03-11 and Wed 03-12 (2);
        # 2 after 04-08: 04-09, Thu 04-10.
        (Pause(D(2025, 3, 5), D(2025, 3, 12)), D(2025, 4, 10)),
        # Still open across the restart: the clock has not restarted running.
        (Pause(D(2025, 3, 5), None), None),
    ],
)
def test_pauses_before_the_correction_restart_are_ignored(pause, expected):
    clock = CaseClock(received_on=MARCH, corrected_received_on=D(2025, 3, 10), pauses=(pause,))
    assert reply_due(clock, CAL) == expected


# --- extension (Art. 33 ¶2) and Art. 35 -------------------------------------------------------


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        # 20 + 20 after 03-03: 04-14..18 (29-33), 04-21..25 (34-38), Sun 04-27 makeup for 劳动节
        # (39), Mon 04-28 (40).
        (CaseClock(received_on=MARCH, extension_working_days=20), D(2025, 4, 28)),
        # 20 + 5: 04-01..03 (21-23), 04-04 rest, 04-07 (24), 04-08 (25).
        (CaseClock(received_on=MARCH, extension_working_days=5), D(2025, 4, 8)),
        # 20 + 20 from Fri 2025-09-26 (due Thu 10-30): Fri 10-31 (21), 11-03..07 (22-26),
        # 11-10..14 (27-31), 11-17..21 (32-36), 11-24..27 (37-40).
        (CaseClock(received_on=D(2025, 9, 26), extension_working_days=20), D(2025, 11, 27)),
        # 20 + 20 across the year end from Fri 2025-12-19 (due Mon 2026-01-19): 01-20..23
        # (21-24), 01-26..30 (25-29), 02-02..06 (30-34), 02-09..13 (35-39), Sat 02-14 makeup
        # for 春节 (40).
        (CaseClock(received_on=D(2025, 12, 19), extension_working_days=20), D(2026, 2, 14)),
        # Everything at once: received Fri 2025-09-26, corrected Tue 09-30, paused (Thu 10-09,
        # Mon 10-13] (Fri 10-10, Sat 10-11 makeup, Mon 10-13: 3), extended by 10, so 33 working
        # days after 09-30: 10-09 (1), 10-10 (2), 10-11 (3), 10-13..17 (4-8), 10-20..24 (9-13),
        # 10-27..31 (14-18), 11-03..07 (19-23), 11-10..14 (24-28), 11-17..21 (29-33).
        (
            CaseClock(
                received_on=D(2025, 9, 26),
                corrected_received_on=D(2025, 9, 30),
                pauses=(Pause(D(2025, 10, 9), D(2025, 10, 13)),),
                extension_working_days=10,
            ),
            D(2025, 11, 21),
        ),
    ],
)
def test_extension_adds_working_days_to_the_period(clock, expected):
    assert reply_due(clock, CAL) == expected


@pytest.mark.parametrize(
    "clock",
    [
        CaseClock(received_on=MARCH, custom_due_on=D(2025, 6, 30)),
        # Overrides the extension, the pauses and the restart, even an open pause.
        CaseClock(
            received_on=MARCH,
            corrected_received_on=D(2025, 3, 10),
            pauses=(Pause(D(2025, 3, 12), D(2025, 3, 20)), Pause(D(2025, 4, 1), None)),
            extension_working_days=20,
            custom_due_on=D(2025, 6, 30),
        ),
    ],
)
def test_art_35_custom_due_date_overrides_everything(clock):
    assert reply_due(clock, CAL) == D(2025, 6, 30)


# --- validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clock", "message"),
    [
        (CaseClock(received_on=MARCH, extension_working_days=21), "extension"),
        (CaseClock(received_on=MARCH, extension_working_days=-1), "extension"),
        # An invalid extension is refused even when an Art. 35 date would override it.
        (
            CaseClock(received_on=MARCH, extension_working_days=21, custom_due_on=D(2025, 6, 30)),
            "extension",
        ),
        (CaseClock(received_on=MARCH, corrected_received_on=D(2025, 3, 2)), "corrected"),
        (CaseClock(received_on=MARCH, custom_due_on=D(2025, 3, 2)), "Art. 35"),
        (
            CaseClock(received_on=MARCH, pauses=(Pause(D(2025, 3, 2), D(2025, 3, 5)),)),
            "before receipt",
        ),
        (
            CaseClock(received_on=MARCH, pauses=(Pause(D(2025, 3, 10), D(2025, 3, 7)),)),
            "before it starts",
        ),
        (
            CaseClock(
                received_on=MARCH,
                pauses=(
                    Pause(D(2025, 3, 5), D(2025, 3, 10)),
                    Pause(D(2025, 3, 7), D(2025, 3, 12)),
                ),
            ),
            "overlap",
        ),
        # Nothing can follow an open-ended pause.
        (
            CaseClock(
                received_on=MARCH,
                pauses=(Pause(D(2025, 3, 20), D(2025, 3, 25)), Pause(D(2025, 3, 5), None)),
            ),
            "overlap",
        ),
        # The same pause recorded twice.
        (
            CaseClock(
                received_on=MARCH,
                pauses=(Pause(D(2025, 3, 5), D(2025, 3, 7)), Pause(D(2025, 3, 5), D(2025, 3, 7))),
            ),
            "overlap",
        ),
    ],
)
def test_impossible_clocks_are_refused(clock, message):
    with pytest.raises(DeadlineError, match=message):
        reply_due(clock, CAL)
    with pytest.raises(DeadlineError, match=message):
        working_days_left(clock, MARCH, CAL)
    with pytest.raises(DeadlineError, match=message):
        is_overdue(clock, MARCH, CAL)
    with pytest.raises(DeadlineError, match=message):
        extension_allowed(clock, MARCH, CAL)


def test_deadline_error_is_a_value_error():
    assert issubclass(DeadlineError, ValueError)


@pytest.mark.parametrize("days", [0, 1, 5, 19, 20])
def test_extensions_up_to_twenty_are_accepted(days):
    clock = CaseClock(received_on=MARCH, extension_working_days=days)
    assert reply_due(clock, CAL) == CAL.add_working_days(MARCH, 20 + days)


# --- working_days_left and is_overdue ---------------------------------------------------------

NATIONAL_DAY_2025 = CaseClock(received_on=D(2025, 9, 26))  # due Thu 10-30, counted above
THIRD_PARTY = CaseClock(received_on=MARCH, pauses=(Pause(D(2025, 3, 5), D(2025, 3, 26)),))
# Received Thu 2025-03-06: 03-07 (1), 03-10..14 (2-6), 03-17..21 (7-11), 03-24..28 (12-16),
# 03-31 (17), 04-01..03 (18-20): due Thu 04-03, followed by 清明 (Fri 04-04..Sun 04-06).
BEFORE_QINGMING = CaseClock(received_on=D(2025, 3, 6))


@pytest.mark.parametrize(
    ("clock", "today", "left", "overdue"),
    [
        # Before receipt (a back-dated query): the whole period is left.
        (NATIONAL_DAY_2025, D(2025, 9, 20), 20, False),
        (NATIONAL_DAY_2025, D(2025, 9, 26), 20, False),  # receipt day is not counted
        (NATIONAL_DAY_2025, D(2025, 9, 27), 20, False),  # Sat, a rest day
        (NATIONAL_DAY_2025, D(2025, 9, 28), 19, False),  # Sun makeup: used (1)
        (NATIONAL_DAY_2025, D(2025, 10, 5), 17, False),  # 09-28, 29, 30 used; holiday
        (NATIONAL_DAY_2025, D(2025, 10, 11), 14, False),  # + 10-09, 10, Sat 10-11 makeup
        (NATIONAL_DAY_2025, D(2025, 10, 29), 1, False),
        (NATIONAL_DAY_2025, D(2025, 10, 30), 0, False),  # the due date itself is on time
        (NATIONAL_DAY_2025, D(2025, 10, 31), -1, True),
        (NATIONAL_DAY_2025, D(2025, 11, 1), -1, True),  # Sat adds no working day
        (NATIONAL_DAY_2025, D(2025, 11, 3), -2, True),
        # Due Thu 04-03; Fri 04-04 is a holiday: overdue, yet no working day past the due date.
        (BEFORE_QINGMING, D(2025, 4, 3), 0, False),
        (BEFORE_QINGMING, D(2025, 4, 4), 0, True),
        (BEFORE_QINGMING, D(2025, 4, 6), 0, True),
        (BEFORE_QINGMING, D(2025, 4, 7), -1, True),
        # Third-party pause (03-05, 03-26], due Tue 04-22: the count is frozen inside the pause.
        (THIRD_PARTY, D(2025, 3, 4), 19, False),  # 03-04 used
        (THIRD_PARTY, D(2025, 3, 5), 18, False),  # 03-05 used; the pause starts after it
        (THIRD_PARTY, D(2025, 3, 14), 18, False),
        (THIRD_PARTY, D(2025, 3, 26), 18, False),
        (THIRD_PARTY, D(2025, 3, 27), 17, False),
        # Used by 04-10: 03-04, 05, 27, 28, 31, 04-01..03, 04-07..10 (12): 8 left. Past the
        # unpaused due date (03-31) and not overdue.
        (THIRD_PARTY, D(2025, 4, 10), 8, False),
        (THIRD_PARTY, D(2025, 4, 22), 0, False),
        (THIRD_PARTY, D(2025, 4, 23), -1, True),
        # 补正: corrected Mon 03-10, due Tue 04-08. Before the restart the whole period is left.
        (
            CaseClock(received_on=MARCH, corrected_received_on=D(2025, 3, 10)),
            D(2025, 3, 7),
            20,
            False,
        ),
        (
            CaseClock(received_on=MARCH, corrected_received_on=D(2025, 3, 10)),
            D(2025, 3, 10),
            20,
            False,
        ),
        (
            CaseClock(received_on=MARCH, corrected_received_on=D(2025, 3, 10)),
            D(2025, 3, 11),
            19,
            False,
        ),
        (
            CaseClock(received_on=MARCH, corrected_received_on=D(2025, 3, 10)),
            D(2025, 4, 9),
            -1,
            True,
        ),
        # Extended by 5 (due Tue 04-08): 03-31 would have been the last day without it.
        (CaseClock(received_on=MARCH, extension_working_days=5), D(2025, 4, 1), 4, False),
        # Art. 35 date Wed 04-30, pauses ignored: (04-21, 04-30] holds 04-22..25, Sun 04-27
        # makeup, 04-28..30 (8). After it: 05-01..05 rest, Tue 05-06 is the first past it.
        (
            CaseClock(received_on=MARCH, pauses=THIRD_PARTY.pauses, custom_due_on=D(2025, 4, 30)),
            D(2025, 4, 21),
            8,
            False,
        ),
        (CaseClock(received_on=MARCH, custom_due_on=D(2025, 4, 30)), D(2025, 5, 5), 0, True),
        (CaseClock(received_on=MARCH, custom_due_on=D(2025, 4, 30)), D(2025, 5, 6), -1, True),
        # An open-ended pause: no count, and the case cannot be overdue while it runs.
        (
            CaseClock(received_on=MARCH, pauses=(Pause(D(2025, 3, 10), None),)),
            D(2025, 6, 1),
            None,
            False,
        ),
        # ... unless it began after the due date: still overdue.
        (
            CaseClock(received_on=MARCH, pauses=(Pause(D(2025, 4, 1), None),)),
            D(2025, 4, 2),
            -2,
            True,
        ),
    ],
)
def test_working_days_left_and_overdue(clock, today, left, overdue):
    assert working_days_left(clock, today, CAL) == left
    assert is_overdue(clock, today, CAL) is overdue


# --- extension_allowed ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clock", "today", "allowed"),
    [
        (CaseClock(received_on=MARCH), D(2025, 3, 10), True),
        (CaseClock(received_on=MARCH), MARCH_DUE, True),  # on the due date itself
        (CaseClock(received_on=MARCH), D(2025, 4, 1), False),  # overdue
        (CaseClock(received_on=MARCH, extension_working_days=5), D(2025, 3, 10), False),  # once
        (CaseClock(received_on=MARCH, extension_working_days=20), D(2025, 3, 10), False),
        # The pause moved the due date to 04-22: still in time on 04-10.
        (THIRD_PARTY, D(2025, 4, 10), True),
        (THIRD_PARTY, D(2025, 4, 23), False),
        # While the clock is stopped indefinitely the case is not overdue.
        (CaseClock(received_on=MARCH, pauses=(Pause(D(2025, 3, 10), None),)), D(2025, 6, 1), True),
        # An Art. 35 date replaces the Art. 33 period: nothing to extend.
        (CaseClock(received_on=MARCH, custom_due_on=D(2025, 6, 30)), D(2025, 3, 10), False),
    ],
)
def test_extension_is_allowed_once_and_only_before_overdue(clock, today, allowed):
    assert extension_allowed(clock, today, CAL) is allowed


# --- cross-check against a day-by-day simulation ----------------------------------------------


def _simulated_due(clock: CaseClock, calendar: WorkCalendar) -> date | None:
    """Walk day by day, counting working days on which no pause stops the clock."""
    start = clock.corrected_received_on or clock.received_on
    allowed = REPLY_WORKING_DAYS + clock.extension_working_days
    used = 0
    day = start
    while True:
        day += timedelta(days=1)
        stopped_by = [p for p in clock.pauses if p.start < day and (p.end is None or day <= p.end)]
        if any(p.end is None for p in stopped_by):
            return None
        if calendar.is_working_day(day) and not stopped_by:
            used += 1
            if used == allowed:
                return day


def _simulated_left(
    clock: CaseClock, due: date | None, today: date, calendar: WorkCalendar
) -> int | None:
    """Working days unused by the end of ``today`` (minus those past ``due`` once overdue)."""
    if due is None:
        return None
    if today > due:
        return -sum(calendar.is_working_day(d) for d in _days(due + timedelta(days=1), today))
    start = clock.corrected_received_on or clock.received_on
    used = 0
    day = start
    while day < today:
        day += timedelta(days=1)
        stopped = any(p.start < day and (p.end is None or day <= p.end) for p in clock.pauses)
        used += calendar.is_working_day(day) and not stopped
    return REPLY_WORKING_DAYS + clock.extension_working_days - used


def _days(first: date, last: date, step: int = 1) -> list[date]:
    return [first + timedelta(days=i) for i in range(0, (last - first).days + 1, step)]


# Receipts around 国庆 2025, the 2025/2026 year end and 春节 2026.
SIMULATED_RECEIPTS = [
    *_days(D(2025, 9, 12), D(2025, 10, 10), 3),
    *_days(D(2025, 12, 13), D(2026, 1, 3), 4),
    *_days(D(2026, 2, 4), D(2026, 2, 24), 3),
]


@pytest.mark.parametrize("received", SIMULATED_RECEIPTS)
def test_due_date_matches_a_day_by_day_simulation(received):
    clocks = [CaseClock(received_on=received)]
    for restart in (None, received + timedelta(days=4)):
        for extension in (0, 7):
            for offset in range(0, 36, 4):
                for length in (0, 1, 6, 15, None):
                    start = received + timedelta(days=offset)
                    end = None if length is None else start + timedelta(days=length)
                    clocks.append(
                        CaseClock(
                            received_on=received,
                            corrected_received_on=restart,
                            pauses=(Pause(start, end),),
                            extension_working_days=extension,
                        )
                    )
            # Two pauses: a short early one and a later one.
            clocks.append(
                CaseClock(
                    received_on=received,
                    corrected_received_on=restart,
                    pauses=(
                        Pause(received + timedelta(days=2), received + timedelta(days=6)),
                        Pause(received + timedelta(days=20), received + timedelta(days=33)),
                    ),
                    extension_working_days=extension,
                )
            )
    for clock in clocks:
        due = _simulated_due(clock, CAL)
        assert reply_due(clock, CAL) == due, clock
        for today in _days(received - timedelta(days=1), received + timedelta(days=80), 6):
            expected = _simulated_left(clock, due, today, CAL)
            assert working_days_left(clock, today, CAL) == expected, (clock, today)
