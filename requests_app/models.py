"""依申请公开 cases: the application, its clock, events, reply notices and remedies."""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from catalog.models import HolidayArrangement, Organisation, OrganisationScopedQuerySet
from kernel.privacy import mask_id_number, mask_name
from kernel.query_passwords import QueryPasswordMixin
from requests_app import events
from requests_app.access_log.models import PersonalDataAccess  # noqa: F401  (model discovery)
from requests_app.outcomes import OUTCOME_CHOICES, OUTCOMES, Outcome, outcome_label
from requests_app.proactive.models import ConversionDecision  # noqa: F401 - model discovery
from requests_app.releases.models import ReleasedFile  # noqa: F401 - so Django finds it
from requests_app.workflow import OPEN, STATUS_LABELS, Status


class Channel(models.TextChoices):
    """Application channels and how 条例 Art. 31 fixes each one's receipt date."""

    ONLINE = "online", "网上申请"
    IN_PERSON = "in_person", "当面提交"
    REGISTERED_MAIL = "registered_mail", "挂号信（邮政寄送）"
    ORDINARY_MAIL = "ordinary_mail", "平信（邮政寄送）"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"
    ORAL = "oral", "口头提出（工作人员代为填写）"


RECEIPT_RULES = {
    Channel.ONLINE: "以双方确认之日为收到申请之日（网上提交即时确认）。",
    Channel.IN_PERSON: "以提交之日为收到申请之日。",
    Channel.REGISTERED_MAIL: "以行政机关签收之日为收到申请之日。",
    Channel.ORDINARY_MAIL: "以政府信息公开工作机构与申请人确认之日为收到申请之日（应于收到当日确认）。",
    Channel.FAX: "以双方确认之日为收到申请之日。",
    Channel.EMAIL: "以双方确认之日为收到申请之日。",
    Channel.ORAL: "以工作人员代为填写申请并经申请人确认之日为收到申请之日。",
}


class ApplicantType(models.TextChoices):
    NATURAL = "natural", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_WELFARE = "public_welfare", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORG = "other_org", "其他"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    RESIDENCE_PERMIT = "residence_permit", "港澳台居民居住证"
    HK_MACAO_PERMIT = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    PASSPORT = "passport", "护照"
    FOREIGNER_PERMIT = "foreigner_permit", "外国人永久居留身份证"
    OTHER = "other", "其他有效身份证件"


class ProvisionForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子文档"


class DeliveryMethod(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICK_UP = "pick_up", "当面领取"
    ON_SITE = "on_site", "现场查阅"
    ONLINE = "online", "网上获取（在本平台下载）"


class ApplicationQuerySet(OrganisationScopedQuerySet):
    def open(self):
        return self.filter(status__in=list(OPEN))

    def closed_in(self, year: int):
        return self.filter(status=Status.CLOSED, closed_on__year=year)

    def overdue(self, *, on):
        return self.filter(status=Status.RECEIVED, due_on__lt=on)

    def due_within(self, *, on, until):
        return self.filter(status=Status.RECEIVED, due_on__gte=on, due_on__lte=until)

    def with_provisional_flags(self):
        """Annotate ``due_is_provisional``: the reply deadline was counted over a year with no
        entered holiday notice, so it may still move (WorkCalendar.touches_provisional in SQL;
        a reply period spans at most two calendar years)."""
        first_counted = ExpressionWrapper(
            Coalesce("corrected_received_on", "received_on") + datetime.timedelta(days=1),
            output_field=models.DateField(),
        )

        def official(year_of):
            return Exists(HolidayArrangement.objects.filter(year=OuterRef(year_of)))

        return self.annotate(
            first_counted_year=ExtractYear(first_counted), due_year=ExtractYear("due_on")
        ).annotate(
            due_is_provisional=Case(
                When(Q(due_on__isnull=True) | Q(custom_due_on__isnull=False), then=Value(False)),
                default=~(official("first_counted_year") & official("due_year")),
                output_field=models.BooleanField(),
            )
        )


def id_proof_path(instance: Application, filename: str) -> str:
    # Private uploads under a random name; served only to the handling organisation's staff.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"private/id-proofs/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Application(QueryPasswordMixin, models.Model):
    PURGED_NAME = "（已按保存期限删除）"
    # What the applicant states, in the order of the form: who applies, then what is asked for.
    # The one list of these fields: submit_application takes exactly these as ``data``, and the
    # public form, the staff registration and the import of earlier ledgers fill them in.
    APPLICANT_PARTY_FIELDS = (
        "applicant_type",
        "name",
        "id_type",
        "id_number",
        "legal_representative",
        "contact_name",
        "phone",
        "address",
        "postcode",
        "email",
        "work_unit",
    )
    REQUEST_CONTENT_FIELDS = (
        "description",
        "info_title",
        "info_document_number",
        "info_index_number",
        "provision_form",
        "delivery_method",
    )
    APPLICANT_FIELDS = APPLICANT_PARTY_FIELDS + REQUEST_CONTENT_FIELDS

    organisation = models.ForeignKey(
        Organisation,
        verbose_name="受理机关",
        on_delete=models.PROTECT,
        related_name="applications",
    )
    number = models.CharField("申请编号", max_length=40, unique=True, editable=False)
    channel = models.CharField("申请方式", max_length=20, choices=Channel, default=Channel.ONLINE)
    submitted_at = models.DateTimeField("提交时间", default=timezone.now, editable=False)
    received_on = models.DateField("收到申请日期", help_text="按《条例》第三十一条确定。")

    applicant_type = models.CharField(
        "申请人类型", max_length=20, choices=ApplicantType, default=ApplicantType.NATURAL
    )
    name = models.CharField("姓名/名称", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType, blank=True)
    id_number = models.CharField("证件号码/统一社会信用代码", max_length=40)
    legal_representative = models.CharField("法定代表人/负责人", max_length=50, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    address = models.CharField("通信地址", max_length=200)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    work_unit = models.CharField("工作单位", max_length=100, blank=True)
    id_proof = models.FileField("身份证明", upload_to=id_proof_path, blank=True, max_length=200)

    description = models.TextField("所需信息的内容描述", max_length=2000)
    info_title = models.CharField("所需信息的名称", max_length=200, blank=True)
    info_document_number = models.CharField("文号", max_length=100, blank=True)
    info_index_number = models.CharField("索引号", max_length=60, blank=True)
    provision_form = models.CharField(
        "提供形式", max_length=20, choices=ProvisionForm, default=ProvisionForm.ELECTRONIC
    )
    delivery_method = models.CharField(
        "获取方式", max_length=20, choices=DeliveryMethod, default=DeliveryMethod.ONLINE
    )
    query_password = models.CharField("查询密码", max_length=128, editable=False)
    # 条例 Art. 44: the applicant may suggest that the information be made proactive.
    suggests_proactive = models.BooleanField(
        "申请人建议将该信息主动公开", default=False, editable=False
    )

    status = models.CharField(
        "状态",
        max_length=20,
        editable=False,
        default=Status.RECEIVED,
        choices=[(s.value, STATUS_LABELS[s]) for s in Status],
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The clock (requests_app.deadlines): stored inputs and the derived due date.
    corrected_received_on = models.DateField("收到补正日期", null=True, blank=True, editable=False)
    correction_requested_on = models.DateField(
        "告知补正日期", null=True, blank=True, editable=False
    )
    correction_due_on = models.DateField("补正期限", null=True, blank=True, editable=False)
    extension_working_days = models.PositiveSmallIntegerField(
        "延长工作日数", default=0, editable=False
    )
    extension_approved_by = models.CharField(
        "延期批准人", max_length=50, blank=True, editable=False
    )
    custom_due_on = models.DateField("另行确定的答复期限", null=True, blank=True, editable=False)
    due_on = models.DateField("答复期限", null=True, blank=True, editable=False, db_index=True)
    fee_amount = models.PositiveIntegerField("信息处理费（元）", default=0, editable=False)
    fee_due_on = models.DateField("缴费期限", null=True, blank=True, editable=False)
    fee_paid_amount = models.PositiveIntegerField("已缴费用（元）", default=0, editable=False)

    outcome = models.CharField(
        "办理结果", max_length=30, choices=OUTCOME_CHOICES, blank=True, editable=False
    )
    outcome_reasons = models.TextField("理由和依据", blank=True, editable=False)
    # 条例 Art. 36(5): who does hold the information, told to the applicant where determinable.
    responsible_agency = models.CharField(
        "负责公开的行政机关", max_length=100, blank=True, editable=False
    )
    responsible_agency_contact = models.CharField(
        "负责公开的行政机关联系方式", max_length=200, blank=True, editable=False
    )
    closed_on = models.DateField("办结日期", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-id"]
        permissions = [("handle_application", "可以办理政府信息公开申请")]
        indexes = [
            models.Index(fields=["organisation", "status", "due_on"], name="application_queue_idx"),
            models.Index(fields=["organisation", "closed_on"], name="application_closed_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(extension_working_days__lte=20),
                name="extension_at_most_20_working_days",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (~Q(outcome="") & Q(closed_on__isnull=False)),
                name="closed_applications_have_an_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]

    @property
    def outcome_label(self) -> str:
        return outcome_label(self.outcome) if self.outcome else ""

    @property
    def outcome_info(self):
        return OUTCOMES[Outcome(self.outcome)] if self.outcome else None

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL

    @property
    def masked_name(self) -> str:
        # An organisation's name is not personal data; a person's is masked (张*三).
        return self.name if self.is_organisation else mask_name(self.name)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class Pause(models.Model):
    """A stop of the reply clock: consultation (Art. 32–34) or fee notice to payment."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", "征求第三方意见"
        OTHER_AGENCY = "other_agency", "征求其他机关意见"
        FEE = "fee", "收费通知至缴费"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField("类型", max_length=20, choices=Kind)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期", null=True, blank=True)
    party = models.CharField("征求对象", max_length=100, blank=True)

    class Meta:
        verbose_name = "计时中止"
        verbose_name_plural = "计时中止"
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}—{self.end or ''}"


class ApplicationEvent(models.Model):
    """Immutable audit row of a case: who did what, when, from which status to which."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("操作", max_length=30)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20, blank=True)
    note = models.TextField("说明", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    public = models.BooleanField(
        "申请人可见", default=True, help_text="进度查询页面向申请人显示此记录。"
    )

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action_label} {self.created_at:%Y-%m-%d}"

    @property
    def action_label(self) -> str:
        """The action in Chinese (requests_app.events); an old row's unknown string as stored."""
        return events.label_of(self.action)

    @classmethod
    def record(
        cls,
        application,
        actor,
        action: str,
        *,
        from_status: str = "",
        to_status: str = "",
        note: str = "",
        data: dict | None = None,
        public: bool = True,
    ) -> ApplicationEvent:
        """Append an event row; ``action`` must be a member of events.EventAction."""
        return cls.objects.create(
            application=application,
            actor=actor,
            action=events.event_action(action).value,
            from_status=from_status,
            to_status=to_status,
            note=note,
            data=data or {},
            public=public,
        )


class ReplyNotice(models.Model):
    """A document sent to the applicant (回执, 补正告知书, 延期告知书, 答复书 …), frozen when issued."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", "政府信息公开申请接收回执"
        CORRECTION = "correction", "政府信息公开申请补正告知书"
        EXTENSION = "extension", "政府信息公开申请延期答复告知书"
        CONSULTATION = "consultation", "征求意见告知书"
        FEE = "fee", "政府信息公开信息处理费收费通知书"
        ANSWER = "answer", "政府信息公开申请答复书"
        CLOSURE = "closure", "政府信息公开申请办结告知书"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notices")
    # Denormalised from the application: the numbering and its constraint are per organisation.
    organisation = models.ForeignKey(
        Organisation, verbose_name="发文机关", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("文书类型", max_length=20, choices=Kind)
    number = models.CharField("发文字号", max_length=60)
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文（签发时生成）")
    issued_on = models.DateField("签发日期")
    delivery_method = models.CharField("送达方式", max_length=30, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "告知书"
        verbose_name_plural = "告知书"
        ordering = ["issued_on", "id"]
        constraints = [
            # One sequence per organisation and year for every kind (requests_app.notices).
            models.UniqueConstraint(
                fields=["organisation", "number"], name="reply_notice_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"


class AppealQuerySet(OrganisationScopedQuerySet):
    organisation_path = "application__organisation"


class Appeal(models.Model):
    """行政复议 or 行政诉讼 arising from a case (annual report Table C)."""

    class Kind(models.TextChoices):
        REVIEW = "review", "行政复议"
        LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
        LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"

    class Result(models.TextChoices):
        MAINTAINED = "maintained", "结果维持"
        CORRECTED = "corrected", "结果纠正"
        OTHER = "other", "其他结果"
        PENDING = "pending", "尚未审结"

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="appeals", verbose_name="申请"
    )
    kind = models.CharField("类型", max_length=30, choices=Kind)
    filed_on = models.DateField("提起日期")
    body = models.CharField("复议机关/受理法院", max_length=100, blank=True)
    result = models.CharField("结果", max_length=20, choices=Result, default=Result.PENDING)
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = "复议诉讼"
        verbose_name_plural = "复议诉讼"
        ordering = ["-filed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result="pending") | Q(decided_on__isnull=False),
                name="decided_appeals_have_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filed_on}"
