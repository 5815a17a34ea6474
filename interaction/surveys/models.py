"""网上调查: a survey of one organisation, its ordered questions and options, the anonymous
responses with their answers, the free-text answers' moderation, and the event trail.

A response stores no address and no session key: only keyed hashes of them
(catalog.security_state.subject_hash, salted with the survey's id so that two surveys' rows
cannot be linked), unique per survey, so that one browser session and one address count once
(best effort: see docs/surveys.md). Free text may hold personal data: it is shown in public only
as the moderator's de-identified ``public_text`` after the privacy scan found nothing in it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organisation, OrganisationScopedQuerySet
from interaction.surveys.workflow import (
    ACTION_LABELS,
    PHASE_LABELS,
    POLICY_LABELS,
    PUBLIC,
    STATUS_LABELS,
    Phase,
    ResultsPolicy,
    Status,
    phase,
    results_public,
)

STATUS_CHOICES = [(s.value, label) for s, label in STATUS_LABELS.items()]
POLICY_CHOICES = [(p.value, label) for p, label in POLICY_LABELS.items()]


class SurveyQuerySet(OrganisationScopedQuerySet):
    def visible(self, now=None):
        """The one public gate: approved surveys of active organisations whose open time has
        come (a scheduled survey is not shown before it opens)."""
        now = now or timezone.now()
        return self.filter(
            status__in=[s.value for s in PUBLIC],
            organisation__is_active=True,
            opens_at__lte=now,
        )

    def open(self, now=None):
        now = now or timezone.now()
        return self.visible(now).filter(status=Status.PUBLISHED, closes_at__gt=now)

    def with_public_results(self, now=None):
        """Visible surveys whose results are public now (ended, or open under 实时公布)."""
        now = now or timezone.now()
        return self.visible(now).filter(
            Q(status=Status.CLOSED) | Q(closes_at__lte=now) | Q(results_policy=ResultsPolicy.LIVE)
        )


class Survey(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name="发布机构", on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField("调查标题", max_length=100)
    introduction = models.TextField(
        "调查说明", help_text="向公众说明调查目的、结果用途；调查为匿名，不收集姓名和联系方式。"
    )
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("结束时间", help_text="到达该时间后停止答卷。")
    results_policy = models.CharField(
        "结果公布方式",
        max_length=20,
        choices=POLICY_CHOICES,
        default=ResultsPolicy.AFTER_CLOSE,
    )
    status = models.CharField("状态", max_length=20, choices=STATUS_CHOICES, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="最后修改人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField("审核发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        app_label = "interaction"
        verbose_name = "网上调查"
        verbose_name_plural = "网上调查"
        ordering = ["-opens_at", "-id"]
        permissions = [
            ("review_survey", "审核发布网上调查"),
            ("moderate_survey", "审核网上调查文字回答"),
            ("export_survey", "导出网上调查原始答卷"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="survey_closes_after_opens"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("interaction:survey-detail", args=[self.pk])

    def phase(self, now=None) -> Phase:
        return phase(
            self.status, opens_at=self.opens_at, closes_at=self.closes_at, now=now or timezone.now()
        )

    @property
    def phase_label(self) -> str:
        return PHASE_LABELS[self.phase()]

    def results_are_public(self, now=None) -> bool:
        return results_public(self.results_policy, self.phase(now))

    @property
    def reference(self) -> str:
        """How the access log names the survey."""
        return f"DC{self.pk}"


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "单选题"
        MULTIPLE = "multiple", "多选题"
        RATING = "rating", "评分题"
        TEXT = "text", "文字题"

    survey = models.ForeignKey(
        Survey, verbose_name="调查", on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField("题号", default=1)
    kind = models.CharField("题型", max_length=10, choices=Kind, default=Kind.SINGLE)
    text = models.CharField("题目", max_length=200)
    help_text = models.CharField("填写说明", max_length=200, blank=True)
    required = models.BooleanField("必答", default=True)
    min_choices = models.PositiveSmallIntegerField(
        "最少选择项数", null=True, blank=True, help_text="仅多选题；不填为不限。"
    )
    max_choices = models.PositiveSmallIntegerField(
        "最多选择项数", null=True, blank=True, help_text="仅多选题；不填为不限。"
    )
    rating_min = models.PositiveSmallIntegerField("最低分", default=1)
    rating_max = models.PositiveSmallIntegerField("最高分", default=5)
    rating_min_label = models.CharField("最低分说明", max_length=20, blank=True, default="很不满意")
    rating_max_label = models.CharField("最高分说明", max_length=20, blank=True, default="非常满意")
    max_length = models.PositiveSmallIntegerField(
        "文字最大长度", default=500, help_text="仅文字题，最多2000字。"
    )

    class Meta:
        app_label = "interaction"
        verbose_name = "调查题目"
        verbose_name_plural = "调查题目"
        ordering = ["survey", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating_max__gt=models.F("rating_min")) & Q(rating_max__lte=10),
                name="survey_rating_range",
            ),
            models.CheckConstraint(
                condition=Q(min_choices__isnull=True)
                | Q(max_choices__isnull=True)
                | Q(max_choices__gte=models.F("min_choices")),
                name="survey_choice_bounds",
            ),
            models.CheckConstraint(
                condition=Q(max_length__gte=1) & Q(max_length__lte=2000),
                name="survey_text_length",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"

    @property
    def has_options(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)


class Option(models.Model):
    question = models.ForeignKey(
        SurveyQuestion, verbose_name="题目", on_delete=models.CASCADE, related_name="options"
    )
    position = models.PositiveSmallIntegerField("顺序", default=1)
    text = models.CharField("选项", max_length=100)

    class Meta:
        app_label = "interaction"
        verbose_name = "调查选项"
        verbose_name_plural = "调查选项"
        ordering = ["question", "position", "id"]

    def __str__(self) -> str:
        return self.text


class ResponseQuerySet(OrganisationScopedQuerySet):
    organisation_path = "survey__organisation"


class Response(models.Model):
    """One anonymous 答卷: no name, contact, address or session key, only keyed hashes."""

    survey = models.ForeignKey(
        Survey, verbose_name="调查", on_delete=models.PROTECT, related_name="responses"
    )
    submitted_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    session_hash = models.CharField("会话标识摘要", max_length=64)
    address_hash = models.CharField("地址摘要", max_length=64)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        app_label = "interaction"
        verbose_name = "调查答卷"
        verbose_name_plural = "调查答卷"
        ordering = ["survey", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "session_hash"], name="survey_one_response_per_session"
            ),
            models.UniqueConstraint(
                fields=["survey", "address_hash"], name="survey_one_response_per_address"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey.reference}-{self.pk}"


class Answer(models.Model):
    """A chosen option (one row per option of a multiple choice) or a rating."""

    response = models.ForeignKey(
        Response, verbose_name="答卷", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        SurveyQuestion, verbose_name="题目", on_delete=models.PROTECT, related_name="answers"
    )
    option = models.ForeignKey(
        Option, verbose_name="选项", on_delete=models.PROTECT, null=True, blank=True
    )
    value = models.SmallIntegerField("评分", null=True, blank=True)

    class Meta:
        app_label = "interaction"
        verbose_name = "调查回答"
        verbose_name_plural = "调查回答"
        constraints = [
            models.CheckConstraint(
                condition=Q(option__isnull=True, value__isnull=False)
                | Q(option__isnull=False, value__isnull=True),
                name="survey_answer_option_or_value",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "option"], name="survey_answer_option_once"
            ),
        ]

    def __str__(self) -> str:
        return str(self.option_id or self.value)


class TextAnswerQuerySet(OrganisationScopedQuerySet):
    organisation_path = "question__survey__organisation"

    def public(self):
        return self.filter(state=TextAnswer.State.PUBLIC).exclude(public_text="")


class TextAnswer(models.Model):
    """A free-text answer: shown in public only as its moderated ``public_text``."""

    class State(models.TextChoices):
        PENDING = "pending", "待审核"
        PUBLIC = "public", "公开"
        HIDDEN = "hidden", "不公开"

    response = models.ForeignKey(
        Response, verbose_name="答卷", on_delete=models.CASCADE, related_name="texts"
    )
    question = models.ForeignKey(
        SurveyQuestion, verbose_name="题目", on_delete=models.PROTECT, related_name="texts"
    )
    text = models.TextField("原文")
    state = models.CharField("审核状态", max_length=10, choices=State, default=State.PENDING)
    public_text = models.TextField("公开文本", blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)

    objects = TextAnswerQuerySet.as_manager()

    class Meta:
        app_label = "interaction"
        verbose_name = "调查文字回答"
        verbose_name_plural = "调查文字回答"
        ordering = ["question", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_text_once"),
            models.CheckConstraint(
                condition=~Q(state="public") | ~Q(public_text=""),
                name="survey_public_text_needed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.text}（{self.get_state_display()}）"


class SurveyEvent(models.Model):
    survey = models.ForeignKey(
        Survey, verbose_name="调查", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(
        "操作", max_length=20, choices=[(a.value, label) for a, label in ACTION_LABELS.items()]
    )
    from_status = models.CharField("原状态", max_length=20, choices=STATUS_CHOICES)
    to_status = models.CharField("新状态", max_length=20, choices=STATUS_CHOICES)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    note = models.CharField("说明", max_length=500, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        app_label = "interaction"
        verbose_name = "网上调查操作记录"
        verbose_name_plural = "网上调查操作记录"
        ordering = ["survey", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"
