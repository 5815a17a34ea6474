"""Demo 意见征集 for the fictional county (示例县民政局), walked through the real services
with the dates of the story (the services take ``today``):

* a closed consultation whose 采纳情况 is published and whose final policy is a demo item;
* an open one, split into articles, with an attachment and comments: two published, one kept off, one waiting;
* a closed one whose 采纳情况 is overdue (for the admin filter and the supervisor's list).

Idempotent: each consultation is found by its title. Commenters are fictional (and none is a
demo letter writer, whose names the demo crawl checks are never public); only the names of those
who consented are shown, no contact ever.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from catalog.models import Organisation
from disclosures.models import Disclosure
from interaction.consultations.models import (
    Consultation,
    ConsultationAttachment,
    FeedbackEntry,
    OfflineOpinion,
)
from interaction.consultations.services import comments, drafting, feedback
from interaction.consultations.windows import DraftKind
from interaction.consultations.workflow import Decision, OfflineSource
from kernel.filetypes import FileKind

DRAFTER, REVIEWER = "mzj_jbr", "mzj_shy"
CONTACT = {
    "contact_department": "示例县民政局政策法规股",
    "contact_phone": "0570-1234567",
    "contact_email": "mzj_fgg@example.gov.cn",
    "contact_address": "示例县人民路1号 示例县民政局政策法规股",
}

CLOSED_TITLE = "关于公开征求《示例县临时救助实施办法（征求意见稿）》意见的公告"
OPEN_TITLE = "关于公开征求《示例县最低生活保障审核确认办法（征求意见稿）》意见的公告"
OVERDUE_TITLE = "关于公开征求《示例县养老服务设施建设管理办法（征求意见稿）》意见的公告"

OPEN_DRAFT = """<p>示例县最低生活保障审核确认办法（征求意见稿）</p>
<p>第一章　总则</p>
<p>第一条　为规范最低生活保障审核确认工作，根据《社会救助暂行办法》等规定，结合本县实际，制定本办法。</p>
<p>第二条　本办法适用于本县行政区域内最低生活保障的申请、审核、确认和管理。</p>
<p>第二章　申请和受理</p>
<p>第三条　申请最低生活保障以家庭为单位，由申请家庭确定一名共同生活的家庭成员作为申请人，向户籍所在地乡镇人民政府（街道办事处）提出书面申请；也可以通过“浙里办”等平台在线申请。</p>
<p>第四条　乡镇人民政府（街道办事处）应当自受理申请之日起3个工作日内启动家庭经济状况调查。</p>
<p>第三章　附则</p>
<p>第五条　本办法自2027年3月1日起施行。</p>"""

CLOSED_DRAFT = """<p>示例县临时救助实施办法（征求意见稿）</p>
<p>第一条　为及时解决群众遭遇的突发性、紧迫性、临时性基本生活困难，制定本办法。</p>
<p>第二条　临时救助对象包括因火灾、交通事故等意外事件导致基本生活暂时出现严重困难的家庭或者个人。</p>
<p>第三条　临时救助标准按照困难类型和程度分档确定。</p>"""

OVERDUE_DRAFT = """<p>示例县养老服务设施建设管理办法（征求意见稿）</p>
<p>第一条　为加强养老服务设施规划建设和管理，制定本办法。</p>
<p>第二条　新建住宅小区应当按照每百户不少于20平方米的标准配建养老服务用房。</p>"""


# A one-page placeholder PDF (the demo has no real scan of the draft).
PLACEHOLDER_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _create(org, drafter, *, title, draft, start, days, kind=DraftKind.NORMATIVE, **extra):
    return drafting.create_consultation(
        actor=drafter,
        organisation=org,
        title=title,
        draft_kind=kind,
        summary=extra.pop("summary"),
        draft_html=draft,
        explanation=extra.pop("explanation"),
        starts_on=start,
        ends_on=start + dt.timedelta(days=days - 1),
        **CONTACT,
        **extra,
    )


def _open(consultation, drafter, reviewer):
    drafting.split_draft_into_articles(actor=drafter, consultation=consultation)
    drafting.submit_consultation(actor=drafter, consultation=consultation)
    return drafting.open_consultation(
        actor=reviewer, consultation=consultation, today=consultation.starts_on
    )


def _comment(consultation, article, content, name, *, show_name=False, on=None, **kwargs):
    return comments.submit_comment(
        consultation=consultation,
        article=consultation.articles.get(number=article) if article else None,
        content=content,
        name=name,
        phone=kwargs.pop("phone", "13700000000"),
        show_name=show_name,
        today=on or consultation.starts_on,
        **kwargs,
    )


def _closed_with_feedback(org, drafter, reviewer, today) -> None:
    start = today - dt.timedelta(days=120)
    consultation = _create(
        org, drafter, title=CLOSED_TITLE, draft=CLOSED_DRAFT, start=start, days=30,
        kind=DraftKind.NORMATIVE,
        summary="明确临时救助的对象、标准、程序和资金管理。",
        explanation="依据《社会救助暂行办法》和省临时救助有关规定，结合本县实际起草。",
    )  # fmt: skip
    consultation = _open(consultation, drafter, reviewer)
    first = _comment(consultation, 3, "建议将因病致贫的救助标准适当提高。", "马志远",
                     show_name=True)  # fmt: skip
    comments.publish_comment(actor=drafter, comment=first)
    _comment(consultation, 2, "建议把遭遇重大疾病的家庭明确列入救助对象。", "陈思远")
    end = consultation.ends_on
    consultation = drafting.close_consultation(
        actor=drafter, consultation=consultation, today=end + dt.timedelta(days=1)
    )
    draft = feedback.start_feedback(
        actor=drafter, consultation=consultation,
        overview="对收到的意见逐条研究，采纳或部分采纳的已在正式文件中体现。",
    )  # fmt: skip
    OfflineOpinion.objects.create(feedback=draft, source=OfflineSource.SYMPOSIUM, count=6,
                                  note="乡镇（街道）社会救助经办人员座谈会")  # fmt: skip
    articles = {a.number: a for a in consultation.articles.all()}
    FeedbackEntry.objects.create(feedback=draft, article=articles[2], sort_order=1, count=3,
                                 summary="将因重大疾病导致生活困难的家庭列入救助对象",
                                 decision=Decision.ADOPTED, reason="已在第二条中增加。")  # fmt: skip
    FeedbackEntry.objects.create(feedback=draft, article=articles[3], sort_order=2, count=4,
                                 summary="提高因病致贫的救助标准", decision=Decision.PARTLY,
                                 reason="标准由县人民政府另行公布，已明确每年调整一次。")  # fmt: skip
    FeedbackEntry.objects.create(feedback=draft, sort_order=3, count=1,
                                 summary="由村（社区）直接发放救助金", decision=Decision.NOT_ADOPTED,
                                 reason="救助金应当通过社会保障卡发放，便于监管。")  # fmt: skip
    feedback.submit_feedback(actor=drafter, consultation=consultation)
    feedback.publish_feedback(actor=reviewer, consultation=consultation)
    final = (
        Disclosure.objects.listed().filter(organisation=org, title__contains="临时救助").first()
        or Disclosure.objects.listed().filter(organisation=org).order_by("-published_at").first()
    )
    if final is not None:
        consultation.refresh_from_db()
        drafting.link_final_disclosure(actor=drafter, consultation=consultation, disclosure=final)


def _open_with_comments(org, drafter, reviewer, today) -> None:
    start = today - dt.timedelta(days=5)
    consultation = _create(
        org, drafter, title=OPEN_TITLE, draft=OPEN_DRAFT, start=start, days=30,
        summary="明确最低生活保障的申请、受理、家庭经济状况调查、审核确认和动态管理。",
        explanation="依据《社会救助暂行办法》和省最低生活保障办法，为简化审核确认程序起草。",
    )  # fmt: skip
    attachment = ConsultationAttachment(consultation=consultation, title="征求意见稿（打印版）")
    attachment.kind, attachment.size = str(FileKind.PDF), len(PLACEHOLDER_PDF)
    attachment.file.save("dibao-zqyjg.pdf", ContentFile(PLACEHOLDER_PDF), save=True)
    consultation = _open(consultation, drafter, reviewer)
    shown = _comment(consultation, 3, "建议在第三条中明确可以由村（社区）代为提出申请。",
                     "林雅琴", show_name=True, on=start + dt.timedelta(days=1))  # fmt: skip
    comments.publish_comment(actor=drafter, comment=shown)
    masked = _comment(consultation, 4, "3个工作日太紧，建议改为5个工作日。我的电话13912345678。",
                      "钱国栋", on=start + dt.timedelta(days=2))  # fmt: skip
    comments.publish_comment(actor=drafter, comment=masked,
                             public_content="3个工作日太紧，建议改为5个工作日。")  # fmt: skip
    off = _comment(consultation, None, "欢迎访问本店网站购买保健品。", "推广",
                   on=start + dt.timedelta(days=2))  # fmt: skip
    comments.reject_comment(actor=drafter, comment=off, reason="advertising")
    _comment(consultation, None, "建议同步公布办理流程图。", "许丽华",
             on=start + dt.timedelta(days=3))  # fmt: skip


def _closed_overdue(org, drafter, reviewer, today) -> None:
    start = today - dt.timedelta(days=75)
    consultation = _create(
        org, drafter, title=OVERDUE_TITLE, draft=OVERDUE_DRAFT, start=start, days=30,
        kind=DraftKind.MAJOR_DECISION,
        summary="规范养老服务设施的规划、配建、移交和使用管理。",
        explanation="落实《养老机构管理办法》和省居家养老服务条例的要求。",
    )  # fmt: skip
    consultation = _open(consultation, drafter, reviewer)
    _comment(consultation, 2, "建议配建标准提高到每百户30平方米。", "郭明")
    drafting.close_consultation(
        actor=drafter, consultation=consultation, today=consultation.ends_on + dt.timedelta(days=1)
    )


def seed() -> int:
    """Create what is missing; return how many consultations were created now."""
    org = Organisation.objects.filter(slug="mzj").first()
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=[DRAFTER, REVIEWER])
    }
    if org is None or len(users) < 2:
        return 0  # portal.demo.organisations has not run
    today = timezone.localdate()
    created = 0
    steps = ((CLOSED_TITLE, _closed_with_feedback), (OPEN_TITLE, _open_with_comments),
             (OVERDUE_TITLE, _closed_overdue))  # fmt: skip
    for title, build in steps:
        if Consultation.objects.filter(title=title).exists():
            continue
        with transaction.atomic():
            build(org, users[DRAFTER], users[REVIEWER], today)
        created += 1
    return created
