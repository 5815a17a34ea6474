"""点题公开: per organisation a standing call (TopicCall) in which citizens suggest what the
agency should publish proactively (《中华人民共和国政府信息公开条例》第四十四条), the suggestions,
the staff's answer and the event trail.

The suggester's name and contact are personal data: shown only on the staff handling page
(logged, interaction.access_log), never on a public page, in a feed, the search or a mail to
anyone else. What goes online is the moderated public version (``public_subject``,
``public_description``) with the approved answer, and only with the suggester's consent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.models import Category, Organisation, OrganisationScopedQuerySet, TopicCategory
from interaction.topics.rules import DEFAULT_ANSWER_DAYS, MAX_ANSWER_DAYS
from interaction.topics.workflow import (
    ACTION_LABELS,
    ANSWER_LABELS,
    OPEN,
    REFUSAL_LABELS,
    STATUS_LABELS,
    AnswerKind,
    Status,
)

STATUS_CHOICES = [(s.value, label) for s, label in STATUS_LABELS.items()]
ANSWER_CHOICES = [(a.value, label) for a, label in ANSWER_LABELS.items()]
REFUSAL_CHOICES = [(r.value, label) for r, label in REFUSAL_LABELS.items()]


class TopicCall(models.Model):
    """The standing 点题公开 call of one organisation: open or not, its text, its answer limit.

    One row per organisation (a model rather than fields on Organisation: catalog imports no
    other app, and the call belongs to 互动交流)."""

    organisation = models.OneToOneField(
        Organisation, verbose_name="机构", on_delete=models.CASCADE, related_name="topic_call"
    )
    is_open = models.BooleanField("接受点题建议", default=True)
    introduction = models.TextField(
        "征集说明", blank=True, help_text="向公众说明可以建议公开哪些信息、如何答复。"
    )
    answer_days = models.PositiveSmallIntegerField(
        "答复时限（工作日）",
        default=DEFAULT_ANSWER_DAYS,
        help_text=f"自收到建议之日起计算，1至{MAX_ANSWER_DAYS}个工作日。",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "点题公开设置"
        verbose_name_plural = "点题公开设置"
        ordering = ["organisation__sort_order", "organisation_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_days__gte=1) & Q(answer_days__lte=MAX_ANSWER_DAYS),
                name="topic_call_answer_days_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}点题公开"

    def get_absolute_url(self) -> str:
        return reverse("interaction:topics-suggest", args=[self.organisation.slug])


class SuggestionQuerySet(OrganisationScopedQuerySet):
    def open(self):
        return self.filter(status__in=[s.value for s in OPEN])

    def answered(self):
        return self.filter(status=Status.ANSWERED)

    def published(self):
        """The one public gate: answered, moderated, published with the suggester's consent."""
        return self.filter(status=Status.ANSWERED, is_public=True, publish_consent=True)

    def overdue(self, on):
        return self.open().filter(due_on__lt=on)

    def promises_overdue(self, on):
        """将予公开 answers whose planned date has passed with no published item linked."""
        return self.answered().filter(
            answer_kind=AnswerKind.WILL_PUBLISH, disclosure__isnull=True, planned_on__lt=on
        )


class Suggestion(models.Model):
    number = models.CharField("编号", max_length=30, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, verbose_name="机构", on_delete=models.PROTECT, related_name="suggestions"
    )
    subject = models.CharField("建议公开的信息", max_length=100)
    description = models.TextField("具体内容", max_length=2000)
    reason = models.TextField("建议理由", max_length=1000, blank=True)
    column = models.ForeignKey(
        Category,
        verbose_name="建议栏目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(
        TopicCategory,
        verbose_name="主题分类",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Personal data: never public, never logged, shown only on the handling page.
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    publish_consent = models.BooleanField("同意公开建议（不含姓名）", default=False)

    status = models.CharField(
        "状态", max_length=20, choices=STATUS_CHOICES, default=Status.RECEIVED, editable=False
    )
    submitted_at = models.DateTimeField("提交时间", default=timezone.now, editable=False)
    received_on = models.DateField("收到日期", editable=False)
    answer_days = models.PositiveSmallIntegerField(
        "答复时限（工作日）", default=DEFAULT_ANSWER_DAYS, editable=False
    )
    due_on = models.DateField("答复期限", editable=False, db_index=True)
    due_provisional = models.BooleanField("期限为暂定", default=False, editable=False)

    # The answer (drafted, then approved by a second person).
    answer_kind = models.CharField("答复类型", max_length=20, choices=ANSWER_CHOICES, blank=True)
    answer_text = models.TextField("答复说明", max_length=3000, blank=True)
    planned_on = models.DateField("计划公开日期", null=True, blank=True)
    disclosure = models.ForeignKey(
        "disclosures.Disclosure",
        verbose_name="已公开信息",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="topic_suggestions",
    )
    refusal_reason = models.CharField(
        "不予公开理由", max_length=40, choices=REFUSAL_CHOICES, blank=True
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_on = models.DateField("答复日期", null=True, blank=True, editable=False)
    linked_on = models.DateField("关联公开信息日期", null=True, blank=True, editable=False)

    # The moderated public version, online only with consent.
    public_subject = models.CharField("公开标题", max_length=100, blank=True)
    public_description = models.TextField("公开建议内容", blank=True)
    is_public = models.BooleanField("已公开", default=False, editable=False)
    published_at = models.DateTimeField("公开时间", null=True, blank=True, editable=False)

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = "点题建议"
        verbose_name_plural = "点题建议"
        ordering = ["-submitted_at", "-id"]
        permissions = [
            ("handle_suggestion", "可以办理点题建议"),
            ("publish_suggestion", "可以审核发布点题答复"),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"], name="suggestion_queue_idx"),
            models.Index(
                fields=["-published_at"], name="suggestion_public_idx", condition=Q(is_public=True)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_public=False) | (Q(publish_consent=True) & Q(status="answered")),
                name="suggestions_public_only_answered_with_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="answered")
                | (
                    ~Q(answer_kind="") & Q(answered_on__isnull=False) & Q(approved_by__isnull=False)
                ),
                name="answered_suggestions_have_an_approved_answer",
            ),
            models.CheckConstraint(
                condition=~Q(answer_kind="published") | Q(disclosure__isnull=False),
                name="already_published_answers_link_an_item",
            ),
            models.CheckConstraint(
                condition=~Q(answer_kind="will_publish") | Q(planned_on__isnull=False),
                name="promised_answers_have_a_planned_date",
            ),
            models.CheckConstraint(
                condition=~Q(answer_kind="not_published") | ~Q(refusal_reason=""),
                name="refusals_have_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("interaction:topics-detail", args=[self.pk])

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(Status(self.status), self.status)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def answer_label(self) -> str:
        return ANSWER_LABELS[AnswerKind(self.answer_kind)] if self.answer_kind else ""


class SuggestionEvent(models.Model):
    """Immutable audit row of a suggestion: who did what, when, from which status to which."""

    suggestion = models.ForeignKey(
        Suggestion, verbose_name="点题建议", on_delete=models.CASCADE, related_name="events"
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
        "操作", max_length=30, choices=[(a.value, label) for a, label in ACTION_LABELS.items()]
    )
    from_status = models.CharField("原状态", max_length=20, blank=True, choices=STATUS_CHOICES)
    to_status = models.CharField("新状态", max_length=20, choices=STATUS_CHOICES)
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "点题办理记录"
        verbose_name_plural = "点题办理记录"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d}"
