"""点题公开 services against the real database: intake, every transition, four eyes, scoping,
permissions, the answer's rules by kind, moderation with the privacy scan, promises, mail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from interaction.topics import intake, services
from interaction.topics.models import Suggestion, SuggestionEvent
from interaction.topics.services import PublicationRefused, SuggestionError
from interaction.topics.workflow import Action, AnswerKind, RefusalReason, Status
from tests.interaction.topics.factories import (
    EMAIL,
    NAME,
    PHONE,
    answered,
    call_of,
    handler_of,
    item_of,
    make_suggestion,
    reviewer_of,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def handler(org_a):
    return handler_of(org_a)


@pytest.fixture
def reviewer(org_a):
    return reviewer_of(org_a)


@pytest.fixture
def item(org_a):
    return item_of(org_a)


def actions_of(suggestion) -> list[str]:
    return list(
        SuggestionEvent.objects.filter(suggestion=suggestion).values_list("action", flat=True)
    )


# ---- intake


def test_a_suggestion_gets_a_number_a_due_date_and_a_submit_event(org_a):
    call_of(org_a, answer_days=10)
    suggestion = make_suggestion(org_a, today=D(2026, 5, 11))
    assert suggestion.number == "DT202605110001"
    assert suggestion.status == Status.RECEIVED
    assert suggestion.answer_days == 10
    assert suggestion.due_on == D(2026, 5, 25)
    assert actions_of(suggestion) == [Action.SUBMIT]
    assert make_suggestion(org_a, today=D(2026, 5, 11)).number == "DT202605110002"


def test_a_closed_call_accepts_nothing(org_a):
    call_of(org_a, is_open=False)
    with pytest.raises(ValidationError) as caught:
        make_suggestion(org_a)
    assert "未开展点题公开" in caught.value.messages[0]
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"subject": " "}, "subject", "请填写建议公开的信息。"),
        ({"description": ""}, "description", "请填写具体内容"),
        ({"name": ""}, "name", "请填写姓名。"),
        ({"phone": "", "email": ""}, "phone", "至少填写联系电话或电子邮箱"),
        ({"phone": "12345"}, "phone", "有效的联系电话"),
        ({"email": "not-an-address"}, "email", "有效的电子邮箱"),
        ({"subject": "长" * 101}, "subject", "不能超过100个字"),
    ],
)
def test_intake_refuses_bad_input_by_field(org_a, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        make_suggestion(org_a, **overrides)
    assert any(message in m for m in caught.value.message_dict[field])


# ---- the answer, four eyes


def test_answered_already_published_with_a_link_by_two_people(org_a, handler, reviewer, item):
    suggestion = make_suggestion(org_a)
    services.submit_answer(
        actor=handler,
        suggestion=suggestion,
        answer_kind=AnswerKind.PUBLISHED,
        disclosure=item,
        public_subject="学位分配情况",
        public_description="希望公开城区学校的招生计划。",
    )
    suggestion.refresh_from_db()
    assert suggestion.status == Status.REVIEWING
    assert suggestion.drafted_by == handler
    services.approve_answer(actor=reviewer, suggestion=suggestion, today=D(2026, 6, 1))
    suggestion.refresh_from_db()
    assert suggestion.status == Status.ANSWERED
    assert suggestion.approved_by == reviewer
    assert suggestion.answered_on == D(2026, 6, 1)
    assert suggestion.is_public
    assert Suggestion.objects.published().get() == suggestion
    assert actions_of(suggestion) == [
        Action.SUBMIT,
        Action.SUBMIT_ANSWER,
        Action.APPROVE,
        Action.PUBLISH,
    ]


def test_the_drafter_cannot_approve_her_own_answer(org_a, item):
    chief = reviewer_of(org_a)
    from catalog import roles
    from tests.factories import make_staff

    both = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    suggestion = make_suggestion(org_a)
    services.submit_answer(
        actor=both, suggestion=suggestion, answer_kind=AnswerKind.PUBLISHED, disclosure=item
    )
    with pytest.raises(SuggestionError, match="拟稿人以外"):
        services.approve_answer(actor=both, suggestion=suggestion)
    assert Suggestion.objects.get(pk=suggestion.pk).status == Status.REVIEWING
    services.approve_answer(actor=chief, suggestion=suggestion)
    assert Suggestion.objects.get(pk=suggestion.pk).status == Status.ANSWERED


def test_a_handler_cannot_approve_and_a_reviewer_cannot_draft(org_a, handler, reviewer, item):
    suggestion = make_suggestion(org_a)
    with pytest.raises(SuggestionError, match="没有办理或审核点题建议的权限"):
        services.submit_answer(actor=reviewer, suggestion=suggestion, answer_kind=AnswerKind.APPLY)
    services.submit_answer(actor=handler, suggestion=suggestion, answer_kind=AnswerKind.APPLY)
    other = handler_of(org_a)
    with pytest.raises(SuggestionError, match="权限"):
        services.approve_answer(actor=other, suggestion=suggestion)


def test_staff_of_another_organisation_are_refused(org_a, org_b):
    suggestion = make_suggestion(org_a)
    stranger = handler_of(org_b)
    with pytest.raises(SuggestionError, match="只能办理本机构"):
        services.submit_answer(actor=stranger, suggestion=suggestion, answer_kind=AnswerKind.APPLY)
    assert Suggestion.objects.get(pk=suggestion.pk).status == Status.RECEIVED


def test_a_returned_answer_goes_back_with_the_reason(org_a, handler, reviewer):
    suggestion = make_suggestion(org_a)
    services.submit_answer(actor=handler, suggestion=suggestion, answer_kind=AnswerKind.APPLY)
    with pytest.raises(SuggestionError, match="退回理由"):
        services.return_answer(actor=reviewer, suggestion=suggestion, note=" ")
    services.return_answer(actor=reviewer, suggestion=suggestion, note="请改为将予公开。")
    suggestion.refresh_from_db()
    assert suggestion.status == Status.RECEIVED
    event = SuggestionEvent.objects.get(suggestion=suggestion, action=Action.RETURN_ANSWER)
    assert (event.from_status, event.to_status, event.note) == (
        Status.REVIEWING,
        Status.RECEIVED,
        "请改为将予公开。",
    )


def test_close_invalid_needs_a_reason_and_only_while_waiting(org_a, handler):
    suggestion = make_suggestion(org_a)
    with pytest.raises(SuggestionError, match="理由"):
        services.close_invalid(actor=handler, suggestion=suggestion, note="")
    services.close_invalid(actor=handler, suggestion=suggestion, note="广告内容")
    assert Suggestion.objects.get(pk=suggestion.pk).status == Status.CLOSED
    with pytest.raises(SuggestionError, match="只有待答复"):
        services.close_invalid(actor=handler, suggestion=suggestion, note="again")


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        (AnswerKind.WILL_PUBLISH, {}, "计划公开日期"),
        (AnswerKind.WILL_PUBLISH, {"planned_on": D(2000, 1, 1)}, "不能早于今天"),
        (AnswerKind.PUBLISHED, {}, "请选择已公开的政府信息"),
        (AnswerKind.NOT_PUBLISHED, {"answer_text": "说明"}, "理由及依据"),
        (
            AnswerKind.NOT_PUBLISHED,
            {"refusal_reason": RefusalReason.INTERNAL},
            "具体说明",
        ),
        ("nonsense", {}, "请选择答复类型"),
    ],
)
def test_each_answer_kind_needs_its_fields(org_a, handler, kind, fields, message):
    suggestion = make_suggestion(org_a)
    with pytest.raises(SuggestionError, match=message):
        services.submit_answer(actor=handler, suggestion=suggestion, answer_kind=kind, **fields)
    assert Suggestion.objects.get(pk=suggestion.pk).status == Status.RECEIVED


def test_only_items_the_staff_may_link_are_accepted(org_a, org_b, handler):
    foreign = item_of(org_b, title="他机构信息")
    draft = item_of(org_a, title="草稿", status="draft")
    suggestion = make_suggestion(org_a)
    for item in (foreign, draft):
        with pytest.raises(SuggestionError, match="只能关联本机构已发布"):
            services.submit_answer(
                actor=handler,
                suggestion=suggestion,
                answer_kind=AnswerKind.PUBLISHED,
                disclosure=item,
            )


def test_a_refusal_carries_its_reason(org_a, handler, reviewer):
    suggestion = answered(
        make_suggestion(org_a),
        handler=handler,
        reviewer=reviewer,
        kind=AnswerKind.NOT_PUBLISHED,
        refusal_reason=RefusalReason.THIRD_PARTY,
        answer_text="涉及学生个人信息。",
    )
    assert suggestion.refusal_reason == RefusalReason.THIRD_PARTY
    assert suggestion.answer_label == "不予公开"


# ---- promises


def test_a_kept_promise_links_the_item_later(org_a, handler, reviewer):
    today = D(2026, 6, 1)
    suggestion = answered(
        make_suggestion(org_a),
        handler=handler,
        reviewer=reviewer,
        kind=AnswerKind.WILL_PUBLISH,
        planned_on=D(2026, 6, 30),
        today=today,
    )
    assert not Suggestion.objects.promises_overdue(D(2026, 6, 30)).exists()
    assert Suggestion.objects.promises_overdue(D(2026, 7, 1)).get() == suggestion
    item = item_of(org_a)
    with pytest.raises(SuggestionError, match="权限"):
        services.link_item(actor=handler, suggestion=suggestion, disclosure=item)
    services.link_item(actor=reviewer, suggestion=suggestion, disclosure=item, today=D(2026, 7, 2))
    suggestion.refresh_from_db()
    assert suggestion.disclosure == item
    assert suggestion.linked_on == D(2026, 7, 2)
    assert not Suggestion.objects.promises_overdue(D(2026, 7, 3)).exists()
    with pytest.raises(SuggestionError, match="已关联"):
        services.link_item(actor=reviewer, suggestion=suggestion, disclosure=item)


def test_only_a_promise_can_be_linked_later(org_a, handler, reviewer):
    suggestion = answered(
        make_suggestion(org_a), handler=handler, reviewer=reviewer, kind=AnswerKind.APPLY
    )
    with pytest.raises(SuggestionError, match="将予公开"):
        services.link_item(actor=reviewer, suggestion=suggestion, disclosure=item_of(org_a))


# ---- moderation and privacy


def test_personal_data_in_the_public_text_stops_publication_with_masked_findings(
    org_a, handler, reviewer
):
    suggestion = make_suggestion(org_a)
    services.submit_answer(
        actor=handler,
        suggestion=suggestion,
        answer_kind=AnswerKind.APPLY,
        public_subject="学位分配",
        public_description=f"我是{NAME}，电话{PHONE}，身份证110101199003074514。",
    )
    with pytest.raises(PublicationRefused) as caught:
        services.approve_answer(actor=reviewer, suggestion=suggestion)
    text = str(caught.value)
    assert PHONE not in text
    assert "110101199003074514" not in text
    assert any("姓名" in f for f in caught.value.findings)
    assert any("身份证" in f or "证件" in f for f in caught.value.findings)
    fresh = Suggestion.objects.get(pk=suggestion.pk)
    assert fresh.status == Status.REVIEWING  # the whole approval rolled back
    assert not fresh.is_public

    services.approve_answer(actor=reviewer, suggestion=suggestion, mask=True)
    fresh = Suggestion.objects.get(pk=suggestion.pk)
    assert fresh.is_public
    assert NAME not in fresh.public_description
    assert PHONE not in fresh.public_description
    assert "110101199003074514" not in fresh.public_description


def test_without_consent_the_answer_is_given_but_nothing_is_published(
    org_a, handler, reviewer, item
):
    suggestion = answered(
        make_suggestion(org_a, consent=False),
        handler=handler,
        reviewer=reviewer,
        disclosure=item,
    )
    assert suggestion.status == Status.ANSWERED
    assert not suggestion.is_public
    with pytest.raises(SuggestionError, match="未同意公开"):
        services.publish(actor=handler, suggestion=suggestion)


def test_publish_later_and_unpublish(org_a, handler, reviewer, item):
    suggestion = answered(
        make_suggestion(org_a), handler=handler, reviewer=reviewer, disclosure=item, publish=False
    )
    assert not suggestion.is_public
    services.publish(actor=handler, suggestion=suggestion, public_subject="学位分配情况")
    assert Suggestion.objects.published().filter(pk=suggestion.pk).exists()
    with pytest.raises(SuggestionError, match="理由"):
        services.unpublish(actor=handler, suggestion=suggestion, note="")
    services.unpublish(actor=handler, suggestion=suggestion, note="建议人撤回同意")
    assert not Suggestion.objects.published().exists()


# ---- mail


def test_the_answer_mail_carries_the_number_and_where_to_read_only(
    org_a, handler, reviewer, item, django_capture_on_commit_callbacks
):
    suggestion = make_suggestion(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        answered(suggestion, handler=handler, reviewer=reviewer, disclosure=item)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert suggestion.number in message.subject
    assert f"/hdjl/dtgk/gk/{suggestion.pk}/" in message.body
    for private in (NAME, PHONE, item.title):
        assert private not in message.body


def test_an_unpublished_answer_is_read_behind_the_signed_link(
    org_a, handler, reviewer, item, django_capture_on_commit_callbacks, client
):
    suggestion = make_suggestion(org_a, consent=False)
    with django_capture_on_commit_callbacks(execute=True):
        answered(suggestion, handler=handler, reviewer=reviewer, disclosure=item)
    body = mail.outbox[0].body
    path = body[body.index("/hdjl/dtgk/df/") :].split()[0]
    page = client.get(path).content.decode()
    assert suggestion.number in page
    assert item.title in page
    assert NAME not in page
    assert PHONE not in page
    assert client.get(path[:-3] + "xx/").status_code == 404


def test_no_mail_without_an_address(
    org_a, handler, reviewer, item, django_capture_on_commit_callbacks
):
    suggestion = make_suggestion(org_a, email="")
    with django_capture_on_commit_callbacks(execute=True):
        answered(suggestion, handler=handler, reviewer=reviewer, disclosure=item)
    assert mail.outbox == []


def test_the_intake_never_logs_personal_data(org_a, caplog):
    with caplog.at_level("DEBUG"):
        intake.submit_suggestion(
            organisation=call_of(org_a).organisation,
            subject="学位",
            description="内容",
            name=NAME,
            phone=PHONE,
        )
    assert NAME not in caplog.text
    assert PHONE not in caplog.text
