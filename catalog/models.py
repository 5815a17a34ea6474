"""Organisations (机构), staff membership and the site-wide settings."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.lunisolar import provisional_holidays
from catalog.pageview_models import PageView  # noqa: F401 - registered here
from catalog.security_models import RateCounter, UsedToken  # noqa: F401 - registered here
from catalog.statutory_holidays import FIRST_YEAR
from catalog.workdays import WorkCalendar
from kernel.identifiers import is_valid_credit_code


def validate_credit_code(value: str) -> None:
    if not is_valid_credit_code(value):
        raise ValidationError(
            "统一社会信用代码应为18位（数字或大写字母，不含I、O、S、V、Z），且校验位正确。",
            code="invalid_credit_code",
        )


postcode_validator = RegexValidator(r"^\d{6}$", "邮政编码应为6位数字。")
phone_validator = RegexValidator(
    r"^[0-9+\-()（） ,，、转]{5,40}$", "请填写有效的电话号码，如 0571-12345678。"
)


def staff_organisation_ids(user):
    """Subquery of the ids of the organisations a staff user belongs to."""
    return Membership.objects.filter(user=user).values("organisation_id")


class OrganisationScopedQuerySet(models.QuerySet):
    """Base for every model owned by an organisation: ``for_staff`` is its one staff gate."""

    organisation_path = "organisation"

    def for_staff(self, user):
        """Superusers see all; other active staff only rows of the organisations they belong to."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(**{f"{self.organisation_path}__in": staff_organisation_ids(user)})


class OrganisationQuerySet(OrganisationScopedQuerySet):
    organisation_path = "pk"

    def active(self):
        return self.filter(is_active=True)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府工作部门"
        OTHER = "other", "其他机构"

    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    slug = models.SlugField(
        "网址标识",
        max_length=40,
        unique=True,
        help_text="用于网址的英文或拼音缩写，如 mzj，发布后不宜修改。",
    )
    kind = models.CharField("机构类型", max_length=20, choices=Kind, default=Kind.DEPARTMENT)
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="所属的人民政府；本级政府本身留空。",
    )
    functions = models.TextField("机构职能", blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=60, blank=True, validators=[phone_validator])
    fax = models.CharField("传真", max_length=60, blank=True, validators=[phone_validator])
    email = models.EmailField("电子邮箱", blank=True)
    postcode = models.CharField(
        "邮政编码", max_length=6, blank=True, validators=[postcode_validator]
    )
    head = models.CharField("负责人", max_length=60, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)
    # 政府信息公开指南 (条例 Art. 12): the disclosure office and how to reach it.
    disclosure_office = models.CharField(
        "政府信息公开工作机构",
        max_length=100,
        blank=True,
        help_text="如：示例县民政局办公室。留空时以本机构名称代替。",
    )
    reading_room = models.CharField(
        "政府信息查阅场所",
        max_length=200,
        blank=True,
        help_text="如：县政务服务中心政府信息公开查阅点。",
    )
    # Remedy clause of every reply notice (行政复议法 2023 Art. 24, 行政诉讼法 Arts. 18, 46).
    review_body = models.CharField(
        "行政复议机关",
        max_length=100,
        blank=True,
        help_text="申请人不服本机关答复时受理行政复议申请的机关。政府工作部门留空时为所属的人民政府；"
        "县级人民政府须填写上一级人民政府，如：示例市人民政府。",
    )
    court = models.CharField(
        "管辖人民法院",
        max_length=100,
        blank=True,
        help_text="对本机关的行政行为提起行政诉讼的管辖法院全称，如：示例县人民法院。"
        "答复书和告知书的救济条款写明此法院；未填写时只能写“有管辖权的人民法院”。",
    )
    guide_notes = models.TextField(
        "指南补充说明", blank=True, help_text="本机构特有的公开方式、编排体系等补充内容。"
    )
    guide_revised_on = models.DateField(
        "指南修订日期",
        null=True,
        blank=True,
        help_text="联系方式等指南内容变更时自动更新。",
    )
    index_pattern = models.CharField(
        "索引号格式",
        max_length=80,
        default="{credit_code}/{year}-{seq:05d}",
        help_text="可用占位符：{credit_code} 统一社会信用代码，{org_code} 组织机构代码（信用代码第9—17位），"
        "{slug} 网址标识，{year} 年份，{month} 月份（两位），{seq} 当年流水号（如 {seq:05d}）。",
    )
    columns = models.ManyToManyField(
        "catalog.Category",
        verbose_name="启用的栏目",
        blank=True,
        related_name="organisations",
        help_text="本机构信息公开目录使用的栏目；未启用的栏目不在本机构页面显示。",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="organisation_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosures:organisation", args=[self.slug])

    def get_guide_url(self) -> str:
        return reverse("catalog:guide", args=[self.slug])

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def office_name(self) -> str:
        return self.disclosure_office or self.name

    @property
    def review_body_name(self) -> str:
        """The 行政复议机关: as set, else a department's own people's government (Art. 24)."""
        if self.review_body:
            return self.review_body
        if self.kind != self.Kind.GOVERNMENT and self.parent_id:
            return self.parent.name
        return ""

    @property
    def remedy_is_complete(self) -> bool:
        """Both remedy bodies are known, so notices can name them."""
        return bool(self.review_body_name and self.court)

    def format_index_number(self, *, year: int, month: int, seq: int) -> str:
        """Render this organisation's 索引号 pattern (default ``<信用代码>/<YYYY>-<NNNNN>``)."""
        return self.index_pattern.format(
            credit_code=self.credit_code,
            org_code=self.credit_code[8:17],
            slug=self.slug,
            year=year,
            month=f"{month:02d}",
            seq=seq,
        )

    def clean(self) -> None:
        if self.index_pattern:
            try:
                sample = self.format_index_number(year=2026, month=1, seq=1)
            except (KeyError, IndexError, ValueError) as exc:
                raise ValidationError({"index_pattern": f"索引号格式无效：{exc}"}) from exc
            if "{seq" not in self.index_pattern or "{year" not in self.index_pattern:
                raise ValidationError({"index_pattern": "索引号格式必须包含 {year} 和 {seq}。"})
            if len(sample) > 60:
                raise ValidationError(
                    {"index_pattern": "按此格式生成的索引号过长（超过60个字符）。"}
                )
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "上级机构不能是本机构。"})
        if self.kind == self.Kind.DEPARTMENT and not self.parent_id:
            raise ValidationError({"parent": "政府工作部门应选择所属的人民政府。"})


class Membership(models.Model):
    """A staff user works for an organisation; roles are Django groups (see catalog.roles)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="机构", on_delete=models.CASCADE, related_name="memberships"
    )
    created_at = models.DateTimeField("加入时间", auto_now_add=True)

    class Meta:
        verbose_name = "机构成员"
        verbose_name_plural = "机构成员"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class SiteSettings(models.Model):
    """Site-wide identity shown in the header and footer (a singleton, row id 1)."""

    SINGLETON_ID = 1

    site_name = models.CharField("网站名称", max_length=60, default="阳光政务公开平台")
    sponsor = models.CharField("主办单位", max_length=100, blank=True)
    organizer = models.CharField("承办单位", max_length=100, blank=True)
    site_code = models.CharField(
        "网站标识码",
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(
                r"^([0-9]{10}|bm[0-9]{8})$", "网站标识码为10位数字（地方）或 bm 加8位数字（部委）。"
            )
        ],
    )
    icp_number = models.CharField(
        "ICP备案号", max_length=60, blank=True, help_text="如：浙ICP备12345678号"
    )
    police_record_number = models.CharField(
        "公安机关备案号", max_length=60, blank=True, help_text="如：浙公网安备 33010002000001号"
    )
    contact_phone = models.CharField(
        "联系电话", max_length=60, blank=True, validators=[phone_validator]
    )
    contact_email = models.EmailField("联系邮箱", blank=True)
    contact_address = models.CharField("联系地址", max_length=200, blank=True)
    party_gov_badge_url = models.URLField(
        "党政机关网站标识链接",
        blank=True,
        help_text="机构编制部门核发标识后填写其查验链接；未填写时页脚不显示标识。",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "网站设置"
        verbose_name_plural = "网站设置"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="site_settings_singleton"),
        ]

    def __str__(self) -> str:
        return self.site_name

    def save(self, *args, **kwargs) -> None:
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> SiteSettings:
        """The settings row; an unsaved default when the portal has not been configured yet."""
        return cls.objects.filter(pk=cls.SINGLETON_ID).first() or cls()

    @property
    def police_record_code(self) -> str:
        """The digits of the 公安机关备案号, used for the beian.gov.cn link."""
        return "".join(ch for ch in self.police_record_number if ch.isdigit())


class Category(models.Model):
    """A column (栏目) of the 政府信息公开 channel; a tree rooted at the four first-level columns."""

    class Kind(models.TextChoices):
        GUIDE = "guide", "政府信息公开指南"
        RULES = "rules", "政府信息公开制度"
        STATUTORY = "statutory", "法定主动公开内容"
        ANNUAL_REPORT = "annual_report", "政府信息公开年报"

    name = models.CharField("栏目名称", max_length=50)
    slug = models.SlugField("网址标识", max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级栏目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField("所属一级栏目", max_length=20, choices=Kind)
    legal_basis = models.CharField(
        "公开依据", max_length=200, blank=True, help_text="如：《条例》第二十条第（一）项"
    )
    description = models.CharField("栏目说明", max_length=300, blank=True)
    update_cycle_days = models.PositiveSmallIntegerField(
        "更新周期（天）",
        default=180,
        help_text="超过此天数无更新的栏目在后台提示（动态类14天，政策文件、通知公告180天）。",
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unique_category_name"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name

    def get_absolute_url(self) -> str:
        return reverse("disclosures:column", args=[self.slug])


class TopicCategory(models.Model):
    """The gov.cn 主题分类 (22 top-level topics with sub-topics), independent of the columns."""

    name = models.CharField("名称", max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name="一级分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField("排序", default=100)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unique_topic_name"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name}\\{self.name}" if self.parent_id and self.parent else self.name


# 国办发明电〔2025〕7号: the notices' numbering, with the year of issue in 〔〕.
ARRANGEMENT_NUMBER_PATTERN = r"^国办发明电〔(\d{4})〕([1-9]\d*)号$"
arrangement_number_validator = RegexValidator(
    ARRANGEMENT_NUMBER_PATTERN, "文号格式应为“国办发明电〔2025〕7号”（六角括号、阿拉伯数字）。"
)

# Years computed ahead of today when no notice is entered: a reply period (20 working days plus
# a 20-day extension and pauses) never reaches further.
PROVISIONAL_YEARS_AHEAD = 2


# From 1 November the admin home warns while next year's notice is missing (the notices usually
# come out between late October and December).
ARRANGEMENT_REMINDER_FROM = (11, 1)


class HolidayArrangementQuerySet(models.QuerySet):
    def missing_next_year(self, *, today) -> int | None:
        """Next year, from 1 November on, while its notice has not been entered; else None."""
        if (today.month, today.day) < ARRANGEMENT_REMINDER_FROM:
            return None
        year = today.year + 1
        return None if self.filter(year=year).exists() else year


class HolidayArrangement(models.Model):
    """A year's 国务院办公厅 部分节假日安排 notice: the year is official once it is entered."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    number = models.CharField(
        "文号",
        max_length=40,
        validators=[arrangement_number_validator],
        help_text="如：国办发明电〔2025〕7号",
    )
    title = models.CharField("标题", max_length=120)
    issued_on = models.DateField("印发日期")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = HolidayArrangementQuerySet.as_manager()

    class Meta:
        verbose_name = "节假日安排通知"
        verbose_name_plural = "节假日安排通知"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="arrangement_year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年（{self.number}）"


class CalendarDayQuerySet(models.QuerySet):
    def work_calendar(self, *, through_year: int | None = None) -> WorkCalendar:
        """The working-day calendar as a value for the pure arithmetic in catalog.workdays.

        Years with an entered notice are official; every later year up to ``through_year``
        (default: two years after today's) gets the statutory holidays of the 2024 放假办法 and
        is marked provisional, as is every year the calendar does not cover.
        """
        holidays, workdays, official = [], [], set()
        for day, kind, year in self.values_list("date", "kind", "arrangement__year"):
            (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays).append(day)
            if year is not None:
                official.add(year)
        this_year = timezone.localdate().year
        last = max(this_year + PROVISIONAL_YEARS_AHEAD, through_year or 0)
        first = max(FIRST_YEAR, min(official, default=this_year))
        listed = set(holidays) | set(workdays)
        for year in range(first, last + 1):
            if year not in official:
                holidays.extend(d for d in provisional_holidays(year) if d not in listed)
        return WorkCalendar.from_days(holidays, workdays, official_years=official)


class CalendarDay(models.Model):
    """A statutory rest day (放假) or a make-up working day (调休上班); the admin data is the truth."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "调休上班"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind)
    name = models.CharField("节日", max_length=20)
    source = models.CharField(
        "依据", max_length=120, blank=True, help_text="如：国办发明电〔2025〕7号"
    )
    arrangement = models.ForeignKey(
        HolidayArrangement,
        verbose_name="节假日安排通知",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="days",
    )

    objects = CalendarDayQuerySet.as_manager()

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}{self.get_kind_display()}"

    def clean(self) -> None:
        if self.kind == self.Kind.WORKDAY and self.date and self.date.weekday() < 5:
            raise ValidationError({"date": "调休上班日应为周六或周日。"})


class Counter(models.Model):
    """Per-organisation, per-year serial numbers (索引号, 申请编号): gap-free, never reused.

    ``next_value`` locks the counter row for the rest of the caller's transaction, so concurrent
    callers wait for each other, and a rolled-back transaction gives its number back.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(max_length=30)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "流水号"
        verbose_name_plural = "流水号"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name", "year"], name="unique_counter"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.name}/{self.year}: {self.last_value}"

    @classmethod
    def next_value(cls, *, organisation: Organisation, name: str, year: int) -> int:
        """Increment and return the counter; call inside ``transaction.atomic``."""
        cls.objects.bulk_create(
            [cls(organisation=organisation, name=name, year=year)], ignore_conflicts=True
        )
        counter = cls.objects.select_for_update().get(
            organisation=organisation, name=name, year=year
        )
        counter.last_value += 1
        counter.save(update_fields=["last_value"])
        return counter.last_value
