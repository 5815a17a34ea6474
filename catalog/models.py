"""Organisations (机构), staff membership and the site-wide settings."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from catalog.identifiers import is_valid_credit_code


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
        return reverse("catalog:organisation-detail", args=[self.slug])

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
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
