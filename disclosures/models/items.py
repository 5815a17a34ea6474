"""Proactively disclosed items (主动公开), their attachments, index numbers and audit events."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.models import Category, Organisation, OrganisationScopedQuerySet, TopicCategory
from disclosures.search.text import heading_vector
from disclosures.workflow import STATUS_LABELS, Status
from kernel import filetypes
from kernel.filetypes import KIND_LABELS, FileKind


class Genre(models.TextChoices):
    """文种/体裁. 规章 and 行政规范性文件 are counted in the annual report's Table A."""

    RULE = "rule", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    NOTICE = "notice", "通知"
    ANNOUNCEMENT = "announcement", "公告"
    CIRCULAR = "circular", "通告"
    OPINION = "opinion", "意见"
    MEASURES = "measures", "办法"
    DECISION = "decision", "决定"
    REPORT = "report", "报告"
    PLAN = "plan", "规划计划"
    SUMMARY = "summary", "工作总结"
    NEWS = "news", "工作动态"
    INTERPRETATION = "interpretation", "政策解读"
    SERVICE_GUIDE = "service_guide", "办事指南"
    PUBLICITY = "publicity", "公示"
    STATISTICS = "statistics", "统计数据"
    BUDGET = "budget", "预决算"
    OTHER = "other", "其他"


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class DisclosureQuerySet(OrganisationScopedQuerySet):
    def visible(self, *, now=None):
        """The public gate: published (or withdrawn, shown as such) and not scheduled later."""
        now = now or timezone.now()
        return self.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN], published_at__lte=now)

    def listed(self, *, now=None):
        """Items that appear in public lists, feeds and search: visible and not withdrawn."""
        return self.visible(now=now).filter(status=Status.PUBLISHED)

    def with_list_data(self):
        return self.select_related("organisation").only(
            "id",
            "title",
            "document_number",
            "published_at",
            "index_number",
            "validity",
            "status",
            "organisation__name",
            "organisation__slug",
            "is_late",
        )

    def late(self):
        return self.filter(is_late=True)

    def in_columns(self, category_ids):
        """Items filed under any of the given columns, without duplicating rows (exact column
        membership, any status; public lists use ``under_column``)."""
        through = Disclosure.categories.through
        return self.filter(
            pk__in=through.objects.filter(category_id__in=category_ids).values("disclosure_id")
        )

    def under_column(self, column_id: int):
        """Published items under the column or one of its direct sub-columns, read from the
        column listing (ColumnListing): a column list includes its sub-columns' items."""
        return self.filter(
            pk__in=ColumnListing.objects.filter(column_id=column_id).values("disclosure_id")
        )


class Disclosure(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name="发布机构", on_delete=models.PROTECT, related_name="disclosures"
    )
    title = models.CharField("标题", max_length=300)
    body = models.TextField("正文", blank=True, help_text="保存时自动清除脚本等不安全内容。")
    summary = models.TextField("内容概述", max_length=1000, blank=True)
    keywords = models.CharField(
        "关键词", max_length=200, blank=True, help_text="多个关键词以空格或逗号分隔。"
    )
    categories = models.ManyToManyField(
        Category,
        verbose_name="栏目",
        related_name="disclosures",
        limit_choices_to={"kind__in": ["statutory", "rules", "guide"]},
    )
    topic = models.ForeignKey(
        TopicCategory,
        verbose_name="主题分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    genre = models.CharField("文种/体裁", max_length=20, choices=Genre, default=Genre.NOTICE)
    document_number = models.CharField("文号", max_length=100, blank=True)
    written_on = models.DateField("成文日期", help_text="文件签发或信息形成的日期。")
    index_number = models.CharField(
        "索引号", max_length=60, null=True, blank=True, unique=True, editable=False
    )
    status = models.CharField(
        "状态",
        max_length=12,
        choices=[(s.value, STATUS_LABELS[s]) for s in Status],
        default=Status.DRAFT,
        editable=False,
    )
    published_at = models.DateTimeField("发布日期", null=True, blank=True, editable=False)
    # Tokens of title, 文号 and 索引号 (disclosures.search.text.heading_vector), kept by save(): the
    # catalogue's “标题或文号” filter looks them up in a GIN index instead of reading every title.
    heading = SearchVectorField(null=True, blank=True, editable=False)
    is_late = models.BooleanField(
        "超期发布",
        default=False,
        editable=False,
        help_text="发布日期晚于成文日期后20个工作日（《条例》第二十六条）。",
    )
    validity = models.CharField(
        "有效性", max_length=10, choices=Validity, default=Validity.VALID, editable=False
    )
    validity_changed_on = models.DateField("失效/废止日期", null=True, blank=True, editable=False)
    validity_note = models.CharField("失效/废止说明", max_length=300, blank=True, editable=False)
    interprets = models.ForeignKey(
        "self",
        verbose_name="解读的文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
        help_text="政策解读所解读的政策文件。",
    )
    external_id = models.CharField("外部编号", max_length=64, blank=True, editable=False)
    withdrawn_reason = models.CharField("撤回原因", max_length=300, blank=True, editable=False)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True, editable=False)
    privacy_override_reason = models.CharField(
        "个人信息检查放行理由", max_length=300, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    content_updated_at = models.DateTimeField(
        "更新于", null=True, blank=True, editable=False, help_text="发布后修改内容的时间。"
    )

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = "主动公开信息"
        verbose_name_plural = "主动公开信息"
        ordering = ["-published_at", "-id"]
        permissions = [
            ("submit_disclosure", "可以提交主动公开信息审核"),
            ("publish_disclosure", "可以审核发布、退回和撤回主动公开信息"),
            ("import_disclosure", "可以导入原网站的信息公开目录"),
        ]
        # Every equality filter of the public lists, then the list order (newest first, id as
        # the tiebreak), so a page is an index walk at any catalogue size.
        indexes = [
            models.Index(fields=["status", "published_at", "id"], name="disclosure_public_idx"),
            models.Index(
                fields=["organisation", "status", "published_at", "id"],
                name="disclosure_org_pub_idx",
            ),
            models.Index(
                fields=["topic", "status", "published_at", "id"], name="disclosure_topic_pub_idx"
            ),
            models.Index(
                fields=["genre", "status", "published_at", "id"], name="disclosure_genre_pub_idx"
            ),
            models.Index(
                fields=["validity", "status", "published_at", "id"],
                name="disclosure_validity_pub_idx",
            ),
            GinIndex(fields=["heading"], name="disclosure_heading_gin"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="unique_disclosure_external_id",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted"]) | Q(published_at__isnull=False),
                name="published_items_have_a_date",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted"]) | Q(index_number__isnull=False),
                name="published_items_have_an_index_number",
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | ~Q(withdrawn_reason=""),
                name="withdrawn_items_have_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.refresh_heading()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and self.HEADING_SOURCES & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "heading"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("disclosures:detail", args=[self.pk])

    HEADING_SOURCES = frozenset({"title", "document_number", "index_number"})

    def refresh_heading(self) -> None:
        """Recompute ``heading`` from the fields it is made of (bulk_create skips save())."""
        self.heading = heading_vector(self.title, self.document_number, self.index_number)

    @property
    def is_withdrawn(self) -> bool:
        return self.status == Status.WITHDRAWN

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def status_label(self) -> str:
        if self.is_scheduled:
            return "定时发布"
        return STATUS_LABELS[Status(self.status)]

    @property
    def keyword_list(self) -> list[str]:
        return [k for k in self.keywords.replace("，", " ").replace(",", " ").split() if k]


class ColumnListingQuerySet(models.QuerySet):
    def under(self, column_id: int, *, now=None):
        """The listed items under a column: published, and not scheduled later."""
        return self.filter(column_id=column_id, published_at__lte=now or timezone.now())

    def newest_first(self):
        return self.order_by("-published_at", "-disclosure_id")


class ColumnListing(models.Model):
    """One row per listed item (published; scheduled ones too, filtered by date when read) and
    per column it appears under: each of its columns and each one's parent, as a column list
    includes its direct sub-columns. A column list, filtered by organisation, 文种 or date or
    not, is then one index range whatever the size of the catalogue.

    Derived data: disclosures.listing keeps it exact in the transaction of every change
    (docs/lists.md). Never edit it by hand; ``rebuild_column_listing`` repairs it.
    """

    pk = models.CompositePrimaryKey("disclosure", "column")
    disclosure = models.ForeignKey(
        Disclosure, on_delete=models.CASCADE, related_name="listings", db_index=False
    )
    column = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+", db_index=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    genre = models.CharField(max_length=20)
    published_at = models.DateTimeField()

    objects = ColumnListingQuerySet.as_manager()

    class Meta:
        verbose_name = "栏目列表条目"
        verbose_name_plural = "栏目列表条目"
        indexes = [
            models.Index(
                fields=["column", "published_at", "disclosure"], name="listing_column_date_idx"
            ),
            models.Index(
                fields=["column", "organisation", "published_at", "disclosure"],
                name="listing_column_org_date_idx",
            ),
            models.Index(
                fields=["column", "genre", "published_at", "disclosure"],
                name="listing_column_genre_date_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"ColumnListing({self.column_id}, {self.disclosure_id})"


def attachment_path(instance: Attachment, filename: str) -> str:
    # Stored under a random name: the original Chinese filename is kept in the database only.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class AttachmentQuerySet(OrganisationScopedQuerySet):
    organisation_path = "disclosure__organisation"


class Attachment(models.Model):
    disclosure = models.ForeignKey(
        Disclosure, verbose_name="信息", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path, max_length=200)
    original_name = models.CharField("文件名", max_length=200)
    kind = models.CharField(
        "类型", max_length=10, choices=[(k.value, KIND_LABELS[k]) for k in FileKind]
    )
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    text = models.TextField("提取的文字", blank=True, editable=False)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("disclosures:attachment", args=[self.pk])

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(FileKind(self.kind), self.kind)

    @property
    def size_display(self) -> str:
        return filetypes.size_display(self.size)


class DisclosureEvent(models.Model):
    """Immutable audit row: every transition and every edit, with who, when and what changed."""

    class Action(models.TextChoices):
        CREATE = "create", "创建草稿"
        EDIT = "edit", "修改"
        SUBMIT = "submit", "提交审核"
        RETURN = "return", "退回修改"
        PUBLISH = "publish", "审核发布"
        WITHDRAW = "withdraw", "撤回"
        VALIDITY = "validity", "变更有效性"
        ATTACH = "attach", "上传附件"
        DETACH = "detach", "删除附件"
        PRIVACY_OVERRIDE = "privacy_override", "放行个人信息检查"
        PROPOSE = "propose", "修改已发布信息（待审核）"
        APPROVE_REVISION = "approve_revision", "审核通过修改"
        REJECT_REVISION = "reject_revision", "修改未通过审核"

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("操作", max_length=20, choices=Action)
    from_status = models.CharField("原状态", max_length=12, blank=True)
    to_status = models.CharField("新状态", max_length=12, blank=True)
    note = models.TextField("说明", blank=True)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def from_label(self) -> str:
        return STATUS_LABELS.get(Status(self.from_status), "") if self.from_status else ""

    @property
    def to_label(self) -> str:
        return STATUS_LABELS.get(Status(self.to_status), "") if self.to_status else ""
