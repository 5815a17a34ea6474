"""What the writer does through interaction.services.intake: write, rate, follow up once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from interaction.models import Letter, LetterEvent, Mailbox
from interaction.services import intake
from interaction.services.common import LetterError
from interaction.workflow import Action, Category, Status
from tests.factories import OrganisationFactory

PASSWORD = "Letter2026x"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_mailbox(kind=Mailbox.Kind.LEADER, organisation=None, **kw) -> Mailbox:
    organisation = organisation or OrganisationFactory()
    defaults = {"name": "局长信箱", "slug": f"box-{kind}-{organisation.pk}"}
    return Mailbox.objects.create(organisation=organisation, kind=kind, **{**defaults, **kw})


def writer(**kw) -> intake.Writer:
    return intake.Writer(**{"name": "欧阳来信", "phone": "13800138000", "email": "", **kw})


def submit(mailbox, **kw) -> Letter:
    args = {
        "mailbox": mailbox,
        "category": Category.CONSULTATION,
        "subject": "低保申请咨询",
        "content": "请问低保申请需要哪些材料？",
        "writer": writer(),
        "password": PASSWORD,
        **kw,
    }
    return intake.submit_letter(**args)


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_a_letter_gets_a_daily_number_due_dates_and_a_submit_event():
    mailbox = make_mailbox()
    first, second = submit(mailbox), submit(mailbox)
    today = timezone.localdate()
    assert first.number == f"XJ{today:%Y%m%d}0001"
    assert second.number == f"XJ{today:%Y%m%d}0002"
    assert first.status == Status.RECEIVED
    assert first.received_on == today
    assert first.organisation == mailbox.organisation
    assert first.accept_due_on > today
    assert first.check_query_password(PASSWORD)
    event = LetterEvent.objects.get(letter=first)
    assert (event.action, event.from_status, event.to_status) == (Action.SUBMIT, "", "received")
    assert "欧阳" not in event.note
    assert "13800138000" not in event.note


@pytest.mark.django_db
def test_the_number_continues_after_the_ninety_ninety_ninth_letter_of_a_day():
    mailbox = make_mailbox()
    letter = submit(mailbox)
    prefix = letter.number[:-4]
    Letter.objects.filter(pk=letter.pk).update(number=f"{prefix}9999")
    assert submit(mailbox).number == f"{prefix}10000"


@pytest.mark.django_db(transaction=True)
def test_the_writer_gets_a_mail_with_the_number_and_nothing_personal():
    mailbox = make_mailbox()
    letter = submit(mailbox, writer=writer(email="writer@example.com", phone=""))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert letter.number in message.subject
    assert "欧阳" not in message.body
    assert PASSWORD not in message.body


@pytest.mark.django_db
def test_the_shared_entry_sends_the_letter_to_the_chosen_organisation():
    entry = make_mailbox(Mailbox.Kind.CONSULTATION, name="咨询投诉")
    chosen = OrganisationFactory(name="测试县卫生健康局")
    letter = submit(entry, organisation=chosen, category=Category.COMPLAINT)
    assert letter.organisation == chosen
    with pytest.raises(ValidationError) as exc:
        submit(entry, organisation=None)
    assert exc.value.message_dict["organisation"] == ["请选择办理机构。"]


@pytest.mark.django_db
def test_the_site_error_box_takes_the_page_and_the_error_type():
    box = make_mailbox(Mailbox.Kind.SITE_ERROR, name="我为政府网站找错")
    letter = submit(
        box,
        category="",
        page_url="http://testserver/xxgk/",
        error_type=Letter.ErrorType.BROKEN_LINK,
    )
    assert letter.category == Category.SITE_ERROR
    assert letter.page_url == "http://testserver/xxgk/"
    with pytest.raises(ValidationError) as exc:
        submit(box, page_url="", error_type="nonsense")
    assert set(exc.value.message_dict) == {"page_url", "error_type"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"writer": writer(name="  ")}, "writer_name", "请填写姓名。"),
        ({"writer": writer(name="名" * 51)}, "writer_name", "姓名不能超过50个字。"),
        ({"writer": writer(phone="", email="")}, "writer_phone", "请至少填写联系电话"),
        ({"writer": writer(phone="12345")}, "writer_phone", "请填写有效的联系电话"),
        ({"writer": writer(email="not-an-address")}, "writer_email", "请填写有效的电子邮箱"),
        ({"subject": ""}, "subject", "请填写来信标题。"),
        ({"subject": "题" * 101}, "subject", "来信标题不能超过100个字。"),
        ({"content": "字" * 5001}, "content", "来信内容不能超过5000个字"),
        ({"category": Category.SITE_ERROR}, "category", "请选择来信类别"),
        ({"password": "password"}, "password", "查询密码"),
    ],
)
@pytest.mark.django_db
def test_each_bad_value_is_refused_with_a_chinese_message_and_nothing_is_stored(
    changes, field, message
):
    with pytest.raises(ValidationError) as exc:
        submit(make_mailbox(), **changes)
    assert any(message in m for m in exc.value.message_dict[field])
    assert not Letter.objects.exists()


@pytest.mark.parametrize(
    "phone",
    ["13800138000", "０５７０－８０００１０１", "0570-8000101", "010 12345678", "0570-8000101-12"],
)
def test_mainland_mobile_and_landline_numbers_are_accepted(phone):
    assert intake.clean_phone(phone)


@pytest.mark.django_db
def test_attachments_are_checked_by_content():
    mailbox = make_mailbox()
    letter = submit(mailbox, attachments=[upload(PNG, "现场.png"), upload(PDF, "材料.pdf")])
    kinds = sorted(letter.attachments.values_list("kind", flat=True))
    assert kinds == ["pdf", "png"]
    assert all(a.file.name.startswith("private/letters/") for a in letter.attachments.all())
    with pytest.raises(ValidationError) as exc:
        submit(mailbox, attachments=[upload(b"MZ\x90\x00" + b"\x00" * 64, "照片.jpg")])
    assert "内容不是允许的类型" in exc.value.message_dict["attachments"][0]
    assert Letter.objects.count() == 1


@pytest.mark.django_db
def test_more_than_three_attachments_or_a_too_big_one_are_refused(settings):
    mailbox = make_mailbox()
    with pytest.raises(ValidationError) as exc:
        submit(mailbox, attachments=[upload(PNG, f"{n}.png") for n in range(4)])
    assert exc.value.message_dict["attachments"] == ["附件最多3个。"]
    settings.LETTER_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        submit(mailbox, attachments=[upload(PNG, "大.png")])
    assert "超过大小限制" in exc.value.message_dict["attachments"][0]
    assert not Letter.objects.exists()


@pytest.mark.django_db
def test_a_closed_mailbox_takes_no_letters():
    with pytest.raises(ValidationError, match="暂停受理"):
        submit(make_mailbox(is_active=False))


@pytest.mark.django_db
def test_find_for_writer_needs_number_and_password():
    letter = submit(make_mailbox())
    assert intake.find_for_writer(letter.number.lower(), PASSWORD) == letter
    assert intake.find_for_writer(letter.number, "Wrong2026x") is None
    assert intake.find_for_writer("XJ000000000000", PASSWORD) is None


def answered(letter: Letter) -> Letter:
    Letter.objects.filter(pk=letter.pk).update(
        status=Status.ANSWERED, accepted_on=letter.received_on, answered_on=letter.received_on
    )
    letter.refresh_from_db()
    return letter


@pytest.mark.django_db
def test_rating_once_after_the_answer():
    letter = submit(make_mailbox())
    with pytest.raises(LetterError, match="只有已答复的来信可以评价"):
        intake.rate(letter=letter, satisfaction="satisfied")
    letter = answered(letter)
    intake.rate(letter=letter, satisfaction="basically_satisfied", comment="答复及时")
    letter.refresh_from_db()
    assert (letter.status, letter.satisfaction) == (Status.RATED, "basically_satisfied")
    assert letter.events.filter(action=Action.RATE, from_status="answered").exists()
    with pytest.raises(LetterError, match="只能评价一次"):
        intake.rate(letter=letter, satisfaction="dissatisfied")
    with pytest.raises(LetterError, match="请选择满意"):
        intake.rate(letter=letter, satisfaction="ok")


@pytest.mark.django_db
def test_one_follow_up_restarts_the_clock_and_a_second_is_refused():
    letter = answered(submit(make_mailbox()))
    with pytest.raises(LetterError, match="请填写追问内容"):
        intake.follow_up(letter=letter, text="  ")
    intake.follow_up(letter=letter, text="材料需要原件吗？")
    letter.refresh_from_db()
    assert letter.status == Status.FOLLOWED_UP
    assert letter.followed_up_on == timezone.localdate()
    assert letter.due_on > letter.followed_up_on
    # The follow-up is answered: the letter is 已答复 again, but a second follow-up is refused.
    Letter.objects.filter(pk=letter.pk).update(status=Status.ANSWERED)
    with pytest.raises(LetterError, match="只能追问一次"):
        intake.follow_up(letter=letter, text="还有一个问题")


def test_check_attachment_refuses_plain_text():
    fake = SimpleUploadedFile("说明.pdf", b"just text, not a pdf")
    with pytest.raises(ValidationError):
        intake.check_attachment(fake)
