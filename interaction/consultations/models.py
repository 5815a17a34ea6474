"""意见征集: a draft put out for public comment, its articles, the comments on it and the
published account of which opinions were adopted (采纳情况反馈).

The commenter's name and contact are personal data: required to comment, never shown on a
public page, a feed, search or a log line; the name is shown only with the commenter's consent,
the contact never. A comment goes online only after moderation, in its public version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organisation, OrganisationScopedQuerySet
from interaction.consultations.articles import article_label
from interaction.consultations.windows import DRAFT_KIND_LABELS, DraftKind
from interaction.consultations.workflow import (
    ACTION_LABELS,
    COMMENT_STATE_LABELS,
    DECISION_LABELS,
    OFFLINE_SOURCE_LABELS,
    PUBLIC,
    REJECTION_LABELS,
    STATUS_LABELS,
    Action,
    CommentState,
    RejectionReason,
    Status,
)

DEFAULT_FEEDBACK_DAYS = 10


def _choices(labels: dict) -> list[tuple[str, str]]:
    return [(key.value, label) for key, label in labels.items()]


class ConsultationQuerySet(OrganisationScopedQuerySet):
    def public(self):
        """The one public gate: consultations from their opening on, of active organisations."""
        return self.filter(status__in=list(PUBLIC), organisation__is_active=True)

    def feedback_owed(self):
        return self.filter(status__in=[Status.CLOSED, Status.FEEDBACK_REVIEW])


class Consultation(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="征集机构",
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    title = models.CharField("事项名称", max_length=200)
    draft_kind = models.CharField(
        "草案类别", max_length=20, choices=[(k.value, v) for k, v in DRAFT_KIND_LABELS.items()],
        default=DraftKind.OTHER,
    )  # fmt: skip
    summary = models.TextField("主要内容", help_text="向公众简要说明草案的主要内容。")
    draft_html = models.TextField("草案全文", blank=True, help_text="保存时自动清理不安全的格式。")
    explanation = models.TextField("起草说明（依据和理由）")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("截止日期")
    shortened_reason = models.TextField(
        "缩短理由", blank=True, help_text="征求意见期限少于法定最短期限时必须填写，并向社会公布。"
    )
    contact_department = models.CharField("反馈部门", max_length=100)
    contact_phone = models.CharField("联系电话", max_length=40, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    contact_address = models.CharField("通信地址", max_length=200, blank=True)
    feedback_days = models.PositiveSmallIntegerField(
        "采纳情况反馈期限（工作日）", default=DEFAULT_FEEDBACK_DAYS,
        help_text="自征集截止之日起算（截止日不计入）。",
    )  # fmt: skip
    feedback_due_on = models.DateField("采纳情况反馈期限", null=True, blank=True, editable=False)
    feedback_due_provisional = models.BooleanField("反馈期限为暂估", default=False, editable=False)
    status = models.CharField(
        "状态", max_length=20, choices=_choices(STATUS_LABELS),
        default=Status.DRAFT, editable=False,
    )  # fmt: skip
    final_disclosure = models.ForeignKey(
        "disclosures.Disclosure", verbose_name="正式发布的文件", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="consultations",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )  # fmt: skip
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )  # fmt: skip
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )  # fmt: skip
    opened_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    closed_at = models.DateTimeField("截止处理时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        app_label = "interaction"
        verbose_name = "意见征集"
        verbose_name_plural = "意见征集"
        ordering = ["-starts_on", "-id"]
        permissions = [
            ("submit_consultation", "提交意见征集审核"),
            ("open_consultation", "审核发布意见征集"),
            ("publish_feedback", "审核公布采纳情况"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="consultation_dates_order"
            ),
        ]
        indexes = [models.Index(fields=["status", "-starts_on"], name="consultation_status_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interaction:consultation-detail", args=[self.pk])

    def phase(self, today=None) -> str:
        """What the public sees: 即将开始 / 征集中 / 已截止 / 已反馈 (the dates decide)."""
        today = today or timezone.localdate()
        if self.status == Status.OPEN:
            if today < self.starts_on:
                return "即将开始"
            return "征集中" if today <= self.ends_on else "已截止"
        if self.status == Status.PUBLISHED:
            return "已反馈"
        return (
            STATUS_LABELS[Status(self.status)]
            if self.status != Status.FEEDBACK_REVIEW
            else "已截止"
        )

    def accepts_comments(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == Status.OPEN and self.starts_on <= today <= self.ends_on


class DraftArticle(models.Model):
    consultation = models.ForeignKey(
        Consultation, verbose_name="意见征集", on_delete=models.CASCADE, related_name="articles"
    )
    number = models.PositiveSmallIntegerField("条号")
    heading = models.CharField("标题", max_length=100, blank=True)
    text = models.TextField("条文")

    class Meta:
        app_label = "interaction"
        verbose_name = "草案条文"
        verbose_name_plural = "草案条文"
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="article_number_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return article_label(self.number)


class ConsultationAttachment(models.Model):
    consultation = models.ForeignKey(
        Consultation, verbose_name="意见征集", on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField("附件名称", max_length=200)
    file = models.FileField("文件", upload_to="consultations/%Y/")
    kind = models.CharField("文件类型", max_length=20, editable=False, blank=True)
    size = models.PositiveIntegerField("大小", default=0, editable=False)

    class Meta:
        app_label = "interaction"
        verbose_name = "草案附件"
        verbose_name_plural = "草案附件"
        ordering = ["consultation", "id"]

    def __str__(self) -> str:
        return self.title


class CommentQuerySet(OrganisationScopedQuerySet):
    organisation_path = "consultation__organisation"

    def shown(self):
        return self.filter(state=CommentState.PUBLISHED)

    def counted(self):
        """The opinions received: every comment but those kept off as a duplicate or an
        advertisement (no opinion on the draft at all)."""
        return self.exclude(
            state=CommentState.REJECTED,
            rejection_reason__in=[RejectionReason.DUPLICATE, RejectionReason.ADVERTISING],
        )


class Comment(models.Model):
    consultation = models.ForeignKey(
        Consultation, verbose_name="意见征集", on_delete=models.CASCADE, related_name="comments"
    )
    article = models.ForeignKey(
        DraftArticle, verbose_name="针对条文", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="comments",
    )  # fmt: skip
    number = models.CharField("回执编号", max_length=30, unique=True, editable=False)
    content = models.TextField("意见内容")
    public_content = models.TextField(
        "公开内容", blank=True, help_text="审核后公开的文本，可去除个人信息。"
    )
    commenter_name = models.CharField("姓名", max_length=50)
    commenter_phone = models.CharField("联系电话", max_length=30, blank=True)
    commenter_email = models.EmailField("电子邮箱", blank=True)
    commenter_organisation = models.CharField("所在单位", max_length=100, blank=True)
    show_name = models.BooleanField("同意公开姓名", default=False)
    state = models.CharField(
        "审核状态", max_length=20, editable=False, default=CommentState.PENDING,
        choices=_choices(COMMENT_STATE_LABELS),
    )  # fmt: skip
    rejection_reason = models.CharField(
        "不予公开理由", max_length=20, blank=True, editable=False,
        choices=_choices(REJECTION_LABELS),
    )  # fmt: skip
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )  # fmt: skip
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        app_label = "interaction"
        verbose_name = "征集意见"
        verbose_name_plural = "征集意见"
        ordering = ["-submitted_at", "-id"]
        permissions = [
            ("moderate_comment", "审核征集意见"),
            ("export_comment_contacts", "导出征集意见人联系方式"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=CommentState.REJECTED) | ~Q(rejection_reason=""),
                name="comment_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def public_name(self) -> str:
        """What the public page says about who wrote it: the name only with consent."""
        if self.show_name:
            return self.commenter_name
        return "网友"


class FeedbackQuerySet(OrganisationScopedQuerySet):
    organisation_path = "consultation__organisation"


class Feedback(models.Model):
    """采纳情况: the published account of the opinions received and what was done with them."""

    consultation = models.OneToOneField(
        Consultation, verbose_name="意见征集", on_delete=models.CASCADE, related_name="feedback"
    )
    overview = models.TextField("总体情况说明", blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )  # fmt: skip
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", editable=False,
    )  # fmt: skip
    online_count = models.PositiveIntegerField("网上收到意见数", default=0, editable=False)
    published_at = models.DateTimeField("公布时间", null=True, blank=True, editable=False)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        app_label = "interaction"
        verbose_name = "采纳情况反馈"
        verbose_name_plural = "采纳情况反馈"

    def __str__(self) -> str:
        return f"{self.consultation}的采纳情况"

    @property
    def offline_count(self) -> int:
        return sum(o.count for o in self.offline_opinions.all())

    @property
    def total_count(self) -> int:
        return self.online_count + self.offline_count


class OfflineOpinion(models.Model):
    feedback = models.ForeignKey(
        Feedback, verbose_name="采纳情况", on_delete=models.CASCADE, related_name="offline_opinions"
    )
    source = models.CharField("来源", max_length=20, choices=_choices(OFFLINE_SOURCE_LABELS))
    count = models.PositiveIntegerField("意见条数")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        app_label = "interaction"
        verbose_name = "线下收集的意见"
        verbose_name_plural = "线下收集的意见"
        ordering = ["feedback", "id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.count}条"


class FeedbackEntry(models.Model):
    feedback = models.ForeignKey(
        Feedback, verbose_name="采纳情况", on_delete=models.CASCADE, related_name="entries"
    )
    article = models.ForeignKey(
        DraftArticle, verbose_name="涉及条文", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    summary = models.TextField("意见概要")
    count = models.PositiveIntegerField("意见条数", default=1)
    decision = models.CharField("处理结果", max_length=20, choices=_choices(DECISION_LABELS))
    reason = models.TextField("理由说明", blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        app_label = "interaction"
        verbose_name = "意见采纳情况"
        verbose_name_plural = "意见采纳情况"
        ordering = ["feedback", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(count__gte=1), name="feedback_entry_count_positive")
        ]

    def __str__(self) -> str:
        return self.summary[:30]


class ConsultationEvent(models.Model):
    consultation = models.ForeignKey(
        Consultation, verbose_name="意见征集", on_delete=models.CASCADE, related_name="events"
    )
    comment = models.ForeignKey(
        Comment, verbose_name="意见", null=True, blank=True, on_delete=models.CASCADE,
        related_name="events",
    )  # fmt: skip
    at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    action = models.CharField("操作", max_length=30, choices=_choices(ACTION_LABELS))
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        app_label = "interaction"
        verbose_name = "意见征集办理记录"
        verbose_name_plural = "意见征集办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


__all__ = [
    "Action",
    "Comment",
    "Consultation",
    "ConsultationAttachment",
    "ConsultationEvent",
    "DraftArticle",
    "Feedback",
    "FeedbackEntry",
    "OfflineOpinion",
]
