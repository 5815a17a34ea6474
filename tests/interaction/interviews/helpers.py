"""Builders for 在线访谈: every state is reached through the real services."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re

from django.test import Client
from django.utils import timezone

from catalog import roles
from interaction.interviews import services
from interaction.interviews.models import Interview, Question
from tests.factories import make_staff

PHONE = "13912345678"
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
    b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64


def drafter_of(org, **kwargs):
    return make_staff(role=roles.CASEWORKER, organisations=[org], **kwargs)


def chief_of(org, **kwargs):
    return make_staff(role=roles.SUPERVISOR, organisations=[org], **kwargs)


def draft(org, drafter, *, kind=Interview.Kind.INTERVIEW, starts_at=None, ends_at=None, **kw):
    starts_at = starts_at or timezone.now() + dt.timedelta(days=1)
    ends_at = ends_at or starts_at + dt.timedelta(hours=2)
    interview = services.create_interview(
        user=drafter,
        organisation=org,
        kind=kind,
        topic=kw.pop("topic", "深化社会组织改革"),
        starts_at=starts_at,
        ends_at=ends_at,
        summary=kw.pop("summary", "局领导介绍社会组织登记管理改革情况并回答网友提问。"),
        place="示例县民政局",
        host="李主持",
        **kw,
    )
    services.add_guest(user=drafter, interview=interview, name="王建国", title="示例县民政局副局长")
    return interview


def published(org, drafter, chief, **kwargs) -> Interview:
    interview = draft(org, drafter, **kwargs)
    services.submit_interview(user=drafter, interview=interview)
    return services.approve_interview(user=chief, interview=interview)


def live(org, drafter, chief, **kwargs) -> Interview:
    now = timezone.now()
    return published(
        org,
        drafter,
        chief,
        starts_at=now - dt.timedelta(minutes=30),
        ends_at=now + dt.timedelta(hours=1),
        **kwargs,
    )


def ask(interview, text="请问社会组织年检何时改为年度报告？", **kwargs) -> Question:
    return services.ask_question(
        interview=interview,
        nickname=kwargs.get("nickname", "热心市民"),
        text=text,
        contact=kwargs.get("contact", PHONE),
    )


def form_token(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return htmllib.unescape(re.search(r'name="form_token" value="([^"]+)"', page).group(1))
