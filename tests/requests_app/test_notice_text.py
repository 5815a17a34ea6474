"""What each reply notice says: the exact 条例 item, its own title, the remedy bodies by name,
the request in full, and one 发文字号 per document."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from kernel.linebreak import NO_LINE_END, NO_LINE_START
from kernel.pdf import find_pdf_font
from requests_app import documents, services
from requests_app.models import Application, Channel, ReplyNotice
from requests_app.outcomes import OUTCOMES, Outcome
from tests.factories import GovernmentFactory, OrganisationFactory, make_staff

pytestmark = pytest.mark.django_db

# Long enough to pass 100 characters, with the marks that must never start or end a line.
LONG_REQUEST = (
    "申请公开示例县民政局2025年度城乡最低生活保障资金的发放情况，包括：（一）各乡镇（街道）"
    "每月发放的人数、户数和金额；（二）“低保边缘家庭”的认定标准、认定程序和认定结果；（三）"
    "资金的来源（中央、省、市、县各级补助资金分别列明）。另请一并提供《示例县城乡最低生活保障"
    "实施细则》的全文，以及该细则2024年修订前后的对照说明！谢谢。"
)


@pytest.fixture
def county(db):
    return GovernmentFactory(
        name="示例县人民政府",
        short_name="县政府",
        slug="xzf",
        review_body="示例市人民政府",
        court="示例市中级人民法院",
    )


@pytest.fixture
def bureau(county):
    return OrganisationFactory(
        name="示例县民政局",
        short_name="县民政局",
        slug="mzj",
        parent=county,
        court="示例县人民法院",
        phone="0570-8000018",
        address="示例县城关镇民生路18号",
    )


@pytest.fixture
def worker(bureau, county):
    return make_staff(role="依申请经办人", organisations=[bureau, county])


def submit(org, **extra) -> Application:
    data = {
        "applicant_type": "natural",
        "name": "张小三",
        "id_type": "resident_id",
        "id_number": "330102199003071234",
        "phone": "13912345678",
        "address": "示例县人民路8号",
        "description": LONG_REQUEST,
        "info_title": "示例县城乡最低生活保障实施细则",
        "info_document_number": "示民发〔2024〕12号",
        **extra,
    }
    data["id_number"] = _valid_id(data["id_number"])
    return services.submit_application(organisation=org, data=data, query_password="chaxun123")


def _valid_id(first: str) -> str:
    from kernel.identifiers import id_number_check_char

    return first[:17] + id_number_check_char(first[:17])


def reply(worker, application, outcome, **kwargs) -> ReplyNotice:
    kwargs.setdefault("reasons", "经在本机关文书档案中检索，情况如上。")
    services.answer(actor=worker, application=application, outcome=outcome, **kwargs)
    return application.notices.get(kind=ReplyNotice.Kind.ANSWER)


def text_of(notice: ReplyNotice) -> str:
    return re.sub(r"<[^>]+>", "", notice.body)


# ------------------------------------------------------------------ article items and titles

ITEMS = [
    (Outcome.DISCLOSE_PUBLISHED, "第三十六条第（一）项", "政府信息公开申请答复书", "本答复书"),
    (Outcome.DISCLOSE, "第三十六条第（二）项", "政府信息公开告知书", "本告知书"),
    (Outcome.UNABLE_NOT_HELD, "第三十六条第（四）项", "政府信息不存在告知书", "本告知书"),
    (Outcome.UNABLE_NOT_OURS, "第三十六条第（五）项", "非本机关政府信息告知书", "本告知书"),
    (Outcome.WITHHOLD_SECRET, "第三十六条第（三）项", "政府信息不予公开告知书", "本告知书"),
]


@pytest.mark.parametrize(("outcome", "item", "title", "own"), ITEMS)
def test_each_reply_cites_its_one_item_under_its_own_title(
    bureau, worker, outcome, item, title, own
):
    extra = {"provided": "示例县人民政府门户网站“政府信息公开”栏目"}
    if outcome == Outcome.UNABLE_NOT_OURS:
        extra = {
            "responsible_agency": "示例县城关镇人民政府",
            "responsible_agency_contact": "0570-8012345",
        }
    notice = reply(worker, submit(bureau), outcome, **extra)
    text = text_of(notice)

    assert notice.title == f"示例县民政局{title}"
    assert f">{title}</h2>" in notice.body
    assert f"{own}依据《中华人民共和国政府信息公开条例》" in text
    assert item in text
    assert "、第（" not in text  # never a pair of Art. 36 items
    assert f"如对{own}不服，可以自收到{own}之日起60日内" in text
    assert "特此告知。" in text if own == "本告知书" else "特此答复。" in text


def test_no_basis_of_any_outcome_names_two_items_of_article_36():
    for info in OUTCOMES.values():
        assert len(re.findall(r"第（[一二三四五六七]）项", info.basis)) <= 1


def test_the_already_published_reply_says_where_it_was_published(bureau, worker):
    notice = reply(
        worker,
        submit(bureau),
        Outcome.DISCLOSE_PUBLISHED,
        provided="示例县人民政府门户网站“政府信息公开—社会救助”栏目，网址https://www.example.gov.cn/xxgk/shjz/",
    )
    text = text_of(notice)

    assert "本机关已经主动公开" in text
    assert "获取方式和途径：示例县人民政府门户网站“政府信息公开—社会救助”栏目" in text


def test_already_published_needs_the_place(bureau, worker):
    with pytest.raises(services.CaseError, match="主动公开的位置"):
        services.answer(
            actor=worker, application=submit(bureau), outcome=Outcome.DISCLOSE_PUBLISHED
        )


def test_not_this_agencys_reply_names_the_responsible_agency_and_its_contact(bureau, worker):
    application = submit(bureau)
    notice = reply(
        worker,
        application,
        Outcome.UNABLE_NOT_OURS,
        responsible_agency="示例县城关镇人民政府",
        responsible_agency_contact="电话0570-8012345",
    )
    application.refresh_from_db()

    assert application.responsible_agency == "示例县城关镇人民政府"
    assert "该政府信息由示例县城关镇人民政府负责公开" in text_of(notice)
    assert "联系方式：电话0570-8012345" in text_of(notice)


def test_not_this_agencys_reply_needs_the_agency_unless_it_cannot_be_determined(bureau, worker):
    reasons = "所申请的信息由其他行政机关制作。"
    with pytest.raises(services.CaseError, match="负责公开该信息的行政机关"):
        reply(worker, submit(bureau), Outcome.UNABLE_NOT_OURS, reasons=reasons)
    with pytest.raises(services.CaseError, match="联系方式"):
        reply(
            worker,
            submit(bureau),
            Outcome.UNABLE_NOT_OURS,
            reasons=reasons,
            responsible_agency="示例县城关镇人民政府",
        )
    notice = reply(
        worker,
        submit(bureau),
        Outcome.UNABLE_NOT_OURS,
        reasons=reasons,
        responsible_agency_unknown=True,
    )
    assert "本机关无法确定负责公开该政府信息的行政机关" in text_of(notice)


# ------------------------------------------------------------------ remedy, request, layout


def test_a_departments_notice_names_the_county_government_and_the_county_court(bureau, worker):
    text = text_of(reply(worker, submit(bureau), Outcome.UNABLE_NOT_HELD))

    assert "60日内向示例县人民政府申请行政复议" in text
    assert "6个月内向示例县人民法院提起行政诉讼" in text


def test_the_county_governments_notice_names_the_city_government_and_its_court(county, worker):
    text = text_of(reply(worker, submit(county), Outcome.UNABLE_NOT_HELD))

    assert "60日内向示例市人民政府申请行政复议" in text
    assert "6个月内向示例市中级人民法院提起行政诉讼" in text


def test_without_a_court_set_the_notice_falls_back_to_the_generic_phrase(county, worker):
    county.court = ""
    county.save()
    text = text_of(reply(worker, submit(county), Outcome.UNABLE_NOT_HELD))

    assert "向有管辖权的人民法院提起行政诉讼" in text


def test_the_request_is_quoted_in_full_with_its_name_and_document_number(bureau, worker):
    text = text_of(reply(worker, submit(bureau), Outcome.UNABLE_NOT_HELD))

    assert len(LONG_REQUEST) > 100
    assert LONG_REQUEST in text
    assert "信息名称：示例县城乡最低生活保障实施细则；文号：示民发〔2024〕12号" in text
    assert "..." not in text
    assert "…”" not in text


def test_the_decision_does_not_say_upon_review_twice(bureau, worker):
    for outcome in (Outcome.DISCLOSE, Outcome.WITHHOLD_SECRET):
        application = submit(bureau)
        text = text_of(reply(worker, application, outcome, provided="电子邮件"))
        assert text.count("经审查") == 1


def test_the_layout_has_issuer_number_title_and_a_right_aligned_chinese_date(bureau, worker):
    notice = reply(worker, submit(bureau), Outcome.UNABLE_NOT_HELD)
    body = notice.body
    today = timezone.localdate()

    order = [
        body.index('class="notice-issuer"'),
        body.index('class="notice-number"'),
        body.index('class="notice-title"'),
        body.index('class="notice-addressee"'),
        body.index('class="notice-sign"'),
    ]
    assert order == sorted(order)
    assert f"示例县民政局<br>{today.year}年{today.month}月{today.day}日" in body


# ------------------------------------------------------------------ numbers and receipts


def test_every_notice_of_an_organisation_gets_its_own_number_across_kinds(bureau, worker):
    first, second = submit(bureau), submit(bureau)
    reply(worker, first, Outcome.UNABLE_NOT_HELD)
    services.close_other(actor=worker, application=second, reason="申请人书面撤回申请。")
    year = timezone.localdate().year

    numbers = list(ReplyNotice.objects.order_by("id").values_list("number", flat=True))
    assert numbers == [f"县民政局依申请〔{year}〕{n}号" for n in range(1, 5)]


def test_the_database_refuses_a_second_notice_with_the_same_number(bureau):
    from django.db import IntegrityError

    application = submit(bureau)
    receipt = application.notices.get()
    with pytest.raises(IntegrityError):
        ReplyNotice.objects.create(
            application=application,
            organisation=bureau,
            kind="correction",
            number=receipt.number,
            title="x",
            body="x",
            issued_on=receipt.issued_on,
        )


def test_an_offline_receipt_is_dated_and_shows_the_day_the_application_arrived(bureau, worker):
    received = timezone.localdate() - dt.timedelta(days=3)
    application = services.submit_application(
        organisation=bureau,
        data={
            "applicant_type": "natural",
            "name": "李四",
            "id_type": "resident_id",
            "id_number": _valid_id("33010219850101001"),
            "phone": "13912345678",
            "address": "示例县人民路8号",
            "description": "申请公开本县2025年度临时救助资金的使用情况。",
        },
        query_password="chaxun123",
        channel=Channel.REGISTERED_MAIL,
        received_on=received,
        actor=worker,
    )
    receipt = application.notices.get()
    text = text_of(receipt)

    assert receipt.issued_on == received
    assert f"{received.year}年{received.month}月{received.day}日收到您提交的" in text
    assert "提交时间" not in text  # the keying-in time is the staff's record, not the notice's
    assert timezone.localdate(application.submitted_at) == timezone.localdate()


# ------------------------------------------------------------------ PDF

needs_font = pytest.mark.skipif(find_pdf_font() is None, reason="no CJK font installed")


@needs_font
@pytest.mark.parametrize("outcome", [Outcome.UNABLE_NOT_OURS, Outcome.DISCLOSE_PUBLISHED])
def test_no_line_of_the_pdf_starts_with_a_closing_mark_or_ends_with_an_opening_one(
    bureau, worker, outcome
):
    notice = reply(
        worker,
        submit(bureau),
        outcome,
        provided="示例县人民政府门户网站（www.example.gov.cn）“政府信息公开”栏目。",
        responsible_agency="示例县城关镇人民政府",
        responsible_agency_contact="电话：0570-8012345；地址：示例县城关镇人民路20号（便民服务中心）",
    )
    pdf = documents.notice_pdf(notice, notice.body)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # pypdf reads fpdf2's two-byte CID text with a NUL before each character.
    text = text.replace("\x00", "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]

    assert len(lines) > 20
    assert "非本机关政府信息告知书" in lines or "政府信息公开申请答复书" in lines
    assert [line for line in lines if line[0] in NO_LINE_START] == []
    assert [line for line in lines if line[-1] in NO_LINE_END] == []
    assert LONG_REQUEST in "".join(lines)  # broken into lines, nothing lost or cut
