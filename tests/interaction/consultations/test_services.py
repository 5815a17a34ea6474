"""The services of 意见征集 against the database: every transition, four eyes, windows,
scoping, permissions, moderation with the privacy scan, the 采纳情况 and its obligation."""

from __future__ import annotations

import datetime as dt

import pytest

from interaction.consultations import figures, obligations
from interaction.consultations.models import (
    Comment,
    ConsultationEvent,
    Feedback,
    FeedbackEntry,
    OfflineOpinion,
)
from interaction.consultations.services import comments, drafting, feedback
from interaction.consultations.services.common import ConsultationError
from interaction.consultations.windows import DraftKind
from interaction.consultations.workflow import Action, CommentState, Decision, Status
from tests.interaction.consultations.factories import (
    COMMENTER_NAME,
    COMMENTER_PHONE,
    comment_on,
    draft_consultation,
    drafter_of,
    open_consultation,
    reviewer_of,
    supervisor_of,
)

pytestmark = pytest.mark.django_db
D = dt.date
START = D(2026, 3, 2)  # a Monday of an official year without holidays in March


def events(consultation):
    return list(
        ConsultationEvent.objects.filter(consultation=consultation, comment__isnull=True)
        .order_by("pk")
        .values_list("action", "from_status", "to_status")
    )


def closed(org, **kwargs):
    consultation = open_consultation(org, starts_on=START, **kwargs)
    return drafting.close_consultation(
        actor=None, consultation=consultation, today=consultation.ends_on + dt.timedelta(days=1)
    )


def test_the_whole_path_writes_one_event_per_transition(org_a):
    drafter, reviewer = drafter_of(org_a), reviewer_of(org_a)
    consultation = draft_consultation(org_a, drafter=drafter, starts_on=START)
    drafting.submit_consultation(actor=drafter, consultation=consultation)
    drafting.return_consultation(actor=reviewer, consultation=consultation, note="请补充依据。")
    drafting.submit_consultation(actor=drafter, consultation=consultation)
    drafting.open_consultation(actor=reviewer, consultation=consultation, today=START)
    consultation.refresh_from_db()
    assert consultation.status == Status.OPEN
    assert consultation.approved_by == reviewer
    # 10 working days after Tue 31 Mar 2026 (not counted): 1–3, 7–10 Apr (4 Apr is 清明,
    # 6 Apr its 补休 on the provisional or official calendar), 13, 14 Apr …
    assert consultation.feedback_due_on > consultation.ends_on
    drafting.close_consultation(actor=drafter, consultation=consultation, today=D(2026, 4, 1))
    feedback.start_feedback(actor=drafter, consultation=consultation)
    draft = Feedback.objects.get(consultation=consultation)
    FeedbackEntry.objects.create(feedback=draft, summary="建议保护行道树", count=1,
                                 decision=Decision.ADOPTED)  # fmt: skip
    feedback.submit_feedback(actor=drafter, consultation=consultation)
    feedback.return_feedback(actor=reviewer, consultation=consultation, note="理由不充分。")
    feedback.submit_feedback(actor=drafter, consultation=consultation)
    feedback.publish_feedback(actor=reviewer, consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.status == Status.PUBLISHED
    assert [e[0] for e in events(consultation)] == [
        Action.CREATE, Action.SUBMIT, Action.RETURN, Action.SUBMIT, Action.OPEN, Action.CLOSE,
        Action.SUBMIT_FEEDBACK, Action.RETURN_FEEDBACK, Action.SUBMIT_FEEDBACK,
        Action.PUBLISH_FEEDBACK,
    ]  # fmt: skip
    assert events(consultation)[4] == (Action.OPEN, Status.REVIEWING, Status.OPEN)


def test_the_drafter_cannot_open_their_own_consultation(org_a):
    chief = supervisor_of(org_a)  # holds both permissions
    consultation = draft_consultation(org_a, drafter=chief, starts_on=START)
    drafting.submit_consultation(actor=chief, consultation=consultation)
    with pytest.raises(ConsultationError, match="双人审核"):
        drafting.open_consultation(actor=chief, consultation=consultation, today=START)
    consultation.refresh_from_db()
    assert consultation.status == Status.REVIEWING


def test_the_drafter_cannot_publish_their_own_feedback(org_a):
    chief = supervisor_of(org_a)
    consultation = closed(org_a)
    feedback.start_feedback(actor=chief, consultation=consultation)
    FeedbackEntry.objects.create(feedback=consultation.feedback, summary="意见", count=1,
                                 decision=Decision.NOT_ADOPTED, reason="与上位法不符。")  # fmt: skip
    feedback.submit_feedback(actor=chief, consultation=consultation)
    with pytest.raises(ConsultationError, match="双人审核"):
        feedback.publish_feedback(actor=chief, consultation=consultation)


def test_a_short_window_is_refused_with_the_minimum_and_the_earliest_end(org_a):
    drafter = drafter_of(org_a)
    consultation = draft_consultation(org_a, drafter=drafter, starts_on=START, days=20)
    with pytest.raises(ConsultationError) as info:
        drafting.submit_consultation(actor=drafter, consultation=consultation)
    assert "不少于30日" in str(info.value)
    assert "2026年3月31日" in str(info.value)


def test_a_short_window_with_a_recorded_reason_is_accepted_and_rechecked_at_opening(org_a):
    consultation = open_consultation(
        org_a, starts_on=START, days=10, shortened_reason="上位法修改，须在4月1日前出台。"
    )
    assert consultation.status == Status.OPEN


def test_a_normative_document_needs_seven_working_days(org_a):
    drafter = drafter_of(org_a)
    # Mon 2 Mar 2026 to Tue 10 Mar: 7 working days.
    ok = draft_consultation(org_a, drafter=drafter, starts_on=START, days=9,
                            draft_kind=DraftKind.NORMATIVE)  # fmt: skip
    drafting.submit_consultation(actor=drafter, consultation=ok)
    short = draft_consultation(org_a, drafter=drafter, starts_on=START, days=8,
                               draft_kind=DraftKind.NORMATIVE)  # fmt: skip
    with pytest.raises(ConsultationError, match="7个工作日"):
        drafting.submit_consultation(actor=drafter, consultation=short)


def test_opening_with_a_past_start_date_is_refused(org_a):
    drafter = drafter_of(org_a)
    consultation = draft_consultation(org_a, drafter=drafter, starts_on=START)
    drafting.submit_consultation(actor=drafter, consultation=consultation)
    with pytest.raises(ConsultationError, match="开始日期"):
        drafting.open_consultation(
            actor=reviewer_of(org_a), consultation=consultation, today=D(2026, 3, 3)
        )


def test_another_organisations_staff_is_refused(org_a, org_b):
    consultation = draft_consultation(org_a, starts_on=START)
    with pytest.raises(ConsultationError, match="本机构"):
        drafting.submit_consultation(actor=drafter_of(org_b), consultation=consultation)


def test_a_role_without_the_permission_is_refused(org_a):
    drafter = drafter_of(org_a)
    consultation = draft_consultation(org_a, drafter=drafter, starts_on=START)
    drafting.submit_consultation(actor=drafter, consultation=consultation)
    with pytest.raises(ConsultationError, match="权限"):
        drafting.open_consultation(actor=drafter_of(org_a), consultation=consultation, today=START)


def test_invalid_transitions_are_refused(org_a):
    consultation = open_consultation(org_a, starts_on=START)
    with pytest.raises(ConsultationError, match="只有草稿"):
        drafting.submit_consultation(actor=drafter_of(org_a), consultation=consultation)
    with pytest.raises(ConsultationError, match="尚未结束"):
        drafting.close_consultation(actor=None, consultation=consultation, today=START)


def test_close_ended_closes_only_consultations_past_their_end(org_a):
    running = open_consultation(org_a, starts_on=START)
    ended = open_consultation(org_a, starts_on=START, days=30)
    ended.ends_on = D(2026, 3, 31)
    closed_now = drafting.close_ended(today=D(2026, 4, 1))
    assert {c.pk for c in closed_now} == {running.pk, ended.pk}
    assert drafting.close_ended(today=D(2026, 4, 2)) == []


def test_splitting_the_draft_gives_four_articles(org_a):
    consultation = open_consultation(org_a, starts_on=START)
    assert [a.number for a in consultation.articles.all()] == [1, 2, 3, 4]
    assert consultation.articles.get(number=3).text.startswith("任何单位和个人")


def test_a_comment_gets_a_receipt_number_and_waits_for_moderation(org_a):
    consultation = open_consultation(org_a, starts_on=START)
    first = comment_on(consultation, article_number=3)
    second = comment_on(consultation)
    assert first.number != second.number
    assert first.state == CommentState.PENDING
    assert first.article.number == 3


@pytest.mark.parametrize(
    "today", [D(2026, 3, 1), D(2026, 4, 1)], ids=["before the start", "after the end"]
)
def test_no_comment_outside_the_window(org_a, today):
    consultation = open_consultation(org_a, starts_on=START)
    with pytest.raises(ConsultationError, match="不能再提交意见"):
        comment_on(consultation, today=today)
    assert not Comment.objects.exists()


def test_the_last_day_still_accepts_a_comment(org_a):
    consultation = open_consultation(org_a, starts_on=START)
    assert comment_on(consultation, today=consultation.ends_on).pk


def test_a_comment_with_a_phone_number_is_not_published_until_de_identified(org_a):
    consultation = open_consultation(org_a, starts_on=START)
    moderator = drafter_of(org_a)
    comment = comment_on(consultation, content=f"请联系我{COMMENTER_PHONE}，我家门口绿地被占。")
    with pytest.raises(comments.PublicationRefused) as info:
        comments.publish_comment(actor=moderator, comment=comment)
    assert "138****5678" in str(info.value)
    assert COMMENTER_PHONE not in str(info.value)
    comments.publish_comment(actor=moderator, comment=comment,
                             public_content="我家门口绿地被占，建议加强执法。")  # fmt: skip
    comment.refresh_from_db()
    assert comment.state == CommentState.PUBLISHED
    assert comment.public_content == "我家门口绿地被占，建议加强执法。"


def test_the_commenters_own_name_is_not_published_without_consent(org_a):
    consultation = open_consultation(org_a, starts_on=START)
    comment = comment_on(consultation, content=f"我是{COMMENTER_NAME}，建议增加绿地。")
    with pytest.raises(comments.PublicationRefused, match="意见人姓名"):
        comments.publish_comment(actor=drafter_of(org_a), comment=comment)


def test_rejection_needs_a_reason_from_the_list(org_a):
    consultation = open_consultation(org_a, starts_on=START)
    comment = comment_on(consultation)
    with pytest.raises(ConsultationError, match="理由"):
        comments.reject_comment(actor=drafter_of(org_a), comment=comment, reason="不喜欢")
    comments.reject_comment(actor=drafter_of(org_a), comment=comment, reason="unrelated")
    comment.refresh_from_db()
    assert comment.state == CommentState.REJECTED
    assert ConsultationEvent.objects.filter(comment=comment, action=Action.REJECT_COMMENT).exists()


def test_moderation_by_another_organisation_or_a_reviewer_is_refused(org_a, org_b):
    consultation = open_consultation(org_a, starts_on=START)
    comment = comment_on(consultation)
    with pytest.raises(ConsultationError):
        comments.publish_comment(actor=drafter_of(org_b), comment=comment)
    with pytest.raises(ConsultationError, match="权限"):
        comments.publish_comment(actor=reviewer_of(org_a), comment=comment)


def test_feedback_counts_online_and_offline_opinions_and_figures(org_a):
    drafter, reviewer = drafter_of(org_a), reviewer_of(org_a)
    consultation = open_consultation(org_a, starts_on=START, drafter=drafter)
    for n in range(3):
        comment_on(consultation, article_number=3, content=f"意见{n}")
    consultation = drafting.close_consultation(
        actor=None, consultation=consultation, today=D(2026, 4, 1)
    )
    draft = feedback.start_feedback(actor=drafter, consultation=consultation)
    OfflineOpinion.objects.create(feedback=draft, source="symposium", count=5)
    FeedbackEntry.objects.create(feedback=draft, summary="保护行道树", count=4,
                                 decision=Decision.ADOPTED)  # fmt: skip
    FeedbackEntry.objects.create(feedback=draft, summary="放宽占用", count=2,
                                 decision=Decision.PARTLY)  # fmt: skip
    FeedbackEntry.objects.create(feedback=draft, summary="取消审批", count=2,
                                 decision=Decision.NOT_ADOPTED, reason="与上位法不符。")  # fmt: skip
    with pytest.raises(ConsultationError, match="待审核"):
        feedback.publish_feedback(actor=reviewer, consultation=consultation)
    feedback.submit_feedback(actor=drafter, consultation=consultation)
    feedback.publish_feedback(actor=reviewer, consultation=consultation)
    draft.refresh_from_db()
    assert draft.online_count == 3
    assert draft.total_count == 8
    result = figures.year_figures(organisation_ids=[org_a.pk], year=draft.published_at.year)
    assert result == {
        # opened, commented and published today (the events' and comments' own dates)
        "consultations_held": 1,
        "opinions_received": 3 + 5,
        "opinions_adopted": 6,
        "feedbacks_published": 1,
    }
    assert figures.year_figures(organisation_ids=[], year=draft.published_at.year) == dict.fromkeys(
        figures.KEYS, 0
    )


def test_feedback_needs_at_least_one_entry(org_a):
    drafter = drafter_of(org_a)
    consultation = closed(org_a, drafter=drafter)
    feedback.start_feedback(actor=drafter, consultation=consultation)
    with pytest.raises(ConsultationError, match="至少一组"):
        feedback.submit_feedback(actor=drafter, consultation=consultation)


def test_obligation_states(org_a):
    consultation = closed(org_a)
    due = consultation.feedback_due_on
    rows = obligations.feedback_rows(organisation_ids=[org_a.pk], today=due + dt.timedelta(days=1))
    assert [(r.consultation.pk, r.state) for r in rows] == [(consultation.pk, obligations.OVERDUE)]
    assert obligations.feedback_rows(organisation_ids=[org_a.pk], today=due)[0].state == (
        obligations.DUE_SOON
    )
    early = consultation.ends_on + dt.timedelta(days=1)
    if due - early > dt.timedelta(days=obligations.SOON_DAYS):
        assert obligations.feedback_rows(organisation_ids=[org_a.pk], today=early)[0].state == (
            obligations.OPEN
        )
    assert obligations.feedback_rows(organisation_ids=[], today=due) == []


@pytest.mark.parametrize(
    ("status", "today", "expected"),
    [
        (Status.DRAFT, D(2026, 5, 1), None),
        (Status.OPEN, D(2026, 3, 31), None),
        (Status.OPEN, D(2026, 4, 1), obligations.OPEN),
        (Status.OPEN, D(2026, 4, 20), obligations.OVERDUE),
        (Status.CLOSED, D(2026, 4, 14), obligations.DUE_SOON),
        (Status.FEEDBACK_REVIEW, D(2026, 4, 15), obligations.DUE_SOON),
        (Status.FEEDBACK_REVIEW, D(2026, 4, 16), obligations.OVERDUE),
        (Status.PUBLISHED, D(2026, 5, 1), obligations.DONE),
    ],
)
def test_feedback_state_rule(status, today, expected):
    assert (
        obligations.feedback_state(
            status=status, ends_on=D(2026, 3, 31), due_on=D(2026, 4, 15), today=today
        )
        == expected
    )


def test_duplicates_and_advertisements_are_not_counted_as_opinions(org_a):
    drafter, reviewer = drafter_of(org_a), reviewer_of(org_a)
    consultation = open_consultation(org_a, starts_on=START, drafter=drafter)
    kept = comment_on(consultation, content="建议一")
    comments.reject_comment(actor=drafter, comment=comment_on(consultation), reason="duplicate")
    comments.reject_comment(actor=drafter, comment=comment_on(consultation), reason="advertising")
    comments.reject_comment(actor=drafter, comment=comment_on(consultation), reason="unrelated")
    consultation = drafting.close_consultation(
        actor=None, consultation=consultation, today=D(2026, 4, 1)
    )
    draft = feedback.start_feedback(actor=drafter, consultation=consultation)
    FeedbackEntry.objects.create(feedback=draft, summary=kept.content, count=1,
                                 decision=Decision.NOT_APPLICABLE)  # fmt: skip
    feedback.submit_feedback(actor=drafter, consultation=consultation)
    feedback.publish_feedback(actor=reviewer, consultation=consultation)
    draft.refresh_from_db()
    assert draft.online_count == 2  # the kept one and the one kept off as unrelated
    year = draft.published_at.year
    assert figures.year_figures(organisation_ids=[org_a.pk], year=year)["opinions_received"] == 2
