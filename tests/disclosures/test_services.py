"""disclosures.services against the real database: every write path and the rules it enforces."""

import dataclasses
import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from catalog import roles
from catalog.models import CalendarDay, Membership
from catalog.workdays import WorkCalendar
from disclosures import services
from disclosures.models import Attachment, Disclosure, DisclosureEvent, Genre, Validity
from disclosures.revisions import services as revisions
from disclosures.workflow import Status
from kernel.privacy import FindingKind
from tests.disclosures import samples
from tests.disclosures.factories import (
    DraftFactory,
    author_of,
    column,
    make_published,
    make_submitted,
    plant_text_after_submission,
    reviewer_of,
    upload,
    valid_id_number,
    wrong_check_id_number,
)
from tests.factories import OrganisationFactory, UserFactory, make_staff

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ID_NUMBER = valid_id_number()
MOBILE = "13812345678"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def author(org_a):
    return author_of(org_a)


@pytest.fixture
def reviewer(org_a):
    return reviewer_of(org_a)


def actions_of(disclosure):
    return list(disclosure.events.order_by("created_at", "id").values_list("action", flat=True))


def luhn_complete(partial: str) -> str:
    """``partial`` plus the digit that makes it pass the Luhn check (a plausible card number)."""
    for digit in "0123456789":
        number = partial + digit
        total = 0
        for index, char in enumerate(reversed(number)):
            value = int(char) * (2 if index % 2 else 1)
            total += value // 10 + value % 10
        if total % 10 == 0:
            return number
    raise AssertionError("unreachable")


def assert_never_contains(findings, raw: str):
    for finding in findings:
        for value in dataclasses.asdict(finding).values():
            assert raw not in str(value)
        assert raw not in repr(finding)


# --------------------------------------------------------------------------- create_draft


def test_create_draft_requires_a_category(org_a, author):
    with pytest.raises(services.DisclosureError, match="栏目"):
        services.create_draft(
            actor=author,
            organisation=org_a,
            title="关于开展安全生产检查的通知",
            written_on=timezone.localdate(),
            categories=[],
        )
    assert not Disclosure.objects.exists()


def test_create_draft_strips_scripts_and_event_handlers_but_keeps_paragraphs_and_tables(
    org_a, author
):
    body = (
        '<p onclick="steal()">现将有关事项通知如下。</p>'
        "<script>alert(1)</script>"
        "<table><tr><th>姓名</th><td>补助金额</td></tr></table>"
    )
    draft = services.create_draft(
        actor=author,
        organisation=org_a,
        title="关于发放临时救助金的通知",
        written_on=timezone.localdate(),
        categories=[column()],
        body=body,
    )
    stored = Disclosure.objects.get(pk=draft.pk).body
    assert "<script" not in stored
    assert "alert(1)" not in stored
    assert "onclick" not in stored
    assert "steal" not in stored
    assert "<p>现将有关事项通知如下。</p>" in stored
    assert "<table>" in stored
    assert "<th>姓名</th>" in stored
    assert "<td>补助金额</td>" in stored


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("民发[2021]57号", "民发〔2021〕57号"),
        ("民发（2021）57号", "民发〔2021〕57号"),
        ("民发 【2021】 57号", "民发〔2021〕57号"),
        ("民发〔2021〕57号", "民发〔2021〕57号"),
    ],
)
def test_create_draft_normalises_document_number_brackets(org_a, author, typed, normalised):
    draft = DraftFactory(organisation=org_a, actor=author, document_number=typed)
    assert Disclosure.objects.get(pk=draft.pk).document_number == normalised


def test_create_draft_records_author_status_and_a_create_event(org_a, author):
    draft = DraftFactory(organisation=org_a, actor=author, categories=[column(), column("tzgg")])
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.created_by == author
    assert draft.index_number is None
    assert draft.published_at is None
    assert set(draft.categories.values_list("slug", flat=True)) == {"gzdt", "tzgg"}
    event = draft.events.get()
    assert event.action == DisclosureEvent.Action.CREATE
    assert event.actor == author
    assert event.to_status == Status.DRAFT


# --------------------------------------------------------------------------- who may act


def test_staff_of_another_organisation_cannot_create_a_draft_there(org_a, org_b):
    outsider = author_of(org_b)
    with pytest.raises(services.NotAllowed):
        DraftFactory(organisation=org_a, actor=outsider)
    assert not Disclosure.objects.exists()


def test_staff_of_another_organisation_cannot_submit(org_a, org_b):
    draft = DraftFactory(organisation=org_a)
    with pytest.raises(services.NotAllowed):
        services.submit_disclosure(actor=author_of(org_b), disclosure=draft)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_staff_of_another_organisation_cannot_publish(org_a, org_b):
    item = make_submitted(organisation=org_a)
    with pytest.raises(services.NotAllowed):
        services.publish_disclosure(actor=reviewer_of(org_b), disclosure=item)
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    assert item.index_number is None


@pytest.mark.parametrize("role", [roles.REVIEWER, roles.CASEWORKER])
def test_a_role_without_the_add_permission_cannot_create_a_draft(org_a, role):
    user = make_staff(role=role, organisations=[org_a])
    with pytest.raises(services.NotAllowed):
        DraftFactory(organisation=org_a, actor=user)
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("role", [roles.REVIEWER, roles.CASEWORKER])
def test_a_role_without_the_submit_permission_cannot_submit(org_a, role):
    draft = DraftFactory(organisation=org_a)
    with pytest.raises(services.NotAllowed):
        services.submit_disclosure(
            actor=make_staff(role=role, organisations=[org_a]), disclosure=draft
        )
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize("role", [roles.INFO_OFFICER, roles.CASEWORKER])
def test_a_role_without_the_publish_permission_cannot_publish(org_a, role):
    item = make_submitted(organisation=org_a)
    with pytest.raises(services.NotAllowed):
        services.publish_disclosure(
            actor=make_staff(role=role, organisations=[org_a]), disclosure=item
        )
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_a_staff_user_without_any_role_cannot_create_a_draft(org_a):
    user = UserFactory()
    Membership.objects.create(user=user, organisation=org_a)
    with pytest.raises(services.NotAllowed):
        DraftFactory(organisation=org_a, actor=user)


def test_an_invalid_transition_is_refused_with_a_chinese_message(org_a, author):
    item = make_submitted(organisation=org_a, author=author)
    with pytest.raises(services.DisclosureError, match="待审核"):
        services.submit_disclosure(actor=author, disclosure=item)
    assert actions_of(item) == ["create", "submit"]


# --------------------------------------------------------------------------- privacy on submit


def test_submit_is_refused_for_a_real_id_number_in_the_body(org_a, author):
    draft = DraftFactory(
        organisation=org_a, actor=author, body=f"<p>申请人张三，身份证号码{ID_NUMBER}。</p>"
    )
    with pytest.raises(services.PrivacyBlocked) as excinfo:
        services.submit_disclosure(actor=author, disclosure=draft)
    findings = excinfo.value.findings
    assert [(f.kind, f.location) for f in findings] == [(FindingKind.ID_NUMBER, "正文")]
    assert findings[0].masked == ID_NUMBER[:2] + "*" * 13 + ID_NUMBER[-3:]
    assert_never_contains(findings, ID_NUMBER)
    assert ID_NUMBER not in str(excinfo.value)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert actions_of(draft) == ["create"]


def test_submit_is_not_refused_for_the_same_digits_with_a_wrong_check_digit(org_a, author):
    not_an_id = wrong_check_id_number()
    draft = DraftFactory(organisation=org_a, actor=author, body=f"<p>项目编号{not_an_id}。</p>")
    services.submit_disclosure(actor=author, disclosure=draft)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_submit_is_refused_for_a_mobile_number_in_the_title(org_a, author):
    draft = DraftFactory(organisation=org_a, actor=author, title=f"联系人张先生（{MOBILE}）")
    with pytest.raises(services.PrivacyBlocked) as excinfo:
        services.submit_disclosure(actor=author, disclosure=draft)
    findings = excinfo.value.findings
    assert [(f.kind, f.location) for f in findings] == [(FindingKind.MOBILE, "标题")]
    assert findings[0].masked == "138****5678"
    assert_never_contains(findings, MOBILE)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        (
            "城乡低保对象名单.pdf",
            samples.make_pdf(f"申请人：张三\n身份证号码：{ID_NUMBER}"),
        ),
        (
            "临时救助申请表.docx",
            samples.make_docx(["临时救助申请表", f"身份证号码：{ID_NUMBER}"]),
        ),
    ],
    ids=["pdf", "docx"],
)
def test_submit_is_refused_for_a_real_id_number_in_an_attachment(org_a, author, filename, content):
    draft = DraftFactory(organisation=org_a, actor=author)
    services.add_attachment(actor=author, disclosure=draft, upload=upload(filename, content))
    with pytest.raises(services.PrivacyBlocked) as excinfo:
        services.submit_disclosure(actor=author, disclosure=draft)
    findings = excinfo.value.findings
    assert [f.location for f in findings] == [f"附件《{filename}》"]
    assert findings[0].kind == FindingKind.ID_NUMBER
    assert_never_contains(findings, ID_NUMBER)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


# --------------------------------------------------------------------------- four eyes


def test_the_author_cannot_publish_their_own_draft_even_when_someone_else_submitted(org_a):
    author = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    submitter = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    draft = DraftFactory(organisation=org_a, actor=author)
    services.submit_disclosure(actor=submitter, disclosure=draft)
    with pytest.raises(services.NotAllowed, match="双人审核"):
        services.publish_disclosure(actor=author, disclosure=draft)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_the_submitter_cannot_publish_what_they_submitted(org_a):
    submitter = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    draft = DraftFactory(organisation=org_a)  # drafted by a 信息员
    services.submit_disclosure(actor=submitter, disclosure=draft)
    with pytest.raises(services.NotAllowed, match="双人审核"):
        services.publish_disclosure(actor=submitter, disclosure=draft)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_a_different_reviewer_publishes(org_a, author, reviewer):
    item = make_submitted(organisation=org_a, author=author)
    result = services.publish_disclosure(actor=reviewer, disclosure=item)
    item.refresh_from_db()
    assert result.disclosure.pk == item.pk
    assert item.status == Status.PUBLISHED
    assert item.reviewed_by == reviewer
    assert item.published_at is not None
    event = item.events.get(action=DisclosureEvent.Action.PUBLISH)
    assert (event.actor, event.from_status, event.to_status) == (
        reviewer,
        Status.SUBMITTED,
        Status.PUBLISHED,
    )
    assert actions_of(item) == ["create", "submit", "publish"]


def test_a_superuser_cannot_publish_a_draft_they_wrote(org_a, superuser):
    draft = DraftFactory(organisation=org_a, actor=superuser)
    services.submit_disclosure(actor=author_of(org_a), disclosure=draft)
    with pytest.raises(services.NotAllowed):
        services.publish_disclosure(actor=superuser, disclosure=draft)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


# --------------------------------------------------------------------------- index numbers


def test_publishing_assigns_consecutive_index_numbers_per_organisation_and_year(
    org_a, org_b, reviewer
):
    year = timezone.localdate().year
    first = make_published(organisation=org_a, reviewer=reviewer).disclosure
    second = make_published(organisation=org_a, reviewer=reviewer).disclosure
    other = make_published(organisation=org_b).disclosure
    assert first.index_number == f"{org_a.credit_code}/{year}-00001"
    assert second.index_number == f"{org_a.credit_code}/{year}-00002"
    assert other.index_number == f"{org_b.credit_code}/{year}-00001"


def test_drafts_and_submitted_items_have_no_index_number(org_a):
    assert DraftFactory(organisation=org_a).index_number is None
    assert make_submitted(organisation=org_a).index_number is None


def test_an_organisation_index_pattern_is_used():
    org = OrganisationFactory(index_pattern="{org_code}-{year}{month}-{seq:04d}")
    published = make_published(organisation=org).disclosure
    today = timezone.localdate()
    assert published.index_number == f"{org.credit_code[8:17]}-{today:%Y%m}-0001"


def test_the_index_number_year_is_the_publication_year(org_a):
    when = dt.datetime(2025, 12, 31, 23, 30, tzinfo=SHANGHAI)  # 15:30 UTC, still 2025 locally
    item = make_published(
        organisation=org_a, written_on=dt.date(2025, 12, 30), publish_at=when
    ).disclosure
    assert item.index_number == f"{org_a.credit_code}/2025-00001"


# --------------------------------------------------------------------------- privacy override


def test_reviewer_override_of_the_privacy_block_needs_a_reason(org_a, reviewer):
    item = make_submitted(organisation=org_a)
    plant_text_after_submission(item, body=f"<p>被处罚人身份证号码{ID_NUMBER}。</p>")
    for reason in ("", "   "):
        with pytest.raises(services.PrivacyBlocked) as excinfo:
            services.publish_disclosure(
                actor=reviewer, disclosure=item, privacy_override_reason=reason
            )
        assert_never_contains(excinfo.value.findings, ID_NUMBER)
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    assert item.index_number is None
    assert actions_of(item) == ["create", "submit"]


def test_reviewer_override_is_recorded_with_masked_findings_and_the_reason(org_a, reviewer):
    item = make_submitted(organisation=org_a)
    plant_text_after_submission(item, body=f"<p>被处罚人身份证号码{ID_NUMBER}。</p>")
    reason = "行政处罚决定书依法公开被处罚人信息"
    services.publish_disclosure(
        actor=reviewer, disclosure=item, privacy_override_reason=f"  {reason} "
    )
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.privacy_override_reason == reason
    override = item.events.get(action=DisclosureEvent.Action.PRIVACY_OVERRIDE)
    assert override.actor == reviewer
    assert override.note == reason
    masked = ID_NUMBER[:2] + "*" * 13 + ID_NUMBER[-3:]
    assert len(override.changes["findings"]) == 1
    assert masked in override.changes["findings"][0]
    assert "正文" in override.changes["findings"][0]
    assert ID_NUMBER not in str(override.changes)
    assert ID_NUMBER not in override.note
    assert actions_of(item) == ["create", "submit", "privacy_override", "publish"]


def test_a_clean_item_is_published_without_an_override_event(org_a):
    item = make_published(organisation=org_a).disclosure
    assert item.privacy_override_reason == ""
    assert not item.events.filter(action=DisclosureEvent.Action.PRIVACY_OVERRIDE).exists()


# --------------------------------------------------------------------------- privacy after publication


def test_editing_a_published_item_cannot_bring_in_personal_data_unreviewed(org_a, author):
    item = make_published(organisation=org_a, author=author).disclosure
    with pytest.raises(services.PrivacyBlocked):
        services.update_disclosure(
            actor=author,
            disclosure=item,
            values={"body": f"<p>联系人身份证号码{ID_NUMBER}。</p>"},
        )
    item.refresh_from_db()
    assert ID_NUMBER not in item.body


def test_attaching_personal_data_to_a_published_item_is_refused(org_a, author):
    item = make_published(organisation=org_a, author=author).disclosure
    content = samples.make_docx(["补充名单", f"身份证号码：{ID_NUMBER}"])
    with pytest.raises(services.PrivacyBlocked):
        services.add_attachment(
            actor=author, disclosure=item, upload=upload("补充名单.docx", content)
        )
    assert not item.attachments.exists()


# --------------------------------------------------------------------------- scheduled publishing


def test_scheduled_item_is_published_but_hidden_until_its_time(org_a, reviewer):
    item = make_submitted(organisation=org_a)
    publish_at = timezone.now() + dt.timedelta(days=2)
    services.publish_disclosure(actor=reviewer, disclosure=item, publish_at=publish_at)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED
    assert item.published_at == publish_at
    assert item.is_scheduled
    assert item.status_label == "定时发布"
    assert item.index_number is not None
    assert item not in Disclosure.objects.visible()
    assert item not in Disclosure.objects.listed()
    just_before = publish_at - dt.timedelta(seconds=1)
    assert item not in Disclosure.objects.visible(now=just_before)
    assert item in Disclosure.objects.visible(now=publish_at)
    assert item in Disclosure.objects.listed(now=publish_at + dt.timedelta(minutes=1))
    assert item.events.get(action=DisclosureEvent.Action.PUBLISH).note == "定时发布"


def test_an_item_published_now_is_visible_and_listed(org_a):
    item = make_published(organisation=org_a).disclosure
    assert item in Disclosure.objects.visible()
    assert item in Disclosure.objects.listed()


def test_drafts_and_submitted_items_are_not_visible(org_a):
    draft = DraftFactory(organisation=org_a)
    submitted = make_submitted(organisation=org_a)
    later = timezone.now() + dt.timedelta(days=365)
    assert not Disclosure.objects.visible(now=later).filter(pk__in=[draft.pk, submitted.pk])


# --------------------------------------------------------------------------- timeliness


NATIONAL_DAY_2025 = dt.date(2025, 10, 1)
PUBLISHED_AT = dt.datetime(2025, 10, 20, 10, 0, tzinfo=SHANGHAI)  # Monday after the holiday


def written_working_days_before(end: dt.date, n: int) -> dt.date:
    """The latest date from which exactly ``n`` working days (portal calendar) reach ``end``."""
    calendar = CalendarDay.objects.work_calendar()
    day = end - dt.timedelta(days=1)
    while calendar.working_days_between(day, end) < n:
        day -= dt.timedelta(days=1)
    assert calendar.working_days_between(day, end) == n
    return day


def publish_written_on(org, written_on: dt.date) -> services.PublishResult:
    return make_published(organisation=org, written_on=written_on, publish_at=PUBLISHED_AT)


def test_the_seeded_calendar_has_the_2025_national_day_holiday():
    calendar = CalendarDay.objects.work_calendar()
    assert not calendar.is_working_day(dt.date(2025, 10, 8))  # Wednesday, holiday
    assert calendar.is_working_day(dt.date(2025, 10, 11))  # Saturday, 调休上班


def test_publishing_25_working_days_after_writing_is_late_with_a_warning(org_a):
    written_on = written_working_days_before(PUBLISHED_AT.date(), 25)
    assert written_on < NATIONAL_DAY_2025
    result = publish_written_on(org_a, written_on)
    assert result.disclosure.is_late is True
    assert any("20个工作日" in warning for warning in result.warnings)
    assert Disclosure.objects.late().filter(pk=result.disclosure.pk).exists()


def test_publishing_10_working_days_after_writing_is_on_time(org_a):
    written_on = written_working_days_before(PUBLISHED_AT.date(), 10)
    assert written_on < NATIONAL_DAY_2025
    result = publish_written_on(org_a, written_on)
    assert result.disclosure.is_late is False
    assert result.warnings == []


def test_the_national_day_holiday_does_not_count_towards_the_20_working_days(org_a):
    written_on = written_working_days_before(PUBLISHED_AT.date(), 20)
    # Counting Monday to Friday only, the same span would be late.
    assert WorkCalendar().working_days_between(written_on, PUBLISHED_AT.date()) > 20
    result = publish_written_on(org_a, written_on)
    assert result.disclosure.is_late is False


def test_the_21st_working_day_is_late(org_a):
    written_on = written_working_days_before(PUBLISHED_AT.date(), 21)
    assert publish_written_on(org_a, written_on).disclosure.is_late is True


# --------------------------------------------------------------------------- 三同步


def test_publishing_a_normative_document_without_interpretation_warns_about_san_tongbu(
    org_a, reviewer
):
    item = make_submitted(organisation=org_a, genre=Genre.NORMATIVE, categories=[column("gfxwj")])
    result = services.publish_disclosure(actor=reviewer, disclosure=item)
    assert result.disclosure.status == Status.PUBLISHED
    assert any("三同步" in warning for warning in result.warnings)


def test_publishing_a_normative_document_with_its_interpretation_does_not_warn(
    org_a, author, reviewer
):
    policy = make_submitted(
        organisation=org_a, author=author, genre=Genre.NORMATIVE, categories=[column("gfxwj")]
    )
    DraftFactory(
        organisation=org_a,
        actor=author,
        title="《关于进一步规范临时救助工作的通知》政策解读",
        genre=Genre.INTERPRETATION,
        categories=[column("zcjd")],
        interprets=policy,
    )
    result = services.publish_disclosure(actor=reviewer, disclosure=policy)
    assert not any("三同步" in warning for warning in result.warnings)


def test_other_genres_publish_without_warnings(org_a):
    assert make_published(organisation=org_a, genre=Genre.NOTICE).warnings == []


# --------------------------------------------------------------------------- edits


def test_editing_a_published_item_sets_updated_at_and_logs_old_and_new_values(org_a, author):
    item = make_published(organisation=org_a, author=author, title="旧标题").disclosure
    assert item.content_updated_at is None
    before = timezone.now()
    services.update_disclosure(
        actor=author,
        disclosure=item,
        values={"title": "新标题", "document_number": "民发[2025]3号"},
    )
    item.refresh_from_db()
    assert item.title == "旧标题"  # waits for a second person (four eyes)
    proposal = item.events.get(action=DisclosureEvent.Action.PROPOSE)
    assert proposal.actor == author
    assert proposal.changes == {"标题": ["旧标题", "新标题"], "文号": ["", "民发〔2025〕3号"]}
    approver = reviewer_of(org_a)
    revisions.approve_revision(actor=approver, disclosure=item)
    item.refresh_from_db()
    assert item.title == "新标题"
    assert item.document_number == "民发〔2025〕3号"
    assert item.status == Status.PUBLISHED
    assert item.content_updated_at is not None
    assert item.content_updated_at >= before
    approval = item.events.get(action=DisclosureEvent.Action.APPROVE_REVISION)
    assert approval.actor == approver
    assert approval.from_status == approval.to_status == Status.PUBLISHED
    assert approval.changes == {"标题": ["旧标题", "新标题"], "文号": ["", "民发〔2025〕3号"]}


def test_editing_a_draft_logs_the_change_without_an_updated_at(org_a, author):
    draft = DraftFactory(organisation=org_a, actor=author, title="旧标题")
    services.update_disclosure(actor=author, disclosure=draft, values={"title": "新标题"})
    draft.refresh_from_db()
    assert draft.content_updated_at is None
    assert draft.events.get(action="edit").changes == {"标题": ["旧标题", "新标题"]}


def test_an_edit_that_changes_nothing_logs_nothing(org_a, author):
    draft = DraftFactory(organisation=org_a, actor=author, title="标题")
    services.update_disclosure(actor=author, disclosure=draft, values={"title": " 标题 "})
    assert actions_of(draft) == ["create"]


def test_editing_a_submitted_item_is_refused(org_a, author):
    item = make_submitted(organisation=org_a, author=author, title="旧标题")
    with pytest.raises(services.DisclosureError):
        services.update_disclosure(actor=author, disclosure=item, values={"title": "新标题"})
    item.refresh_from_db()
    assert item.title == "旧标题"
    assert actions_of(item) == ["create", "submit"]


def test_editing_a_withdrawn_item_is_refused(org_a, author, reviewer):
    item = make_published(organisation=org_a, author=author, reviewer=reviewer).disclosure
    services.withdraw_disclosure(actor=reviewer, disclosure=item, reason="内容有误")
    with pytest.raises(services.DisclosureError):
        services.update_disclosure(actor=author, disclosure=item, values={"title": "新标题"})


# --------------------------------------------------------------------------- withdraw, return, validity


@pytest.mark.parametrize("reason", ["", "   "])
def test_withdraw_requires_a_reason(org_a, reviewer, reason):
    item = make_published(organisation=org_a).disclosure
    with pytest.raises(services.DisclosureError, match="撤回原因"):
        services.withdraw_disclosure(actor=reviewer, disclosure=item, reason=reason)
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED


def test_withdrawn_item_stays_visible_with_its_reason_but_is_not_listed(org_a, reviewer):
    item = make_published(organisation=org_a).disclosure
    services.withdraw_disclosure(actor=reviewer, disclosure=item, reason=" 文件已被新文件替代 ")
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN
    assert item.withdrawn_reason == "文件已被新文件替代"
    assert item.withdrawn_at is not None
    assert item in Disclosure.objects.visible()
    assert item not in Disclosure.objects.listed()
    event = item.events.get(action=DisclosureEvent.Action.WITHDRAW)
    assert (event.from_status, event.to_status, event.note) == (
        Status.PUBLISHED,
        Status.WITHDRAWN,
        "文件已被新文件替代",
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_return_requires_a_reason(org_a, reviewer, reason):
    item = make_submitted(organisation=org_a)
    with pytest.raises(services.DisclosureError, match="退回原因"):
        services.return_disclosure(actor=reviewer, disclosure=item, reason=reason)
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


def test_returned_item_is_a_draft_again_and_can_be_resubmitted(org_a, author, reviewer):
    item = make_submitted(organisation=org_a, author=author)
    services.return_disclosure(actor=reviewer, disclosure=item, reason="请补充附件")
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    assert item.events.get(action="return").note == "请补充附件"
    services.submit_disclosure(actor=author, disclosure=item)
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    assert actions_of(item) == ["create", "submit", "return", "submit"]


def test_repealing_requires_a_date(org_a, reviewer):
    item = make_published(organisation=org_a).disclosure
    with pytest.raises(services.DisclosureError, match="日期"):
        services.change_validity(
            actor=reviewer,
            disclosure=item,
            validity=Validity.REPEALED,
            changed_on=None,
            note="根据示民发〔2026〕3号文件废止",
        )
    item.refresh_from_db()
    assert item.validity == Validity.VALID


@pytest.mark.parametrize("note", ["", "  "])
def test_repealing_requires_a_note(org_a, reviewer, note):
    item = make_published(organisation=org_a).disclosure
    with pytest.raises(services.DisclosureError, match="说明"):
        services.change_validity(
            actor=reviewer,
            disclosure=item,
            validity=Validity.REPEALED,
            changed_on=timezone.localdate(),
            note=note,
        )
    item.refresh_from_db()
    assert item.validity == Validity.VALID


def test_repealing_with_date_and_note_records_them_and_an_event(org_a, reviewer):
    item = make_published(organisation=org_a).disclosure
    on = timezone.localdate()
    services.change_validity(
        actor=reviewer,
        disclosure=item,
        validity=Validity.REPEALED,
        changed_on=on,
        note="根据示民发〔2026〕3号文件废止",
    )
    item.refresh_from_db()
    assert item.validity == Validity.REPEALED
    assert item.validity_changed_on == on
    assert item.validity_note == "根据示民发〔2026〕3号文件废止"
    assert item.status == Status.PUBLISHED
    event = item.events.get(action=DisclosureEvent.Action.VALIDITY)
    assert event.actor == reviewer
    assert event.changes["有效性"] == ["有效", "废止"]


def test_expiry_needs_a_date_but_no_note(org_a, reviewer):
    item = make_published(organisation=org_a).disclosure
    services.change_validity(
        actor=reviewer, disclosure=item, validity=Validity.EXPIRED, changed_on=dt.date(2025, 12, 31)
    )
    item.refresh_from_db()
    assert item.validity == Validity.EXPIRED
    assert item.validity_changed_on == dt.date(2025, 12, 31)


def test_a_drafting_officer_cannot_change_validity(org_a, author):
    item = make_published(organisation=org_a, author=author).disclosure
    with pytest.raises(services.NotAllowed):
        services.change_validity(
            actor=author,
            disclosure=item,
            validity=Validity.EXPIRED,
            changed_on=timezone.localdate(),
        )


# --------------------------------------------------------------------------- attachments


def test_an_executable_renamed_pdf_is_rejected(org_a, author):
    draft = DraftFactory(organisation=org_a, actor=author)
    with pytest.raises(services.AttachmentRejected, match="不是允许的类型"):
        services.add_attachment(
            actor=author, disclosure=draft, upload=upload("通知.pdf", samples.make_exe())
        )
    assert not Attachment.objects.exists()
    assert actions_of(draft) == ["create"]


def test_an_empty_file_is_rejected(org_a, author):
    draft = DraftFactory(organisation=org_a, actor=author)
    with pytest.raises(services.AttachmentRejected, match="空文件"):
        services.add_attachment(actor=author, disclosure=draft, upload=upload("空白.pdf", b""))
    assert not Attachment.objects.exists()


def test_a_file_over_the_size_limit_is_rejected(org_a, author, settings):
    content = samples.make_pdf("size limit")
    settings.ATTACHMENT_MAX_BYTES = len(content) - 1
    draft = DraftFactory(organisation=org_a, actor=author)
    with pytest.raises(services.AttachmentRejected, match="大小限制"):
        services.add_attachment(actor=author, disclosure=draft, upload=upload("大.pdf", content))
    assert not Attachment.objects.exists()


def test_a_file_exactly_at_the_size_limit_is_accepted(org_a, author, settings):
    content = samples.make_pdf("size limit")
    settings.ATTACHMENT_MAX_BYTES = len(content)
    draft = DraftFactory(organisation=org_a, actor=author)
    services.add_attachment(actor=author, disclosure=draft, upload=upload("刚好.pdf", content))
    assert draft.attachments.count() == 1


@pytest.mark.parametrize(
    ("filename", "content", "kind", "expected_text"),
    [
        (
            "关于公布2025年城乡低保对象名单的通知.pdf",
            samples.make_pdf("城乡低保对象名单\n第一批"),
            "pdf",
            "城乡低保对象名单",
        ),
        (
            "临时救助工作实施细则.docx",
            samples.make_docx(["临时救助工作实施细则", "第一条 为规范临时救助工作"]),
            "docx",
            "为规范临时救助工作",
        ),
        (
            "2025年救助资金发放表.xlsx",
            samples.make_xlsx([["乡镇", "金额"], ["城关镇", 12000]]),
            "xlsx",
            "城关镇",
        ),
    ],
    ids=["pdf", "docx", "xlsx"],
)
def test_an_accepted_attachment_keeps_its_chinese_name_and_extracted_text(
    org_a, author, filename, content, kind, expected_text
):
    draft = DraftFactory(organisation=org_a, actor=author)
    attachment = services.add_attachment(
        actor=author, disclosure=draft, upload=upload(filename, content), sort_order=3
    )
    attachment.refresh_from_db()
    assert attachment.disclosure_id == draft.pk
    assert attachment.original_name == filename
    assert attachment.kind == kind
    assert expected_text in attachment.text
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.sort_order == 3
    # Stored under a random ASCII name; the Chinese name lives in the database only.
    assert attachment.file.name.isascii()
    assert attachment.file.name.endswith(f".{kind}")
    with attachment.file.open("rb") as stored:
        assert stored.read() == content
    event = draft.events.get(action=DisclosureEvent.Action.ATTACH)
    assert event.note == filename


def test_attachments_of_a_submitted_item_cannot_be_added(org_a, author):
    item = make_submitted(organisation=org_a, author=author)
    with pytest.raises(services.DisclosureError):
        services.add_attachment(
            actor=author, disclosure=item, upload=upload("补充.pdf", samples.make_pdf("x"))
        )
    assert not item.attachments.exists()


def test_attaching_to_a_published_item_marks_it_updated_once_approved(org_a, author):
    item = make_published(organisation=org_a, author=author).disclosure
    pending = services.add_attachment(
        actor=author, disclosure=item, upload=upload("补充说明.pdf", samples.make_pdf("note"))
    )
    assert pending is None
    item.refresh_from_db()
    assert item.content_updated_at is None
    assert not item.attachments.exists()
    revisions.approve_revision(actor=reviewer_of(org_a), disclosure=item)
    item.refresh_from_db()
    assert item.content_updated_at is not None
    assert [a.original_name for a in item.attachments.all()] == ["补充说明.pdf"]


# --------------------------------------------------------------------------- masking


def test_mask_personal_data_masks_ids_mobiles_and_cards_in_place():
    card = luhn_complete("622202123456789")
    text = f"张三，身份证号码{ID_NUMBER}，手机{MOBILE}，银行卡号{card}。"
    masked = services.mask_personal_data(text)
    assert len(masked) == len(text)
    assert ID_NUMBER not in masked
    assert MOBILE not in masked
    assert card not in masked
    assert masked == (
        f"张三，身份证号码{ID_NUMBER[:2]}{'*' * 13}{ID_NUMBER[-3:]}，"
        f"手机138****5678，银行卡号6222********{card[-4:]}。"
    )


def test_mask_personal_data_leaves_ordinary_text_alone():
    text = f"民发〔2025〕3号，项目编号{wrong_check_id_number()[:10]}，金额12000元。"
    assert services.mask_personal_data(text) == text
