"""The 政务公开事项标准目录 (主动公开基本目录) of an organisation: one row per 公开事项, in the
nine columns county catalogues use (国办发〔2019〕54号; docs/standard-directory.md)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from catalog.models import Organisation, OrganisationScopedQuerySet
from disclosures.directory import timelimits


class Channel(models.TextChoices):
    """The 13 standard boxes of 公开渠道和载体, in the order the tables print them."""

    WEBSITE = "website", "政府网站"
    GAZETTE = "gazette", "政府公报"
    NEW_MEDIA = "new_media", "两微一端"
    PRESS = "press", "发布会/听证会"
    BROADCAST = "broadcast", "广播电视"
    PRINT = "print", "纸质媒体"
    READING_ROOM = "reading_room", "公开查阅点"
    SERVICE_CENTRE = "service_centre", "政务服务中心"
    SERVICE_STATION = "service_station", "便民服务站"
    DOOR_TO_DOOR = "door_to_door", "入户/现场"
    NOTICE_BOARD = "notice_board", "社区/村公示栏"
    TARGETED = "targeted", "精准推送"
    OTHER = "other", "其他"


class Audience(models.TextChoices):
    PUBLIC = "public", "全社会"
    SPECIFIC = "specific", "特定群众"


class Mode(models.TextChoices):
    PROACTIVE = "proactive", "主动"
    ON_REQUEST = "on_request", "依申请"


class Level(models.TextChoices):
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡、村级"


class FiveOpen(models.TextChoices):
    """五公开: the 基本目录 variant tags each row with one of them."""

    DECISION = "decision", "决策公开"
    EXECUTION = "execution", "执行公开"
    MANAGEMENT = "management", "管理公开"
    SERVICE = "service", "服务公开"
    RESULT = "result", "结果公开"


class DirectoryRowQuerySet(OrganisationScopedQuerySet):
    def public(self):
        """Rows shown on the public 目录: those of active organisations."""
        return self.filter(organisation__is_active=True)

    def periodic(self):
        return self.filter(rule_kind=timelimits.Kind.PERIODIC)

    def in_table_order(self):
        return self.order_by("organisation_id", "domain_order", "domain", "sort_order", "id")


class DirectoryRow(models.Model):
    """One 公开事项 of an organisation's 标准目录, its 公开时限 read as a rule (timelimits)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name="机构", on_delete=models.CASCADE, related_name="directory_rows"
    )
    domain = models.CharField(
        "领域", max_length=40, help_text="如：社会救助、养老服务、财政预决算。"
    )
    domain_order = models.PositiveSmallIntegerField("领域排序", default=0)
    item_level1 = models.CharField("公开事项（一级）", max_length=100)
    item_level2 = models.CharField("公开事项（二级）", max_length=100, blank=True)
    content = models.TextField("公开内容（要素）")
    basis = models.TextField("公开依据")
    time_limit = models.CharField(
        "公开时限",
        max_length=200,
        help_text="按目录原文填写，系统据此计算期限，如：信息形成或变更之日起20个工作日内；"
        "每季度结束后次季度第二个月底前；每年5月31日前；公示7个工作日；常态公开。",
    )
    subject = models.CharField("公开主体", max_length=100)
    channels = ArrayField(
        models.CharField(max_length=20, choices=Channel.choices),
        verbose_name="公开渠道和载体",
        default=list,
    )
    audience = models.CharField("公开对象", max_length=10, choices=Audience.choices)
    mode = models.CharField("公开方式", max_length=12, choices=Mode.choices, default=Mode.PROACTIVE)
    levels = ArrayField(
        models.CharField(max_length=10, choices=Level.choices),
        verbose_name="公开层级",
        default=list,
    )
    five_open = models.CharField(
        "五公开", max_length=12, choices=FiveOpen.choices, blank=True, help_text="基本目录可选填。"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    columns = models.ManyToManyField(
        "catalog.Category",
        verbose_name="对应栏目",
        blank=True,
        related_name="+",
        help_text="发布本事项信息的栏目；定期公开事项据此判断是否按期公开。",
    )
    items = models.ManyToManyField(
        "disclosures.Disclosure",
        verbose_name="对应信息",
        blank=True,
        related_name="+",
        help_text="不在上述栏目中、但属于本事项的信息（可选）。",
    )
    # The parsed 公开时限 (timelimits.TimeRule), kept in step with time_limit by clean()/save().
    rule_kind = models.CharField(
        "时限类型",
        max_length=10,
        choices=[(k.value, label) for k, label in timelimits.KIND_LABELS.items()],
        editable=False,
    )
    rule_days = models.PositiveSmallIntegerField(default=0, editable=False)
    rule_working_days = models.BooleanField(default=False, editable=False)
    rule_frequency = models.CharField(max_length=20, blank=True, editable=False)
    rule_months_after = models.PositiveSmallIntegerField(default=0, editable=False)
    rule_in_period = models.BooleanField(default=False, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DirectoryRowQuerySet.as_manager()

    class Meta:
        verbose_name = "标准目录事项"
        verbose_name_plural = "政务公开事项标准目录"
        ordering = ["organisation__sort_order", "domain_order", "domain", "sort_order", "id"]
        indexes = [
            models.Index(fields=["organisation", "rule_kind"], name="directory_org_kind_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(channels=[]),
                name="directory_row_has_channel",
                violation_error_message="请至少选择一个公开渠道和载体。",
            ),
            models.CheckConstraint(
                condition=~Q(levels=[]),
                name="directory_row_has_level",
                violation_error_message="请至少选择一个公开层级。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain}：{self.name}"

    def save(self, *args, **kwargs):
        # Parsed again on every save, so no write path can store text and rule out of step.
        self.apply_rule(timelimits.parse(self.time_limit))
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        """The 公开事项 as one line: the second level when there is one, else the first."""
        return self.item_level2 or self.item_level1

    @property
    def rule(self) -> timelimits.TimeRule:
        return timelimits.TimeRule(
            kind=timelimits.Kind(self.rule_kind),
            days=self.rule_days,
            working_days=self.rule_working_days,
            frequency=self.rule_frequency,
            months_after=self.rule_months_after,
            in_period=self.rule_in_period,
        )

    def apply_rule(self, rule: timelimits.TimeRule) -> None:
        self.rule_kind = rule.kind.value
        self.rule_days = rule.days
        self.rule_working_days = rule.working_days
        self.rule_frequency = rule.frequency
        self.rule_months_after = rule.months_after
        self.rule_in_period = rule.in_period

    def clean(self) -> None:
        try:
            self.apply_rule(timelimits.parse(self.time_limit))
        except timelimits.TimeLimitError as exc:
            raise ValidationError({"time_limit": str(exc)}) from None
        if len(set(self.channels)) != len(self.channels):
            self.channels = list(dict.fromkeys(self.channels))
        if len(set(self.levels)) != len(self.levels):
            self.levels = list(dict.fromkeys(self.levels))

    def channel_labels(self) -> list[str]:
        return [Channel(c).label for c in self.channels]

    def level_labels(self) -> list[str]:
        return [Level(v).label for v in self.levels]
