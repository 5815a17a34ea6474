"""Demo 在线访谈 and 新闻发布会 of 示例县民政局, walked through the real services (drafted by
the 经办人, approved by the 审核员: four eyes):

- an archived 在线访谈 (a deputy director on 社会组织改革, two guests, the record, citizens'
  questions answered, one not taken with its reason);
- a live 在线访谈 (begun an hour before seeding, ending two hours after) with a few entries, an
  answered question and one waiting for moderation;
- 例行新闻发布会 in the two quarters before the last one (the last quarter has none: the
  supervisor's dashboard shows it overdue) and one announced for later this quarter.

Idempotent by organisation and topic. Times of the archived event's questions and answers are
set to the event's own afternoon after the services ran (the services stamp ``now``).
"""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from catalog.models import Organisation
from interaction.interviews import services
from interaction.interviews.models import Interview, Question, RecordEntry
from interaction.interviews.quarters import quarter_bounds, quarter_of

DRAFTER, APPROVER = "mzj_jbr", "mzj_shy"
ARCHIVED_TOPIC = "深化社会组织改革 激发社会组织活力"
LIVE_TOPIC = "困难群众救助政策解读"
GUESTS = [("李卫国", "示例县民政局副局长"), ("张敏", "示例县民政局社会组织管理股股长")]
ARCHIVE_RECORD = [
    (
        "host",
        None,
        "各位网友，大家好！今天我们邀请到县民政局副局长李卫国、社会组织管理股股长张敏，"
        "就深化社会组织改革与大家在线交流。",
    ),
    (
        "guest",
        0,
        "近年来，我县稳妥推进行业协会商会与行政机关脱钩改革，全县已有38家行业协会商会"
        "完成脱钩，社会组织总数达到412家。",
    ),
    (
        "guest",
        1,
        "今年起，社会组织年检改为年度报告制度，社会组织通过网上系统报送年度工作报告即可，"
        "不再提交纸质材料。",
    ),
]
ARCHIVE_QUESTIONS = [
    (
        "社区志愿服务队",
        "社区社会组织怎么备案？需要哪些材料？",
        0,
        "社区社会组织实行备案管理，向所在乡镇（街道）提交备案表、负责人身份证明和活动场所证明即可，"
        "材料齐全的当场办理。",
    ),
    (
        "",
        "年检改为年度报告后，逾期不报有什么后果？",
        1,
        "未按时报送年度报告的，登记管理机关将责令限期报送；逾期仍不报送的，列入活动异常名录，"
        "并向社会公布。",
    ),
]


def _png(name: str, size: tuple[int, int], shapes) -> SimpleUploadedFile:
    """A plain drawn placeholder picture (the demo has no photographs of real people)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (226, 236, 245))
    draw = ImageDraw.Draw(image)
    for kind, box, colour in shapes:
        getattr(draw, kind)(box, fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _portrait() -> SimpleUploadedFile:
    return _png(
        "portrait.png",
        (240, 320),
        [
            ("ellipse", (70, 50, 170, 160), (150, 165, 185)),
            ("ellipse", (30, 180, 210, 380), (90, 110, 140)),
        ],
    )


def _scene() -> SimpleUploadedFile:
    return _png(
        "scene.png",
        (640, 360),
        [
            ("rectangle", (0, 250, 640, 360), (170, 120, 80)),
            ("rectangle", (60, 40, 580, 180), (200, 40, 40)),
            ("ellipse", (140, 150, 220, 250), (90, 110, 140)),
            ("ellipse", (420, 150, 500, 250), (90, 110, 140)),
        ],
    )


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _publish(
    org, drafter, approver, *, kind, topic, starts_at, ends_at, summary, guests, photos=False
):
    interview = services.create_interview(
        user=drafter,
        organisation=org,
        kind=kind,
        topic=topic,
        starts_at=starts_at,
        ends_at=ends_at,
        summary=summary,
        place="示例县民政局三楼会议室" if kind == Interview.Kind.INTERVIEW else "县政府新闻发布厅",
        host="县政府办公室 王主持",
    )
    for n, (name, title) in enumerate(guests):
        services.add_guest(
            user=drafter,
            interview=interview,
            name=name,
            title=title,
            sort_order=n,
            photo=_portrait() if photos else None,
        )
    services.submit_interview(user=drafter, interview=interview)
    return services.approve_interview(user=approver, interview=interview)


def _answer(interview, drafter, guests, nickname, text, guest_index, answer, *, asked_at):
    question = services.ask_question(
        interview=interview, nickname=nickname, text=text, contact="13800000000", now=asked_at
    )
    services.accept_question(user=drafter, question=question)
    entry = services.answer_question(
        user=drafter, question=question, guest=guests[guest_index], text=answer
    )
    return question, entry


@transaction.atomic
def seed(*, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    org = Organisation.objects.filter(slug="mzj").first()
    drafter, approver = _user(DRAFTER), _user(APPROVER)
    if org is None or drafter is None or approver is None:
        return 0
    existing = set(Interview.objects.filter(organisation=org).values_list("topic", flat=True))
    created = 0

    if ARCHIVED_TOPIC not in existing:
        day = today - dt.timedelta(days=45)
        start = _at(day, 15)
        interview = _publish(
            org,
            drafter,
            approver,
            kind=Interview.Kind.INTERVIEW,
            topic=ARCHIVED_TOPIC,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1, minutes=30),
            summary="县民政局副局长李卫国做客在线访谈，介绍社会组织登记管理改革、行业协会商会脱钩、"
            "年度报告制度等情况，并回答网友提问。",
            guests=GUESTS,
            photos=True,
        )
        guests = list(interview.guests.all())
        services.add_entry(
            user=drafter,
            interview=interview,
            kind="image",
            image=_scene(),
            alt_text="访谈现场：两位嘉宾在直播间就座，背景为本期访谈主题背景板（示意图）",
        )
        for n, (kind, guest, text) in enumerate(ARCHIVE_RECORD):
            entry = services.add_entry(
                user=drafter,
                interview=interview,
                kind=kind,
                text=text,
                guest=guests[guest] if guest is not None else None,
            )
            RecordEntry.objects.filter(pk=entry.pk).update(
                created_at=start + dt.timedelta(minutes=2 + 5 * n)
            )
        for n, (nickname, text, guest, answer) in enumerate(ARCHIVE_QUESTIONS):
            asked = start + dt.timedelta(minutes=20 + 10 * n)
            question, entry = _answer(
                interview, drafter, guests, nickname, text, guest, answer, asked_at=asked
            )
            answered = asked + dt.timedelta(minutes=5)
            Question.objects.filter(pk=question.pk).update(moderated_at=asked, answered_at=answered)
            RecordEntry.objects.filter(pk=entry.pk).update(created_at=answered)
        off_topic = services.ask_question(
            interview=interview,
            nickname="",
            text="我家门口路灯坏了谁来修？",
            contact="13800000001",
            now=start + dt.timedelta(minutes=50),
        )
        services.reject_question(
            user=drafter,
            question=off_topic,
            reason="与本次访谈主题无关，已建议通过“咨询投诉”渠道反映。",
        )
        created += 1

    if LIVE_TOPIC not in existing:
        now = timezone.now()
        interview = _publish(
            org,
            drafter,
            approver,
            kind=Interview.Kind.INTERVIEW,
            topic=LIVE_TOPIC,
            starts_at=now - dt.timedelta(hours=1),
            ends_at=now + dt.timedelta(hours=2),
            summary="县民政局社会救助股负责同志解读最低生活保障、特困人员供养和临时救助政策，欢迎网友提问。",
            guests=[("周红", "示例县民政局社会救助股股长")],
        )
        guests = list(interview.guests.all())
        services.add_entry(
            user=drafter,
            interview=interview,
            kind="host",
            text="网友们好，欢迎收看本期在线访谈。今天我们聊一聊困难群众救助政策。",
        )
        services.add_entry(
            user=drafter,
            interview=interview,
            kind="guest",
            guest=guests[0],
            text="今年我县城乡低保标准统一提高到每人每月900元。",
        )
        _answer(
            interview,
            drafter,
            guests,
            "网友小李",
            "低保申请要多长时间能批下来？",
            0,
            "乡镇（街道）受理后一般在30个工作日内办结，情况复杂的可以延长15个工作日。",
            asked_at=now - dt.timedelta(minutes=20),
        )
        services.ask_question(
            interview=interview,
            nickname="",
            text="临时救助一年可以申请几次？",
            contact="13800000002",
            now=now - dt.timedelta(minutes=5),
        )
        created += 1

    # 例行新闻发布会: held in the quarters two and three back, none in the last one (overdue).
    year, quarter = today.year, quarter_of(today)
    for back in (3, 2):
        q, y = quarter - back, year
        while q < 1:
            q, y = q + 4, y - 1
        first, _ = quarter_bounds(y, q)
        topic = f"{y}年第{'一二三四'[q - 1]}季度民政工作例行新闻发布会"
        if topic in existing:
            continue
        start = _at(first + dt.timedelta(days=40), 10)
        _publish(
            org,
            drafter,
            approver,
            kind=Interview.Kind.PRESS,
            topic=topic,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            summary="通报本季度民政重点工作进展，回答记者提问。",
            guests=[("李卫国", "示例县民政局副局长")],
        )
        created += 1
    _, last = quarter_bounds(year, quarter)
    upcoming = f"{year}年第{'一二三四'[quarter - 1]}季度民政工作例行新闻发布会"
    if upcoming not in existing and (last - today).days >= 3:
        start = _at(today + dt.timedelta(days=min(10, (last - today).days - 1)), 10)
        _publish(
            org,
            drafter,
            approver,
            kind=Interview.Kind.PRESS,
            topic=upcoming,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            summary="通报本季度民政重点工作进展，回答记者提问。欢迎网友提前提问。",
            guests=[("李卫国", "示例县民政局副局长")],
        )
        created += 1
    return created
