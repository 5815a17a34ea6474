"""互动交流: mailboxes, letters (领导信箱, 咨询投诉, 网站纠错), their replies and event trail,
time limits per organisation and category, and the 政策问答 knowledge base.

A letter belongs to the organisation handling it now (``organisation``); ``mailbox`` is the box
it was written to and stays. The writer's name and contact are personal data: they are never
shown on a public page, put in a log line or exported except to the handling staff. What goes
online is the reviewed public version (``public_subject``, ``public_content``, the replies'
``public_text``), checked by the catalogue's privacy scan, and only with the writer's consent.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from catalog.models import Organisation, OrganisationScopedQuerySet
from interaction.access_log import WriterDataAccess  # noqa: F401 - a model of this app
from interaction.consultations.models import (  # noqa: F401 - 意见征集 models of this app
    Comment,
    Consultation,
    ConsultationAttachment,
    ConsultationEvent,
    DraftArticle,
    Feedback,
    FeedbackEntry,
    OfflineOpinion,
)
from interaction.interviews.models import (  # noqa: F401 - 在线访谈 and 新闻发布会
    Guest,
    Interview,
    InterviewEvent,
    Question,
    RecordEntry,
)
from interaction.surveys.models import Survey  # noqa: F401 - 网上调查 (its models register)
from interaction.topics.models import Suggestion, SuggestionEvent, TopicCall  # noqa: F401
from interaction.workflow import (
    ACTION_LABELS,
    CATEGORY_LABELS,
    OPEN,
    REJECTION_LABELS,
    SATISFACTION_LABELS,
    STATUS_LABELS,
    Category,
    Status,
)
from kernel.query_passwords import QueryPasswordMixin

CATEGORY_CHOICES = [(c.value, CATEGORY_LABELS[c]) for c in Category]
STATUS_CHOICES = [(s.value, STATUS_LABELS[s]) for s in Status]


class Mailbox(models.Model):
    """A 信箱 of one organisation: 县长信箱 for the government, 局长信箱 for a department."""

    class Kind(models.TextChoices):
        LEADER = "leader", "领导信箱"
        CONSULTATION = "consultation", "咨询投诉"
        SITE_ERROR = "site_error", "我为政府网站找错"

    organisation = models.ForeignKey(
        Organisation, verbose_name="所属机构", on_delete=models.PROTECT, related_name="mailboxes"
    )
    kind = models.CharField("信箱类型", max_length=20, choices=Kind, default=Kind.LEADER)
    name = models.CharField("名称", max_length=50, help_text="如“县长信箱”“局长信箱”。")
    slug = models.SlugField("网址标识", max_length=50, unique=True)
    introduction = models.TextField(
        "信箱说明", blank=True, help_text="向来信人说明受理范围、办理时限和注意事项。"
    )
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "信箱"
        verbose_name_plural = "信箱"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class TimeLimit(models.Model):
    """Working-day limits for one category; an organisation's own row overrides the default
    row (organisation empty), which overrides interaction.deadlines.DEFAULTS."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="机构",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="letter_time_limits",
        help_text="留空为全站默认。",
    )
    category = models.CharField("来信类别", max_length=20, choices=CATEGORY_CHOICES)
    accept_days = models.PositiveSmallIntegerField("受理时限（工作日）", default=1)
    answer_days = models.PositiveSmallIntegerField("答复时限（工作日）")
    count_from_receipt = models.BooleanField(
        "答复时限自收到之日起算", default=False, help_text="不勾选则自受理之日起算。"
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "办理时限"
        verbose_name_plural = "办理时限"
        ordering = ["organisation_id", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "category"],
                name="one_time_limit_per_organisation_and_category",
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=Q(organisation__isnull=True),
                name="one_default_time_limit_per_category",
            ),
            models.CheckConstraint(
                condition=Q(accept_days__gte=1) & Q(answer_days__gte=1),
                name="time_limits_at_least_one_working_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.answer_days}个工作日"


class LetterQuerySet(OrganisationScopedQuerySet):
    def open(self):
        return self.filter(status__in=[s.value for s in OPEN])

    def published(self):
        """The one public gate: reviewed, published with the writer's consent, not merged."""
        return self.filter(is_public=True, publish_consent=True, merged_into__isnull=True)

    def overdue(self, on):
        return self.open().filter(due_on__lt=on)


class Letter(QueryPasswordMixin, models.Model):
    class ErrorType(models.TextChoices):
        BROKEN_LINK = "broken_link", "链接错误或无法打开"
        TYPO = "typo", "错别字或表述错误"
        OUTDATED = "outdated", "内容过期未更新"
        WRONG_CONTENT = "wrong_content", "内容不准确"
        ACCESSIBILITY = "accessibility", "无障碍或适老化问题"
        OTHER = "other", "其他"

    number = models.CharField("查询码", max_length=30, unique=True, editable=False)
    mailbox = models.ForeignKey(
        Mailbox, verbose_name="信箱", on_delete=models.PROTECT, related_name="letters"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="办理机构",
        on_delete=models.PROTECT,
        related_name="letters",
        help_text="转办后为承办机构。",
    )
    category = models.CharField("来信类别", max_length=20, choices=CATEGORY_CHOICES)
    subject = models.CharField("标题", max_length=100)
    content = models.TextField("来信内容", max_length=5000)
    # 网站纠错 only.
    page_url = models.URLField("出错页面地址", max_length=500, blank=True)
    error_type = models.CharField("错误类型", max_length=20, choices=ErrorType, blank=True)

    # Personal data: never public, never logged, exported only to the handling staff.
    writer_name = models.CharField("来信人姓名", max_length=50)
    writer_phone = models.CharField("联系电话", max_length=30, blank=True)
    writer_email = models.EmailField("电子邮箱", blank=True)
    publish_consent = models.BooleanField("同意公开来信", default=False)
    query_password = models.CharField("查询密码", max_length=128, editable=False)

    status = models.CharField(
        "状态", max_length=20, choices=STATUS_CHOICES, default=Status.RECEIVED, editable=False
    )
    submitted_at = models.DateTimeField("来信时间", default=timezone.now, editable=False)
    received_on = models.DateField("收到日期", editable=False)
    accepted_on = models.DateField("受理日期", null=True, blank=True, editable=False)
    rejection_reason = models.CharField(
        "不予受理理由",
        max_length=30,
        blank=True,
        editable=False,
        choices=[(r.value, label) for r, label in REJECTION_LABELS.items()],
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    office = models.CharField("承办股室", max_length=50, blank=True, editable=False)

    # The clock (interaction.deadlines): stored inputs and the derived due dates.
    accept_due_on = models.DateField("受理期限", editable=False)
    due_on = models.DateField("答复期限", null=True, blank=True, editable=False, db_index=True)
    extension_days = models.PositiveSmallIntegerField("延期工作日数", default=0, editable=False)
    extension_reason = models.CharField("延期理由", max_length=200, blank=True, editable=False)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="延期批准人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_on = models.DateField("答复日期", null=True, blank=True, editable=False)
    answered_by_organisation = models.ForeignKey(
        Organisation,
        verbose_name="答复部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    followed_up_on = models.DateField("追问日期", null=True, blank=True, editable=False)
    follow_up = models.TextField("追问内容", max_length=2000, blank=True, editable=False)
    satisfaction = models.CharField(
        "评价",
        max_length=30,
        blank=True,
        editable=False,
        choices=[(s.value, label) for s, label in SATISFACTION_LABELS.items()],
    )
    satisfaction_comment = models.CharField("评价意见", max_length=500, blank=True, editable=False)
    closed_on = models.DateField("办结日期", null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_letters",
    )

    # The reviewed public version (de-identified), online only with consent.
    is_public = models.BooleanField("已公开", default=False, editable=False)
    public_subject = models.CharField("公开标题", max_length=100, blank=True)
    public_content = models.TextField("公开来信内容", blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True, editable=False)

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = LetterQuerySet.as_manager()

    class Meta:
        verbose_name = "来信"
        verbose_name_plural = "来信"
        ordering = ["-submitted_at", "-id"]
        permissions = [
            ("handle_letter", "可以办理来信"),
            ("review_letter", "可以审核来信答复"),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"], name="letter_queue_idx"),
            models.Index(fields=["organisation", "received_on"], name="letter_received_idx"),
            models.Index(
                fields=["-published_at"], name="letter_public_idx", condition=Q(is_public=True)
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(extension_days__lte=15), name="letter_extension_at_most_15_days"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="rejected_letters_have_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(publish_consent=True),
                name="letters_public_only_with_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["answered", "rated"]) | Q(answered_on__isnull=False),
                name="answered_letters_have_an_answer_date",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(Status(self.status), self.status)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


def letter_file_path(instance: LetterAttachment, filename: str) -> str:
    # Private uploads under a random name; served only to the handling organisation's staff.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"private/letters/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class LetterAttachment(models.Model):
    letter = models.ForeignKey(
        Letter, verbose_name="来信", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=letter_file_path, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=10)
    size = models.PositiveBigIntegerField("大小（字节）")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "来信附件"
        verbose_name_plural = "来信附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Reply(models.Model):
    """One answer of the organisation: round 1 answers the letter, round 2 the follow-up.

    Drafted by a handler, approved by a second person (four eyes) before it is sent; ``text``
    goes to the writer, ``public_text`` (de-identified) is what the public page shows.
    """

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "已审核"

    letter = models.ForeignKey(
        Letter, verbose_name="来信", on_delete=models.CASCADE, related_name="replies"
    )
    round = models.PositiveSmallIntegerField("轮次", default=1)
    organisation = models.ForeignKey(
        Organisation, verbose_name="答复部门", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("答复内容", max_length=10000)
    public_text = models.TextField("公开答复内容", blank=True)
    state = models.CharField("审核状态", max_length=20, choices=State, default=State.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_note = models.CharField("审核意见", max_length=500, blank=True)
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"
        ordering = ["letter_id", "round"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "round"], name="one_reply_per_round"),
            models.CheckConstraint(condition=Q(round__in=[1, 2]), name="reply_round_one_or_two"),
            models.CheckConstraint(
                condition=~Q(state="approved")
                | (Q(reviewed_by__isnull=False) & Q(approved_at__isnull=False)),
                name="approved_replies_have_a_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter} 第{self.round}次答复"


class LetterEvent(models.Model):
    """Immutable audit row of a letter: who did what, when, from which status to which."""

    letter = models.ForeignKey(
        Letter, verbose_name="来信", on_delete=models.CASCADE, related_name="events"
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
    from_organisation = models.ForeignKey(
        Organisation,
        verbose_name="原办理机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_organisation = models.ForeignKey(
        Organisation,
        verbose_name="新办理机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField("说明", blank=True)
    public = models.BooleanField("来信人可见", default=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d}"


class KnowledgeEntryQuerySet(OrganisationScopedQuerySet):
    def published(self):
        return self.filter(is_published=True)


class KnowledgeEntry(models.Model):
    """政策问答: a question and its answer, curated by staff, linked to the policies it explains."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="机构", on_delete=models.PROTECT, related_name="faq_entries"
    )
    question = models.CharField("问题", max_length=200)
    answer = models.TextField("解答")
    topic = models.CharField("主题", max_length=50, blank=True)
    policies = models.ManyToManyField(
        "disclosures.Disclosure",
        verbose_name="相关政策文件",
        blank=True,
        related_name="faq_entries",
    )
    source_letter = models.ForeignKey(
        Letter,
        verbose_name="来源来信",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faq_entries",
    )
    is_published = models.BooleanField("已发布", default=False, editable=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="编写人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Whoever last changed the text: like the author, they may not publish it (four eyes).
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = KnowledgeEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "政策问答"
        verbose_name_plural = "政策问答"
        ordering = ["-published_at", "-id"]
        permissions = [("publish_knowledgeentry", "可以发布政策问答")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False)
                | (Q(published_at__isnull=False) & Q(reviewed_by__isnull=False)),
                name="published_faq_entries_were_reviewed",
            ),
        ]

    def __str__(self) -> str:
        return self.question
