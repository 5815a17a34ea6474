"""办事指南 (service guides): the structured content of a 办事指南 disclosure item.

A guide belongs to one Disclosure of genre 办事指南, so it is reviewed, published, withdrawn and
searched through the normal disclosure workflow; the item's body is generated from these fields.
"""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from catalog.models import OrganisationScopedQuerySet

NO_FEE = "不收费"


class ServiceGuideQuerySet(OrganisationScopedQuerySet):
    organisation_path = "disclosure__organisation"

    def listed(self):
        """Guides whose item appears in public lists: published, not withdrawn, not scheduled."""
        # The item model through the relation: this module is imported by disclosures.models.
        item_model = self.model._meta.get_field("disclosure").related_model
        return self.filter(disclosure__in=item_model.objects.listed())


class ServiceGuide(models.Model):
    disclosure = models.OneToOneField(
        "disclosures.Disclosure",
        verbose_name="办事指南信息",
        on_delete=models.CASCADE,
        related_name="service_guide",
    )
    matter_name = models.CharField("事项名称", max_length=200)
    legal_basis = models.TextField("设定依据")
    conditions = models.TextField("受理条件")
    fee = models.TextField("收费标准", default=NO_FEE, help_text="不收费的，填写“不收费”。")
    time_limit = models.CharField("办理时限", max_length=200, help_text="如：当场办结。")
    location = models.CharField("办理地点", max_length=300)
    office_hours = models.TextField(
        "办公时间", help_text="如：周一至周五上午9:00—12:00，下午13:30—17:00（法定节假日除外）。"
    )
    consult_phone = models.CharField("咨询电话", max_length=60)
    supervise_phone = models.CharField("监督电话", max_length=60)
    online_url = models.URLField("在线办理", max_length=500, blank=True)
    notes = models.TextField("其他说明", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = ServiceGuideQuerySet.as_manager()

    class Meta:
        verbose_name = "办事指南"
        verbose_name_plural = "办事指南"
        ordering = ["matter_name", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(fee=""), name="service_guide_fee_not_blank"),
        ]

    def __str__(self) -> str:
        return self.matter_name

    def get_absolute_url(self) -> str:
        return reverse("disclosures_guide", args=[self.pk])

    @property
    def is_free(self) -> bool:
        return self.fee.strip() == NO_FEE


class GuideStep(models.Model):
    guide = models.ForeignKey(
        ServiceGuide, verbose_name="办事指南", on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    title = models.CharField("步骤", max_length=100)
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "办理程序"
        verbose_name_plural = "办理程序"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", "原件"
    COPY = "copy", "复印件"
    BOTH = "both", "原件和复印件"


class GuideMaterial(models.Model):
    guide = models.ForeignKey(
        ServiceGuide, verbose_name="办事指南", on_delete=models.CASCADE, related_name="materials"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)
    name = models.CharField("材料名称", max_length=200)
    form = models.CharField(
        "原件或复印件", max_length=10, choices=MaterialForm, default=MaterialForm.ORIGINAL
    )
    copies = models.PositiveSmallIntegerField("份数", default=1, validators=[MinValueValidator(1)])
    note = models.CharField("备注", max_length=300, blank=True)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(copies__gte=1), name="guide_material_copies_gte_1"),
        ]

    def __str__(self) -> str:
        return self.name
