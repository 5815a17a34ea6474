"""Consultations reached through the real services (drafted, submitted, opened by a second
person), and the staff who do it."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from catalog import roles
from interaction.consultations.models import Consultation
from interaction.consultations.services import comments, drafting
from interaction.consultations.windows import DraftKind
from tests.factories import make_staff

COMMENTER_NAME = "周明远"
COMMENTER_PHONE = "13812345678"
COMMENTER_EMAIL = "zhou.my@example.com"

DRAFT = """<p>某某县城市绿化管理办法（征求意见稿）</p>
<p>第一条　为了加强城市绿化管理，改善生态环境，制定本办法。</p>
<p>第二条　本办法适用于本县城市规划区内的城市绿化规划、建设、保护和管理。</p>
<p>第三条　任何单位和个人不得擅自占用城市绿地。确需临时占用的，应当经县住房和城乡建设局同意。</p>
<p>第四条　本办法自2027年3月1日起施行。</p>"""


def drafter_of(organisation):
    return make_staff(role=roles.CASEWORKER, organisations=[organisation])


def reviewer_of(organisation):
    return make_staff(role=roles.REVIEWER, organisations=[organisation])


def supervisor_of(organisation):
    return make_staff(role=roles.SUPERVISOR, organisations=[organisation])


def draft_consultation(organisation, *, drafter=None, starts_on=None, days=30, **fields):
    drafter = drafter or drafter_of(organisation)
    starts_on = starts_on or timezone.localdate()
    values = {
        "title": "关于公开征求《某某县城市绿化管理办法（征求意见稿）》意见的公告",
        "draft_kind": DraftKind.RULES,
        "summary": "明确城市绿地的规划、建设、保护和管理职责。",
        "draft_html": DRAFT,
        "explanation": "依据《城市绿化条例》，结合本县实际起草。",
        "starts_on": starts_on,
        "ends_on": starts_on + dt.timedelta(days=days - 1),
        "contact_department": "县住房和城乡建设局法规科",
        "contact_phone": "0570-7654321",
        "contact_email": "fgk@example.gov.cn",
        **fields,
    }
    return drafting.create_consultation(actor=drafter, organisation=organisation, **values)


def open_consultation(organisation, *, split: bool = True, **kwargs) -> Consultation:
    """A consultation in 征集中, split into its four articles, opened by a second person."""
    drafter = kwargs.pop("drafter", None) or drafter_of(organisation)
    consultation = draft_consultation(organisation, drafter=drafter, **kwargs)
    if split:
        drafting.split_draft_into_articles(actor=drafter, consultation=consultation)
    drafting.submit_consultation(actor=drafter, consultation=consultation)
    drafting.open_consultation(
        actor=reviewer_of(organisation), consultation=consultation, today=consultation.starts_on
    )
    consultation.refresh_from_db()
    return consultation


def comment_on(consultation, *, article_number=None, content="建议增加对行道树保护的规定。",
               **kwargs):  # fmt: skip
    article = (
        consultation.articles.get(number=article_number) if article_number is not None else None
    )
    values = {"name": COMMENTER_NAME, "phone": COMMENTER_PHONE, "email": COMMENTER_EMAIL,
              "today": consultation.starts_on, **kwargs}  # fmt: skip
    return comments.submit_comment(
        consultation=consultation, article=article, content=content, **values
    )
