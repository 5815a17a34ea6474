"""Demo 政务公开事项标准目录 of the 民政局 (社会救助, 养老服务 and the periodic rows of its
statistics, 救灾 and 预决算) and of the 财政局 (财政预决算), in the structure county catalogues
use (国办发〔2019〕54号; 民办函〔2019〕52号), written in the project's own words.

The periodic rows are the 民政局's duties that the obligations calendar watches: the six
obligations once kept by hand (reports.obligations) are now derived from them by
``reports.obligations.derivation.sync_obligations``. Saved through the directory service by each
organisation's 主管; idempotent by (organisation, 领域, 公开事项一级, 公开事项二级).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from catalog.models import Category, Organisation
from disclosures.directory import services
from disclosures.directory.models import DirectoryRow

PLAN = "《示例县民政局政务公开工作要点》："
RELIEF = "《社会救助暂行办法》；《中华人民共和国政府信息公开条例》；民办函〔2019〕52号"
ELDERLY = "《中华人民共和国老年人权益保障法》；《养老机构管理办法》；民办函〔2019〕52号"
BUDGET = "《中华人民共和国预算法》第十四条；《中华人民共和国预算法实施条例》第六条"
WEB, GAZETTE, NEW_MEDIA = "website", "gazette", "new_media"
READING, CENTRE, STATION = "reading_room", "service_centre", "service_station"
BOARD, DOOR, TARGETED = "notice_board", "door_to_door", "targeted"


@dataclass(frozen=True)
class Row:
    domain: str
    level1: str
    level2: str
    content: str
    basis: str
    time_limit: str
    subject: str
    channels: tuple[str, ...]
    columns: tuple[str, ...] = ()
    audience: str = "public"
    levels: tuple[str, ...] = ("county",)
    five_open: str = ""


TEN = "信息形成或变更之日起10个工作日内"
TWENTY = "信息形成或变更之日起20个工作日内"
MZJ, TOWN = "县民政局", "乡镇人民政府（街道办事处）"

MZJ_ROWS = (
    Row("社会救助", "政策法规", "政策法规文件",
        "社会救助方面的法律、法规、规章和规范性文件，本县低保、特困、临时救助实施办法及政策解读",
        RELIEF, TWENTY, MZJ, (WEB, GAZETTE, READING, CENTRE), ("zcwj",), five_open="decision"),
    Row("社会救助", "监督检查", "监督投诉渠道",
        "社会救助信访通讯地址、投诉举报电话、监督检查结果",
        RELIEF, TEN, MZJ, (WEB, READING, BOARD), ("shjz",), levels=("county", "township"),
        five_open="management"),
    Row("社会救助", "最低生活保障", "办事指南",
        "办理事项、办理条件、最低生活保障标准、申请材料、办理流程、办理时间、办理地点、联系方式",
        RELIEF, TEN, f"{MZJ}、{TOWN}", (WEB, CENTRE, STATION, BOARD), ("bszn",),
        levels=("county", "township"), five_open="service"),
    Row("社会救助", "最低生活保障", "审核信息",
        "初审对象名单及相关信息（姓名、所在村（社区）、家庭人口、拟保障金额，已去标识化）",
        RELIEF + "；《最低生活保障审核确认办法》", "公示7个工作日", TOWN, (BOARD, WEB), ("cxdb",),
        levels=("township",), five_open="execution"),
    Row("社会救助", "最低生活保障", "审批信息",
        "低保对象名单及相关信息（姓名、所在村（社区）、保障人数、保障金额，已去标识化）",
        RELIEF, TEN, MZJ, (WEB, BOARD), ("cxdb",), levels=("county", "township"),
        five_open="result"),
    Row("社会救助", "特困人员救助供养", "办事指南",
        "办理事项、办理条件、救助供养标准、申请材料、办理流程、办理时间、办理地点、联系方式",
        RELIEF, TEN, f"{MZJ}、{TOWN}", (WEB, CENTRE, STATION, BOARD), ("bszn",),
        levels=("county", "township"), five_open="service"),
    Row("社会救助", "特困人员救助供养", "审核信息",
        "初审对象名单及相关信息（已去标识化）", RELIEF, "公示7个工作日", TOWN, (BOARD, WEB),
        ("tkgy",), levels=("township",), five_open="execution"),
    Row("社会救助", "特困人员救助供养", "审批信息",
        "特困人员名单及相关信息、终止供养名单（已去标识化）", RELIEF, TEN, MZJ, (WEB, BOARD),
        ("tkgy",), levels=("county", "township"), five_open="result"),
    Row("社会救助", "临时救助", "办事指南",
        "办理事项、办理条件、救助标准、申请材料、办理流程、办理时间、办理地点、联系方式",
        RELIEF, TEN, f"{MZJ}、{TOWN}", (WEB, CENTRE, STATION), ("bszn",),
        levels=("county", "township"), five_open="service"),
    Row("社会救助", "临时救助", "审批信息",
        "临时救助对象名单及救助金额（已去标识化）", RELIEF, TEN, MZJ, (WEB, BOARD), ("lsjz",),
        levels=("county", "township"), five_open="result"),
    Row("社会救助", "统计信息", "社会救助（城乡低保）统计数据",
        "城乡低保保障人数、保障标准、资金支出情况",
        PLAN + "社会救助数据按季度公开，次季度第二个月底前", "每季度结束后次季度第二个月底前",
        MZJ, (WEB, NEW_MEDIA), ("cxdb",), five_open="result"),
    Row("社会救助", "统计信息", "特困人员救助供养统计数据",
        "特困人员救助供养人数、供养标准、资金支出情况",
        PLAN + "社会救助数据按季度公开，次季度第二个月底前", "每季度结束后次季度第二个月底前",
        MZJ, (WEB, NEW_MEDIA), ("tkgy",), five_open="result"),
    Row("养老服务", "政策法规", "政策法规文件",
        "养老服务方面的法律、法规、规章和规范性文件，本县养老服务补贴、高龄津贴政策及解读",
        ELDERLY, TWENTY, MZJ, (WEB, GAZETTE, READING), ("ylfw",), five_open="decision"),
    Row("养老服务", "养老服务补贴", "办事指南",
        "高龄津贴、养老服务补贴的申请条件、补贴标准、申请材料、办理流程、办理地点、联系方式",
        ELDERLY, TEN, f"{MZJ}、{TOWN}", (WEB, CENTRE, STATION, TARGETED), ("bszn",),
        levels=("county", "township"), five_open="service"),
    Row("养老服务", "养老机构", "养老机构名录",
        "本县养老机构名称、地址、床位数、收费标准、联系电话",
        ELDERLY, TWENTY, MZJ, (WEB, NEW_MEDIA, CENTRE), ("ylfw",), five_open="service"),
    Row("养老服务", "监督检查", "养老机构监督检查结果",
        "养老机构“双随机、一公开”抽查结果、等级评定结果、服务质量检查情况",
        ELDERLY, TWENTY, MZJ, (WEB,), ("ylfw",), five_open="result"),
    Row("养老服务", "监督检查", "投诉举报渠道", "养老服务投诉举报电话、通讯地址",
        ELDERLY, "常态公开", MZJ, (WEB, BOARD, CENTRE), (), levels=("county", "township"),
        five_open="management"),
    Row("民政统计", "统计信息", "民政事业统计数据", "民政事业统计月报主要指标",
        PLAN + "民政事业统计表按月公开", "每月，次月底前", MZJ, (WEB,), ("tjxx",),
        five_open="result"),
    Row("救灾", "灾情信息", "救灾救济（灾情）信息",
        "自然灾害灾情统计、救灾款物分配及使用情况",
        PLAN + "灾情每半年公开，上半年8月底前、下半年次年2月底前",
        "每半年，上半年8月底前、下半年次年2月底前", MZJ, (WEB, BOARD), ("jzjj",),
        five_open="result"),
    Row("财政预决算", "部门预算", "部门预算",
        "部门预算报表及说明（收支总表、财政拨款收支总表、“三公”经费预算等）",
        PLAN + "部门预算5月31日前公开", "每年5月31日前", MZJ, (WEB,), ("bmys",),
        five_open="result"),
    Row("财政预决算", "部门决算", "部门决算",
        "部门决算报表及说明（收入支出决算总表、“三公”经费支出决算等）",
        PLAN + "部门决算9月30日前公开", "次年9月30日前", MZJ, (WEB,), ("bmjs",),
        five_open="result"),
)  # fmt: skip

CZJ = "县财政局"
CZJ_ROWS = (
    Row("财政预决算", "政府预决算", "政府预算",
        "经县人民代表大会批准的政府预算、预算调整及报表，转移支付和政府债务情况说明",
        BUDGET, "经本级人民代表大会或其常务委员会批准之日起20日内", CZJ,
        (WEB, GAZETTE, READING), ("czyjs",), five_open="result"),
    Row("财政预决算", "政府预决算", "政府决算",
        "经县人民代表大会常务委员会批准的政府决算及报表", BUDGET,
        "经本级人民代表大会常务委员会批准之日起20日内", CZJ, (WEB, GAZETTE, READING),
        ("czyjs",), five_open="result"),
    Row("财政预决算", "部门预决算", "部门预算",
        "部门收支总表、收入总表、支出总表、财政拨款收支总表、一般公共预算支出表等及情况说明",
        BUDGET, "财政部门批复后20日内", CZJ, (WEB,), ("bmys",), five_open="result"),
    Row("财政预决算", "部门预决算", "部门决算",
        "收入支出决算总表等九张报表及情况说明，重要事项解释", BUDGET, "财政部门批复后20日内",
        CZJ, (WEB,), ("bmjs",), five_open="result"),
    Row("财政预决算", "部门预决算", "“三公”经费",
        "因公出国（境）费、公务用车购置及运行费、公务接待费的预算和决算数及增减变化原因",
        BUDGET + "；《地方预决算公开操作规程》", "财政部门批复后20日内", CZJ, (WEB,),
        ("bmys", "bmjs"), five_open="result"),
)  # fmt: skip

DIRECTORIES = (("mzj", "mzj_zg", MZJ_ROWS), ("czj", "czj_zg", CZJ_ROWS))
DOMAIN_ORDER = ("社会救助", "养老服务", "民政统计", "救灾", "财政预决算")


def seed() -> int:
    """Create or update the demo rows; returns how many were created."""
    users = get_user_model().objects
    created = 0
    for slug, username, rows in DIRECTORIES:
        org = Organisation.objects.filter(slug=slug).first()
        actor = users.filter(username=username).first()
        if org is None or actor is None:
            continue
        for order, plan in enumerate(rows, start=1):
            row = DirectoryRow.objects.filter(
                organisation=org,
                domain=plan.domain,
                item_level1=plan.level1,
                item_level2=plan.level2,
            ).first()
            created += row is None
            row = row or DirectoryRow(organisation=org)
            row.domain = plan.domain
            row.domain_order = DOMAIN_ORDER.index(plan.domain) + 1
            row.item_level1, row.item_level2 = plan.level1, plan.level2
            row.content, row.basis, row.time_limit = plan.content, plan.basis, plan.time_limit
            row.subject = plan.subject
            row.channels, row.levels = list(plan.channels), list(plan.levels)
            row.audience, row.mode, row.five_open = plan.audience, "proactive", plan.five_open
            row.sort_order = order * 10
            columns = list(Category.objects.filter(slug__in=plan.columns))
            services.save_row(actor=actor, row=row, columns=columns)
    return created
