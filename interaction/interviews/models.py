"""在线访谈 and 新闻发布会: the event, its guests, its record (文字实录), the citizens' questions and
the event trail.

A question's ``contact`` is personal data: required (so staff can clarify a question before
the guests take it), never on a public page, a feed, search or a log line; staff read it only
on the moderation page, and each opening is logged (interaction.access_log, RecordKind.QUESTION).
The nickname is optional and public. The public text of a question is ``public_text``, set by
the moderator when accepting it and checked by the privacy scan.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organisation, OrganisationScopedQuerySet
from interaction.interviews.workflow import (
    ACTION_LABELS,
    PHASE_LABELS,
    PUBLISHED,
    QUESTION_ACTION_LABELS,
    QUESTION_PUBLIC,
    QUESTION_STATUS_LABELS,
    STATUS_LABELS,
    Phase,
    QuestionStatus,
    Status,
    phase,
)

STATUS_CHOICES = [(s.value, label) for s, label in STATUS_LABELS.items()]
QUESTION_STATUS_CHOICES = [(s.value, label) for s, label in QUESTION_STATUS_LABELS.items()]


def _upload_path(folder: str, filename: str) -> str:
    # Under a random name: the original name is the uploader's, never trusted.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"interviews/{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def guest_photo_path(instance, filename: str) -> str:
    return _upload_path("guests", filename)


def entry_image_path(instance, filename: str) -> str:
    return _upload_path("images", filename)


def video_path(instance, filename: str) -> str:
    return _upload_path("videos", filename)


class InterviewQuerySet(OrganisationScopedQuerySet):
    def published(self):
        """The one public gate: approved by a second person, not taken back."""
        return self.filter(status__in=[s.value for s in PUBLISHED], organisation__is_active=True)


class Interview(models.Model):
    class Kind(models.TextChoices):
        INTERVIEW = "interview", "在线访谈"
        PRESS = "press", "新闻发布会"

    organisation = models.ForeignKey(
        Organisation, verbose_name="主办机构", on_delete=models.PROTECT, related_name="interviews"
    )
    kind = models.CharField("类型", max_length=20, choices=Kind, default=Kind.INTERVIEW)
    topic = models.CharField("主题", max_length=100)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=100, blank=True)
    host = models.CharField("主持人", max_length=50, blank=True)
    summary = models.TextField("内容简介", max_length=3000)
    video = models.FileField("视频文件", upload_to=video_path, max_length=200, blank=True)
    video_kind = models.CharField("视频格式", max_length=10, blank=True, editable=False)
    video_transcript = models.TextField(
        "视频文字稿",
        blank=True,
        help_text="视频的文字替代内容，供无法观看视频的读者阅读；上传视频时必填。",
    )

    status = models.CharField(
        "状态", max_length=20, choices=STATUS_CHOICES, default=Status.DRAFT, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    started_at = models.DateTimeField("实际开始时间", null=True, blank=True, editable=False)
    ended_at = models.DateTimeField("实际结束时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        verbose_name = "在线访谈和新闻发布会"
        verbose_name_plural = "在线访谈和新闻发布会"
        ordering = ["-starts_at", "-id"]
        permissions = [
            ("moderate_interview", "可以审核网民提问和发布访谈实录"),
            ("publish_interview", "可以审核发布在线访谈和新闻发布会"),
        ]
        indexes = [
            models.Index(fields=["organisation", "kind", "starts_at"], name="interview_org_idx"),
            models.Index(fields=["status", "-starts_at"], name="interview_public_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="interview_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(s.value for s in PUBLISHED))
                | (Q(approved_by__isnull=False) & Q(published_at__isnull=False)),
                name="published_interviews_were_approved",
            ),
            models.CheckConstraint(
                condition=Q(video="") | ~Q(video_transcript=""),
                name="interview_video_has_transcript",
            ),
        ]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("interaction:interview-detail", args=[self.pk])

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(Status(self.status), self.status)

    def phase(self, now=None) -> Phase:
        return phase(
            self.status,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            now=now or timezone.now(),
        )

    @property
    def phase_label(self) -> str:
        return PHASE_LABELS[self.phase()]


class Guest(models.Model):
    interview = models.ForeignKey(
        Interview, verbose_name="访谈", on_delete=models.CASCADE, related_name="guests"
    )
    name = models.CharField("姓名", max_length=30)
    title = models.CharField("职务", max_length=60)
    photo = models.FileField("照片", upload_to=guest_photo_path, max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "嘉宾"
        verbose_name_plural = "嘉宾"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.title}{self.name}"

    @property
    def alt_text(self) -> str:
        return f"{self.title}{self.name}"


class QuestionQuerySet(OrganisationScopedQuerySet):
    organisation_path = "interview__organisation"

    def public(self):
        return self.filter(
            status__in=[s.value for s in QUESTION_PUBLIC],
            interview__in=Interview.objects.published(),
        )


class Question(models.Model):
    interview = models.ForeignKey(
        Interview, verbose_name="访谈", on_delete=models.PROTECT, related_name="questions"
    )
    number = models.CharField("编号", max_length=30, unique=True, editable=False)
    nickname = models.CharField("网名", max_length=20, blank=True)
    text = models.TextField("提问内容", max_length=500)
    # Personal data: never public, seen only on the moderation page (logged).
    contact = models.CharField("联系方式", max_length=100)
    public_text = models.TextField("公开的提问内容", blank=True)
    status = models.CharField(
        "状态",
        max_length=20,
        choices=QUESTION_STATUS_CHOICES,
        default=QuestionStatus.PENDING,
        editable=False,
    )
    rejection_reason = models.CharField("不予采用理由", max_length=200, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True, editable=False)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField("提问时间", default=timezone.now, editable=False)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "网民提问"
        verbose_name_plural = "网民提问"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["interview", "status"], name="interview_question_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="rejected_questions_have_a_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "answered"]) | ~Q(public_text=""),
                name="shown_questions_have_a_public_text",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def status_label(self) -> str:
        return QUESTION_STATUS_LABELS.get(QuestionStatus(self.status), self.status)

    @property
    def public_nickname(self) -> str:
        return self.nickname or "网友"


class RecordEntryQuerySet(OrganisationScopedQuerySet):
    organisation_path = "interview__organisation"

    def public(self):
        return self.filter(interview__in=Interview.objects.published())


class RecordEntry(models.Model):
    """One entry of the record (文字实录), in the order posted (``id``)."""

    class Kind(models.TextChoices):
        HOST = "host", "主持人"
        GUEST = "guest", "嘉宾发言"
        ANSWER = "answer", "网友提问及嘉宾答复"
        IMAGE = "image", "图片"

    interview = models.ForeignKey(
        Interview, verbose_name="访谈", on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField("类型", max_length=10, choices=Kind)
    guest = models.ForeignKey(
        Guest,
        verbose_name="发言嘉宾",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    question = models.OneToOneField(
        Question,
        verbose_name="所答提问",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answer",
    )
    text = models.TextField("内容", max_length=5000, blank=True)
    image = models.FileField("图片", upload_to=entry_image_path, max_length=200, blank=True)
    alt_text = models.CharField("图片说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("发布时间", default=timezone.now)
    corrected_at = models.DateTimeField("更正时间", null=True, blank=True, editable=False)
    correction_note = models.CharField("更正说明", max_length=200, blank=True, editable=False)

    objects = RecordEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "访谈实录"
        verbose_name_plural = "访谈实录"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["guest", "answer"]) | Q(guest__isnull=False),
                name="guest_entries_name_the_guest",
            ),
            models.CheckConstraint(
                condition=~Q(kind="answer") | Q(question__isnull=False),
                name="answer_entries_name_the_question",
            ),
            models.CheckConstraint(
                condition=~Q(kind="image") | (~Q(image="") & ~Q(alt_text="")),
                name="image_entries_have_alt_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class InterviewEvent(models.Model):
    """Immutable audit row: who did what to an event or one of its questions, when."""

    interview = models.ForeignKey(
        Interview, verbose_name="访谈", on_delete=models.CASCADE, related_name="events"
    )
    question = models.ForeignKey(
        Question,
        verbose_name="提问",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(
        "操作",
        max_length=20,
        choices=[
            *((a.value, label) for a, label in ACTION_LABELS.items()),
            *((f"q_{a.value}", f"提问：{label}") for a, label in QUESTION_ACTION_LABELS.items()),
        ],
    )
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "访谈操作记录"
        verbose_name_plural = "访谈操作记录"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"
