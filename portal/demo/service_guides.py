"""Demo 办事指南 of 示例县民政局, written and published through the services (four eyes).

Deterministic and idempotent: each guide's item carries ``external_id`` guide-mzj-…, and
existing ones are skipped. The 婚姻登记 guides follow the 2025 《婚姻登记条例》 (国务院令第804号,
in force 2025-05-10): 居民身份证 and a signed declaration, no 户口簿, no fee, 全国通办.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from catalog.models import Organisation
from disclosures import services
from disclosures.models import Disclosure
from disclosures.service_guides import services as guide_services
from disclosures.service_guides.models import MaterialForm
from disclosures.service_guides.services import Material, Step

TZ = ZoneInfo("Asia/Shanghai")
ORGANISATION = "mzj"
AUTHOR = "mzj_xxy"
REVIEWER = "mzj_shy"

MARRIAGE_BASIS = (
    "《中华人民共和国民法典》婚姻家庭编\n"
    "《婚姻登记条例》（2025年4月6日国务院令第804号修订，自2025年5月10日起施行）"
)
MARRIAGE_HOURS = "周一至周五 上午8:30—12:00，下午14:30—17:30（法定节假日除外）"
ASSISTANCE_HOURS = "周一至周五 上午8:30—12:00，下午14:30—17:30（法定节假日除外）"
ID_CARD = "居民身份证"


@dataclass(frozen=True)
class DemoGuide:
    key: str
    written_on: dt.date
    fields: dict
    materials: tuple[Material, ...]
    steps: tuple[Step, ...]


def _guides(org: Organisation) -> list[DemoGuide]:
    registry = f"{org.name}婚姻登记处（{org.address}）"
    assistance = (
        "申请人户籍所在地乡镇人民政府（街道办事处）社会救助窗口；"
        f"审核确认：{org.name}社会救助股（{org.address}）"
    )
    contact = {"consult_phone": org.phone, "supervise_phone": "0570-8000110"}
    marriage_contact = {"consult_phone": "0570-8000120", "supervise_phone": "0570-8000110"}
    return [
        DemoGuide(
            "jhdj",
            dt.date(2025, 5, 12),
            {
                "matter_name": "结婚登记",
                "legal_basis": MARRIAGE_BASIS,
                "conditions": (
                    "1. 男方年满22周岁，女方年满20周岁；\n"
                    "2. 男女双方完全自愿；\n"
                    "3. 双方均无配偶；\n"
                    "4. 双方没有直系血亲和三代以内旁系血亲关系。\n"
                    "内地居民结婚，男女双方可以到全国任一婚姻登记机关共同申请（全国通办）。"
                ),
                "fee": "不收费。",
                "time_limit": "材料齐全、符合法定条件的，当场办结。",
                "location": registry,
                "office_hours": MARRIAGE_HOURS,
                **marriage_contact,
                "notes": "结婚登记须男女双方亲自到场，不能委托他人代办。",
            },
            (
                Material(ID_CARD, MaterialForm.ORIGINAL, 1, "男女双方各提供本人有效居民身份证"),
                Material(
                    "本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明",
                    MaterialForm.ORIGINAL,
                    1,
                    "双方各一份，在婚姻登记机关现场填写并签字",
                ),
            ),
            (
                Step("申请", "男女双方共同到婚姻登记机关提出结婚登记申请。"),
                Step("受理", "婚姻登记员查验居民身份证，指导当事人填写并签署声明。"),
                Step("审查", "婚姻登记员对当事人提交的证件、声明进行审查并询问相关情况。"),
                Step(
                    "登记发证",
                    "符合结婚条件的，当场予以登记，发给结婚证；不符合条件的，不予登记并书面说明理由。",
                ),
            ),
        ),
        DemoGuide(
            "lhdj",
            dt.date(2025, 5, 12),
            {
                "matter_name": "离婚登记",
                "legal_basis": MARRIAGE_BASIS,
                "conditions": (
                    "1. 男女双方自愿离婚；\n"
                    "2. 双方对子女抚养、财产以及债务处理等事项协商一致，并签订书面离婚协议；\n"
                    "3. 双方均具有完全民事行为能力。\n"
                    "内地居民自愿离婚的，男女双方可以到全国任一婚姻登记机关共同申请（全国通办）。"
                ),
                "fee": "不收费。",
                "time_limit": (
                    "自婚姻登记机关收到离婚登记申请之日起30日为离婚冷静期；"
                    "冷静期届满后30日内，双方亲自到婚姻登记机关申请发给离婚证，"
                    "符合条件的当场登记发证。"
                ),
                "location": registry,
                "office_hours": MARRIAGE_HOURS,
                **marriage_contact,
                "notes": (
                    "离婚冷静期内，任何一方不愿意离婚的，可以向婚姻登记机关撤回离婚登记申请。"
                    "冷静期届满后30日内双方未共同到婚姻登记机关申请发给离婚证的，视为撤回离婚登记申请。"
                ),
            },
            (
                Material(ID_CARD, MaterialForm.ORIGINAL, 1, "男女双方各提供本人有效居民身份证"),
                Material("结婚证", MaterialForm.ORIGINAL, 1, "双方各自持有的结婚证"),
                Material(
                    "离婚协议书",
                    MaterialForm.ORIGINAL,
                    3,
                    "载明双方自愿离婚的意思表示以及对子女抚养、财产及债务处理等事项协商一致的意见",
                ),
            ),
            (
                Step("申请", "男女双方共同到婚姻登记机关提出离婚登记申请。"),
                Step("受理", "材料齐全的，婚姻登记机关予以受理，发给受理回执。"),
                Step(
                    "离婚冷静期",
                    "自收到申请之日起30日内，任何一方不愿意离婚的，可以撤回申请。",
                ),
                Step(
                    "审查",
                    "冷静期届满后30日内，双方亲自到婚姻登记机关申请发给离婚证，婚姻登记员进行审查。",
                ),
                Step("登记发证", "符合条件的，予以登记，发给离婚证。"),
            ),
        ),
        DemoGuide(
            "bldj",
            dt.date(2025, 5, 12),
            {
                "matter_name": "补领婚姻登记证",
                "legal_basis": MARRIAGE_BASIS,
                "conditions": (
                    "结婚证、离婚证遗失或者损毁的，当事人可以持居民身份证向婚姻登记机关申请补领"
                    "（全国通办）。婚姻登记机关对当事人的婚姻登记档案进行查证，确认属实的，予以补发。"
                ),
                "fee": "不收费。",
                "time_limit": "经查证婚姻登记档案属实的，当场补发。",
                "location": registry,
                "office_hours": MARRIAGE_HOURS,
                **marriage_contact,
            },
            (Material(ID_CARD, MaterialForm.ORIGINAL, 1, "申请补领的当事人本人的居民身份证"),),
            (
                Step("申请", "当事人持居民身份证到婚姻登记机关申请补领结婚证或离婚证。"),
                Step("查证", "婚姻登记机关查询、核实当事人的婚姻登记档案。"),
                Step("补发", "确认属实的，当场补发婚姻登记证。"),
            ),
        ),
        DemoGuide(
            "dbsq",
            dt.date(2025, 3, 3),
            {
                "matter_name": "城乡最低生活保障申请",
                "legal_basis": (
                    "《社会救助暂行办法》第九条至第十三条\n"
                    "《最低生活保障审核确认办法》（民发〔2021〕57号）"
                ),
                "conditions": (
                    "共同生活的家庭成员人均收入低于当地最低生活保障标准，"
                    "且家庭财产状况符合当地规定的，可以申请最低生活保障。"
                ),
                "fee": "不收费",
                "time_limit": (
                    "自受理申请之日起25个工作日内办结；特殊情况可延长，最长不超过40个工作日。"
                ),
                "location": assistance,
                "office_hours": ASSISTANCE_HOURS,
                **contact,
            },
            (
                Material("最低生活保障申请书", MaterialForm.ORIGINAL, 1, "可在受理窗口领取"),
                Material(
                    ID_CARD, MaterialForm.BOTH, 1, "共同生活的家庭成员每人一份，原件核对后退还"
                ),
                Material("居民户口簿", MaterialForm.BOTH, 1, "原件核对后退还"),
                Material(
                    "家庭经济状况核对授权书",
                    MaterialForm.ORIGINAL,
                    1,
                    "共同生活的家庭成员签字",
                ),
                Material("家庭收入及财产状况申报材料", MaterialForm.ORIGINAL, 1, ""),
            ),
            (
                Step("申请", "向户籍所在地乡镇人民政府（街道办事处）提出书面申请。"),
                Step("受理", "材料齐全的予以受理；材料不全的，一次性告知需要补齐的材料。"),
                Step(
                    "家庭经济状况调查",
                    "通过入户调查、邻里访问、信息核对等方式，核查家庭收入和财产状况。",
                ),
                Step(
                    "初审并公示",
                    "乡镇人民政府（街道办事处）提出初审意见，在申请人所在村（社区）公示7天。",
                ),
                Step(
                    "审核确认",
                    "县民政局审核确认；不予确认的，书面告知申请人并说明理由。",
                ),
                Step("公布与发放", "确认后在村（社区）公布，自确认的次月起发放最低生活保障金。"),
            ),
        ),
        DemoGuide(
            "tkgy",
            dt.date(2025, 3, 3),
            {
                "matter_name": "特困人员救助供养申请",
                "legal_basis": (
                    "《社会救助暂行办法》第十四条至第十九条\n"
                    "《特困人员认定办法》（民发〔2021〕43号）"
                ),
                "conditions": (
                    "老年人、残疾人以及未满16周岁的未成年人，同时具备以下条件的，可以申请：\n"
                    "1. 无劳动能力；\n"
                    "2. 无生活来源；\n"
                    "3. 无法定赡养、抚养、扶养义务人，或者其法定义务人无履行义务能力。"
                ),
                "fee": "不收费",
                "time_limit": (
                    "乡镇人民政府（街道办事处）自受理之日起20个工作日内提出初审意见；"
                    "县民政局自收到初审意见之日起20个工作日内作出决定。"
                ),
                "location": assistance,
                "office_hours": ASSISTANCE_HOURS,
                **contact,
                "notes": "申请人本人申请有困难的，可以委托村（居）民委员会或者他人代为提出申请。",
            },
            (
                Material("特困人员救助供养申请书", MaterialForm.ORIGINAL, 1, "可在受理窗口领取"),
                Material(ID_CARD, MaterialForm.BOTH, 1, "原件核对后退还"),
                Material("居民户口簿", MaterialForm.BOTH, 1, "原件核对后退还"),
                Material("残疾人证", MaterialForm.BOTH, 1, "残疾人申请时提供"),
                Material(
                    "家庭经济状况核对授权书",
                    MaterialForm.ORIGINAL,
                    1,
                    "申请人及法定义务人签字",
                ),
            ),
            (
                Step("申请", "向户籍所在地乡镇人民政府（街道办事处）提出书面申请。"),
                Step("调查核实", "通过入户调查、邻里访问、信息核对等方式核实申请人情况。"),
                Step("初审并公示", "提出初审意见，在申请人所在村（社区）公示。"),
                Step("审核确认", "县民政局作出确认决定；不予确认的，书面告知理由。"),
                Step("救助供养", "确认后按规定提供基本生活条件、照料服务等救助供养。"),
            ),
        ),
        DemoGuide(
            "lsjz",
            dt.date(2025, 3, 3),
            {
                "matter_name": "临时救助申请",
                "legal_basis": "《社会救助暂行办法》第四十七条至第五十条",
                "conditions": (
                    "因火灾、交通事故等意外事件，家庭成员突发重大疾病等原因，"
                    "导致基本生活暂时出现严重困难的家庭；"
                    "因生活必需支出突然增加超出家庭承受能力，导致基本生活暂时出现严重困难的"
                    "最低生活保障家庭；以及遭遇其他特殊困难的家庭，可以申请临时救助。"
                ),
                "fee": "不收费",
                "time_limit": (
                    "按规定时限审核审批，具体以受理时告知为准；情况紧急的，先行救助，事后补办手续。"
                ),
                "location": assistance,
                "office_hours": ASSISTANCE_HOURS,
                **contact,
            },
            (
                Material("临时救助申请书", MaterialForm.ORIGINAL, 1, "可在受理窗口领取"),
                Material(ID_CARD, MaterialForm.BOTH, 1, "原件核对后退还"),
                Material(
                    "困难情况证明材料",
                    MaterialForm.COPY,
                    1,
                    "如医疗费用票据、事故证明等",
                ),
            ),
            (
                Step("申请", "向乡镇人民政府（街道办事处）提出申请。"),
                Step("审核并公示", "乡镇人民政府（街道办事处）审核，并在村（社区）公示。"),
                Step(
                    "审批", "县民政局审批；救助金额较小的，可以委托乡镇人民政府（街道办事处）审批。"
                ),
                Step("发放救助", "审批通过的，发放临时救助金或者实物。"),
            ),
        ),
    ]


def _external_id(key: str) -> str:
    return f"guide-{ORGANISATION}-{key}"


@transaction.atomic
def seed() -> int:
    """Publish the demo 办事指南 of 示例县民政局; return the number created now."""
    org = Organisation.objects.filter(slug=ORGANISATION).first()
    if org is None:
        return 0
    user_model = get_user_model()
    author = user_model.objects.get(username=AUTHOR)
    reviewer = user_model.objects.get(username=REVIEWER)
    existing = set(
        Disclosure.objects.filter(
            organisation=org, external_id__startswith=f"guide-{ORGANISATION}-"
        ).values_list("external_id", flat=True)
    )
    created = 0
    for spec in _guides(org):
        if _external_id(spec.key) in existing:
            continue
        guide = guide_services.create_guide(
            actor=author,
            organisation=org,
            fields=spec.fields,
            steps=spec.steps,
            materials=spec.materials,
            written_on=spec.written_on,
            external_id=_external_id(spec.key),
        )
        services.submit_disclosure(actor=author, disclosure=guide.disclosure)
        services.publish_disclosure(
            actor=reviewer,
            disclosure=guide.disclosure,
            publish_at=dt.datetime.combine(spec.written_on, dt.time(10, 0), tzinfo=TZ),
        )
        created += 1
    return created
