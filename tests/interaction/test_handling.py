"""The staff services of a letter (interaction.services.handling) against the real database:
each happy path and each refusal (role, organisation, state, four eyes, privacy, consent)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from catalog import roles
from catalog.models import CalendarDay
from interaction.models import Letter, LetterEvent, Reply
from interaction.services import handling
from interaction.services.common import LetterError
from interaction.services.publication import NO_CONSENT, PublicationRefused
from interaction.workflow import (
    REJECTION_GUIDANCE,
    REJECTION_LABELS,
    Action,
    RejectionReason,
    Status,
)
from kernel.identifiers import id_number_check_char
from tests.factories import OrganisationFactory, make_staff
from tests.interaction.factories import (
    WRITER_EMAIL,
    WRITER_NAME,
    WRITER_PHONE,
    handler_of,
    make_letter,
    supervisor_of,
)

pytestmark = pytest.mark.django_db

ID_NUMBER = "33109919850312004" + id_number_check_char("33109919850312004")
REPLY = "经查，2027年度城乡居民医保集中缴费期为2026年9月1日至12月31日。"


@pytest.fixture
def handler(org_a):
    return handler_of(org_a)


@pytest.fixture
def chief(org_a):
    return supervisor_of(org_a)


@pytest.fixture
def letter(org_a):
    return make_letter(org_a)


def events(letter, action):
    return list(LetterEvent.objects.filter(letter=letter, action=action))


def accepted(letter, handler):
    return handling.accept_letter(actor=handler, letter=letter)


def in_review(letter, handler, **reply):
    accepted(letter, handler)
    handling.submit_reply(
        actor=handler,
        letter=letter,
        text=REPLY,
        public_text=reply.get("public_text", REPLY),
    )
    return Letter.objects.get(pk=letter.pk)


def answered(letter, handler, chief):
    in_review(letter, handler)
    return handling.approve_reply(actor=chief, letter=letter)


# ---- accept and reject


def test_accepting_starts_the_answer_clock_and_tells_the_writer(
    letter, handler, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = handling.accept_letter(actor=handler, letter=letter, note="已登记")
    today = timezone.localdate()
    assert result.status == Status.ACCEPTED
    assert result.accepted_on == today
    assert result.due_on == CalendarDay.objects.work_calendar().add_working_days(today, 5)
    (event,) = events(letter, Action.ACCEPT)
    assert (event.from_status, event.to_status, event.actor) == ("received", "accepted", handler)
    (message,) = mail.outbox
    assert message.to == [WRITER_EMAIL]
    assert letter.number in message.subject


def test_accepting_twice_is_refused_and_writes_nothing(letter, handler):
    accepted(letter, handler)
    with pytest.raises(LetterError, match="只有待受理的来信可以受理"):
        accepted(letter, handler)
    assert len(events(letter, Action.ACCEPT)) == 1


def test_a_role_without_the_letter_permission_is_refused(letter, org_a):
    officer = make_staff(role=roles.INFO_OFFICER, organisations=[org_a])
    with pytest.raises(LetterError, match="您没有办理来信的权限"):
        accepted(letter, officer)
    assert Letter.objects.get(pk=letter.pk).status == Status.RECEIVED


def test_staff_of_another_organisation_are_refused(letter, org_b):
    with pytest.raises(LetterError, match="您只能办理本机构的来信"):
        accepted(letter, handler_of(org_b))


def test_rejection_names_the_reason_and_the_right_channel_for_the_writer(letter, handler):
    handling.reject_letter(
        actor=handler, letter=letter, reason=RejectionReason.PETITION, note="请勿重复来信。"
    )
    letter.refresh_from_db()
    assert letter.status == Status.REJECTED
    assert letter.rejection_reason == "petition"
    (event,) = events(letter, Action.REJECT)
    assert event.public
    assert "属于信访事项" in event.note
    assert REJECTION_GUIDANCE[RejectionReason.PETITION] in event.note
    assert "请勿重复来信。" in event.note


def test_the_rejection_mail_gives_the_reason_and_the_channel_and_nothing_personal(
    letter, handler, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        handling.reject_letter(
            actor=handler, letter=letter, reason=RejectionReason.LITIGATION, note="已告知来信人。"
        )
    (message,) = mail.outbox
    assert message.to == [WRITER_EMAIL]
    assert f"不予受理理由：{REJECTION_LABELS[RejectionReason.LITIGATION]}。" in message.body
    assert REJECTION_GUIDANCE[RejectionReason.LITIGATION] in message.body
    for private in (WRITER_NAME, WRITER_PHONE, WRITER_EMAIL, letter.content, "已告知来信人"):
        assert private not in message.subject
        assert private not in message.body


def test_other_step_mails_name_no_rejection_reason(
    letter, handler, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        handling.accept_letter(actor=handler, letter=letter)
    (message,) = mail.outbox
    assert "不予受理" not in message.body


def test_a_rejection_reason_outside_the_list_is_refused(letter, handler):
    with pytest.raises(LetterError, match="请从列表中选择"):
        handling.reject_letter(actor=handler, letter=letter, reason="我不想办")


# ---- transfer and assign


def test_transfer_moves_the_letter_to_the_receiving_organisation(letter, handler, org_b):
    accepted(letter, handler)
    handling.transfer_letter(actor=handler, letter=letter, to_organisation=org_b, note="属财政事项")
    letter.refresh_from_db()
    assert letter.organisation == org_b
    assert letter.status == Status.PROCESSING
    (event,) = events(letter, Action.TRANSFER)
    assert (event.from_organisation, event.to_organisation) == (
        handler.memberships.get().organisation,
        org_b,
    )
    assert Letter.objects.for_staff(handler_of(org_b)).filter(pk=letter.pk).exists()
    assert not Letter.objects.for_staff(handler).filter(pk=letter.pk).exists()
    with pytest.raises(LetterError, match="您只能办理本机构的来信"):
        handling.assign_letter(actor=handler, letter=letter, office="综合股")


def test_transfer_needs_an_active_other_organisation_and_a_reason(letter, handler, org_a):
    closed_down = OrganisationFactory(is_active=False)
    with pytest.raises(LetterError, match="已启用"):
        handling.transfer_letter(
            actor=handler, letter=letter, to_organisation=closed_down, note="x"
        )
    with pytest.raises(LetterError, match="请选择其他机构"):
        handling.transfer_letter(actor=handler, letter=letter, to_organisation=org_a, note="x")
    with pytest.raises(LetterError, match="转办理由"):
        handling.transfer_letter(
            actor=handler, letter=letter, to_organisation=OrganisationFactory(), note=" "
        )


def test_assign_sets_office_and_handler_of_the_same_organisation(letter, handler, org_a, org_b):
    accepted(letter, handler)
    colleague = handler_of(org_a)
    handling.assign_letter(actor=handler, letter=letter, office="社会救助股", handler=colleague)
    letter.refresh_from_db()
    assert (letter.status, letter.office, letter.handler) == (
        Status.PROCESSING,
        "社会救助股",
        colleague,
    )
    assert not events(letter, Action.ASSIGN)[0].public
    with pytest.raises(LetterError, match="经办人须为本机构的工作人员"):
        handling.assign_letter(actor=handler, letter=letter, handler=handler_of(org_b))
    with pytest.raises(LetterError, match="请填写承办股室或选择经办人"):
        handling.assign_letter(actor=handler, letter=letter)


# ---- replies and four eyes


def test_a_reply_goes_to_review_and_a_second_person_approves_it(
    letter, handler, chief, org_a, django_capture_on_commit_callbacks
):
    in_review(letter, handler)
    assert Letter.objects.get(pk=letter.pk).status == Status.REVIEWING
    with django_capture_on_commit_callbacks(execute=True):
        handling.approve_reply(actor=chief, letter=letter)
    letter.refresh_from_db()
    assert letter.status == Status.ANSWERED
    assert letter.answered_on == timezone.localdate()
    assert letter.answered_by_organisation == org_a
    reply = letter.replies.get()
    assert (reply.state, reply.drafted_by, reply.reviewed_by) == ("approved", handler, chief)
    assert any("审核通过并答复" in m.subject for m in mail.outbox)


def test_the_drafter_cannot_approve_their_own_reply(letter, chief):
    in_review(letter, chief)  # the 主管 drafted it
    with pytest.raises(LetterError, match="答复须由拟稿人以外的人员审核。"):
        handling.approve_reply(actor=chief, letter=letter)
    assert Letter.objects.get(pk=letter.pk).status == Status.REVIEWING


def test_a_handler_without_review_permission_cannot_approve(letter, handler, org_a):
    in_review(letter, handler)
    with pytest.raises(LetterError, match="有审核权限的人员"):
        handling.approve_reply(actor=handler_of(org_a), letter=letter)


def test_a_returned_reply_can_be_corrected_and_submitted_again(letter, handler, chief):
    in_review(letter, handler)
    handling.return_reply(actor=chief, letter=letter, note="请补充政策依据。")
    letter.refresh_from_db()
    reply = letter.replies.get()
    assert letter.status == Status.PROCESSING
    assert (reply.state, reply.review_note) == (Reply.State.RETURNED, "请补充政策依据。")
    handling.submit_reply(
        actor=handler, letter=letter, text=REPLY + "依据：医保局2026年第5号通知。"
    )
    assert Letter.objects.get(pk=letter.pk).status == Status.REVIEWING
    assert letter.replies.count() == 1


def test_a_submitted_reply_cannot_be_changed(letter, handler):
    in_review(letter, handler)
    with pytest.raises(LetterError):
        handling.save_reply(actor=handler, letter=letter, text="改一下")


# ---- publication


def test_publication_needs_the_writers_consent(org_a, handler, chief):
    letter = answered(make_letter(org_a, consent=False), handler, chief)
    with pytest.raises(LetterError, match=NO_CONSENT):
        handling.publish_letter(
            actor=chief, letter=letter, public_subject="缴费时间", public_content="咨询缴费时间。"
        )
    assert not Letter.objects.get(pk=letter.pk).is_public


def test_publication_is_refused_while_the_privacy_scan_flags_a_number(letter, handler, chief):
    answered(letter, handler, chief)
    with pytest.raises(PublicationRefused) as refused:
        handling.publish_letter(
            actor=chief,
            letter=letter,
            public_subject="缴费时间咨询",
            public_content=f"本人身份证号{ID_NUMBER}，请问何时缴费？",
        )
    (finding,) = refused.value.findings
    assert "公开来信内容" in finding
    assert "居民身份证号码" in finding
    assert ID_NUMBER not in str(refused.value)
    assert not Letter.objects.get(pk=letter.pk).is_public


def test_the_writers_name_in_a_public_text_blocks_publication(letter, handler, chief):
    answered(letter, handler, chief)
    with pytest.raises(PublicationRefused, match="来信人姓名"):
        handling.publish_letter(
            actor=chief,
            letter=letter,
            public_subject="缴费时间咨询",
            public_content=f"{WRITER_NAME}咨询医保缴费时间。",
        )


def test_a_clean_public_version_is_published(letter, handler, chief):
    answered(letter, handler, chief)
    handling.publish_letter(
        actor=chief,
        letter=letter,
        public_subject="缴费时间咨询",
        public_content="咨询医保缴费时间。",
    )
    letter.refresh_from_db()
    assert letter.is_public
    assert letter.published_at is not None
    assert Letter.objects.published().filter(pk=letter.pk).exists()
    handling.unpublish_letter(actor=chief, letter=letter, reason="来信人要求撤回公开。")
    assert not Letter.objects.get(pk=letter.pk).is_public


def test_approval_with_publication_refused_leaves_the_reply_in_review(letter, handler, chief):
    in_review(letter, handler, public_text=f"答复：{WRITER_NAME}您好，缴费期为9月至12月。")
    with pytest.raises(PublicationRefused):
        handling.approve_reply(
            actor=chief,
            letter=letter,
            publish=True,
            public_subject="缴费时间咨询",
            public_content="咨询医保缴费时间。",
        )
    letter.refresh_from_db()
    assert letter.status == Status.REVIEWING
    assert not letter.is_public
    handling.approve_reply(
        actor=chief,
        letter=letter,
        publish=True,
        public_subject="缴费时间咨询",
        public_content="咨询医保缴费时间。",
        public_text="缴费期为9月至12月。",
    )
    letter.refresh_from_db()
    assert letter.status == Status.ANSWERED
    assert letter.is_public


# ---- extension, merge, closing


def test_extension_once_with_an_approver_moves_the_due_date(letter, handler, chief):
    accepted(letter, handler)
    before = Letter.objects.get(pk=letter.pk).due_on
    handling.extend_letter(
        actor=handler, letter=letter, days=5, reason="需实地核查", approver=chief
    )
    letter.refresh_from_db()
    assert letter.due_on == CalendarDay.objects.work_calendar().add_working_days(before, 5)
    assert (letter.extension_days, letter.extension_approved_by) == (5, chief)
    with pytest.raises(LetterError, match="只能延期一次"):
        handling.extend_letter(actor=handler, letter=letter, days=2, reason="再延", approver=chief)


def test_extension_refusals(letter, handler, chief, org_a):
    with pytest.raises(LetterError, match="只有正在办理的来信可以延期"):
        handling.extend_letter(actor=handler, letter=letter, days=5, reason="x", approver=chief)
    accepted(letter, handler)
    with pytest.raises(LetterError, match="1至15个工作日"):
        handling.extend_letter(actor=handler, letter=letter, days=16, reason="x", approver=chief)
    with pytest.raises(LetterError, match="负责人批准"):
        handling.extend_letter(
            actor=handler, letter=letter, days=5, reason="x", approver=handler_of(org_a)
        )


def test_a_duplicate_is_merged_into_another_letter_of_the_organisation(
    letter, handler, org_a, org_b
):
    first = make_letter(org_a)
    handling.merge_letter(actor=handler, letter=letter, into=first, reason="同一人重复来信")
    letter.refresh_from_db()
    assert (letter.status, letter.merged_into) == (Status.CLOSED, first)
    assert first.number in events(letter, Action.MERGE)[0].note
    other = make_letter(org_a)
    with pytest.raises(LetterError, match="只能合并到本机构"):
        handling.merge_letter(actor=handler, letter=other, into=make_letter(org_b), reason="x")
    with pytest.raises(LetterError, match="来信本身"):
        handling.merge_letter(actor=handler, letter=other, into=other, reason="x")


def test_an_abusive_letter_is_closed_with_its_reason(letter, handler):
    handling.close_abusive(actor=handler, letter=letter, reason="内容为广告信息")
    letter.refresh_from_db()
    assert letter.status == Status.CLOSED
    assert letter.closed_on == timezone.localdate()
    assert events(letter, Action.CLOSE_ABUSIVE)[0].note == "内容为广告信息"


def test_only_an_answered_letter_is_closed(letter, handler, chief):
    with pytest.raises(LetterError, match="只有已答复的来信可以办结"):
        handling.close_letter(actor=handler, letter=letter)
    answered(letter, handler, chief)
    handling.close_letter(actor=handler, letter=letter)
    assert Letter.objects.get(pk=letter.pk).status == Status.CLOSED
