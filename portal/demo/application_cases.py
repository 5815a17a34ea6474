"""The demo's 依申请公开 cases as data: who applies, how, and how each case ends.

A fixed table (``CASES``) and the word lists the applicants are drawn from; the seeding
itself (``portal.demo.applications``) plays each case through the services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from requests_app.models import (
    Appeal,
    ApplicantType,
    Channel,
)
from requests_app.outcomes import Outcome

D = dt.date


@dataclass(frozen=True)
class Staff:
    supervisor: str  # assigns cases
    caseworker: str  # handles them


STAFF = {
    "mzj": Staff("mzj_zg", "mzj_jbr"),
    "czj": Staff("czj_zg", "czj_jbr"),
    "tyjrj": Staff("tyjrj_zg", "tyjrj_jbr"),
}


@dataclass(frozen=True)
class AppealSpec:
    kind: str
    result: str
    filed_after: int  # calendar days after the case was closed
    decided_after: int | None = None  # calendar days after filing; None while pending
    after_previous: bool = False  # filed after the previous appeal was decided (复议后起诉)


@dataclass(frozen=True)
class CaseSpec:
    org: str
    received: dt.date
    channel: str
    applicant_type: str
    scenario: str
    outcome: Outcome | None
    description: str
    party: str = ""  # consulted third party or agency
    appeals: tuple[AppealSpec, ...] = ()


N, COM, RES, PUB, LAW, OTH = (
    ApplicantType.NATURAL,
    ApplicantType.COMMERCIAL,
    ApplicantType.RESEARCH,
    ApplicantType.PUBLIC_WELFARE,
    ApplicantType.LEGAL_SERVICE,
    ApplicantType.OTHER_ORG,
)
ONLINE, IN_PERSON, REG_MAIL, MAIL, FAX, EMAIL, ORAL = (
    Channel.ONLINE,
    Channel.IN_PERSON,
    Channel.REGISTERED_MAIL,
    Channel.ORDINARY_MAIL,
    Channel.FAX,
    Channel.EMAIL,
    Channel.ORAL,
)
OC = Outcome
K = Appeal.Kind
R = Appeal.Result

# Scenarios (see _steps): answer, extend, consult, consult_agency, correct, lapse, fee_paid,
# fee_lapsed, withdraw; open cases: new, assigned, extended_open, correcting, consulting,
# consulting_agency, awaiting_fee.
# fmt: off
CASES: tuple[CaseSpec, ...] = (
    # ---------------------------------------------------------------- 示例县民政局
    CaseSpec("mzj", D(2025, 2, 18), ONLINE, N, "answer", OC.DISCLOSE,
             "申请公开本县2024年第四季度城乡最低生活保障资金发放汇总表（按乡镇统计）。"),
    CaseSpec("mzj", D(2025, 3, 11), IN_PERSON, N, "consult", OC.WITHHOLD_THIRD_PARTY,
             "申请公开城关镇幸福社区某低保家庭2024年的家庭收入和财产核查材料。",
             party="被申请公开信息涉及的低保家庭户主",
             appeals=(AppealSpec(K.REVIEW, R.MAINTAINED, 20, 55),)),
    CaseSpec("mzj", D(2025, 4, 8), REG_MAIL, N, "answer", OC.WITHHOLD_INQUIRY,
             "申请查询本人父母1986年在原城关公社办理结婚登记的婚姻登记档案。"),
    CaseSpec("mzj", D(2025, 5, 13), ONLINE, COM, "answer", OC.DISCLOSE,
             "申请公开本县民办养老机构运营补贴的申报条件、补贴标准和2024年度发放结果。"),
    CaseSpec("mzj", D(2025, 6, 5), ONLINE, N, "correct", OC.UNABLE_UNCLEAR,
             "申请公开民政部门掌握的与我家有关的全部材料。"),
    CaseSpec("mzj", D(2025, 6, 24), EMAIL, N, "lapse", OC.OTHER_NO_CORRECTION,
             "申请公开民政局的相关文件。"),
    CaseSpec("mzj", D(2025, 7, 15), ONLINE, N, "answer", OC.UNABLE_NOT_HELD,
             "申请公开县民政局2020年对城南公墓违规销售墓穴的调查处理报告。",
             appeals=(AppealSpec(K.REVIEW, R.CORRECTED, 25, 58),)),
    CaseSpec("mzj", D(2025, 8, 12), IN_PERSON, N, "answer", OC.REFUSE_PETITION,
             "反映我村低保评定存在优亲厚友问题，要求县民政局调查处理并答复调查结果。"),
    CaseSpec("mzj", D(2025, 9, 9), ONLINE, PUB, "extend", OC.PARTIAL,
             "申请公开2024年度本县社会组织年度检查结论及各社会组织存在问题的明细。"),
    CaseSpec("mzj", D(2025, 10, 21), ONLINE, N, "answer", OC.REFUSE_REPEAT,
             "再次申请公开城关镇幸福社区某低保家庭2024年的家庭收入和财产核查材料。",
             appeals=(AppealSpec(K.LITIGATION_DIRECT, R.PENDING, 120),)),
    CaseSpec("mzj", D(2025, 11, 4), MAIL, N, "answer", OC.WITHHOLD_PROCESS,
             "申请公开县民政局就2026年城乡低保标准调整向县政府报送的请示及领导批示意见。"),
    CaseSpec("mzj", D(2025, 11, 25), ONLINE, N, "withdraw", OC.OTHER,
             "申请公开本县2025年度临时救助资金的使用情况。"),
    CaseSpec("mzj", D(2025, 12, 17), ONLINE, N, "answer", OC.DISCLOSE,
             "申请公开2026年本县城乡最低生活保障标准调整的文件。"),
    CaseSpec("mzj", D(2025, 12, 23), ONLINE, RES, "extend", OC.UNABLE_NEW_CREATION,
             "申请提供2018年至2025年全县每月低保人数变化情况的统计分析报告。"),
    CaseSpec("mzj", D(2026, 1, 13), ONLINE, N, "answer", OC.WITHHOLD_INTERNAL,
             "申请公开县民政局机关食堂的食材采购台账和后勤管理制度。"),
    CaseSpec("mzj", D(2026, 3, 10), ONLINE, N, "answer", OC.REFUSE_EXCESSIVE,
             "申请公开县民政局2000年以来制作的全部文件（本月已提出同类申请46件）。"),
    CaseSpec("mzj", D(2026, 3, 24), IN_PERSON, N, "answer", OC.REFUSE_CONFIRM,
             "要求县民政局确认本人此前取得的低保审批表复印件与原件一致并加盖公章。"),
    CaseSpec("mzj", D(2026, 4, 14), ONLINE, LAW, "consult", OC.PARTIAL,
             "申请公开县民政局与城东颐养院签订的公建民营养老机构委托运营协议。",
             party="示例县城东颐养院",
             appeals=(AppealSpec(K.LITIGATION_DIRECT, R.PENDING, 40),)),
    CaseSpec("mzj", D(2026, 5, 19), ONLINE, N, "fee_paid", OC.DISCLOSE,
             "申请获取2016年至2025年全县养老机构消防安全检查记录的纸质复印件（约260页）。"),
    CaseSpec("mzj", D(2026, 6, 16), ONLINE, N, "answer", OC.REFUSE_PUBLICATION,
             "申请提供《示例县民政志（1986—2020）》一册。"),
    CaseSpec("mzj", D(2026, 7, 7), ONLINE, OTH, "answer", OC.DISCLOSE,
             "申请公开本县2026年居家养老服务补贴对象的审核标准和发放流程。"),
    CaseSpec("mzj", D(2026, 8, 11), REG_MAIL, N, "assigned", None,
             "申请公开城关镇2025年度特困人员供养资金发放情况。"),
    CaseSpec("mzj", D(2026, 10, 13), ONLINE, N, "extended_open", None,
             "申请公开本县2026年度困难残疾人生活补贴和重度残疾人护理补贴的发放汇总表。"),
    CaseSpec("mzj", D(2026, 10, 27), ONLINE, N, "assigned", None,
             "申请公开本县2026年第三季度临时救助审批情况汇总表（不含个人信息）。"),
    CaseSpec("mzj", D(2026, 11, 3), ONLINE, N, "consulting", None,
             "申请公开县民政局与示例县夕阳红养老服务有限公司签订的居家养老服务合同。",
             party="示例县夕阳红养老服务有限公司"),
    CaseSpec("mzj", D(2026, 11, 5), IN_PERSON, N, "correcting", None,
             "申请公开关于殡葬的有关规定。"),
    CaseSpec("mzj", D(2026, 11, 10), ONLINE, COM, "awaiting_fee", None,
             "申请获取2021年至2025年全县社会组织登记档案的纸质复印件（约180页）。"),
    CaseSpec("mzj", D(2026, 11, 18), ONLINE, N, "new", None,
             "申请公开本县2026年孤儿基本生活费发放标准。"),
    CaseSpec("mzj", D(2026, 11, 20), ONLINE, N, "new", None,
             "申请公开城关镇各社区养老服务站的运营单位和服务项目清单。"),
    # ---------------------------------------------------------------- 示例县财政局
    CaseSpec("czj", D(2025, 1, 14), ONLINE, N, "answer", OC.DISCLOSE,
             "申请公开示例县2025年县本级一般公共预算收支表。"),
    CaseSpec("czj", D(2025, 3, 18), ONLINE, COM, "answer", OC.DISCLOSE,
             "申请公开城区老旧小区改造项目政府采购合同及中标金额。"),
    CaseSpec("czj", D(2025, 4, 22), IN_PERSON, N, "answer", OC.WITHHOLD_SECRET,
             "申请公开县财政对驻地部队后勤保障经费的拨付明细。",
             appeals=(AppealSpec(K.LITIGATION_DIRECT, R.MAINTAINED, 45, 150),)),
    CaseSpec("czj", D(2025, 5, 27), ONLINE, N, "answer", OC.WITHHOLD_LAW,
             "申请公开城关镇各纳税人2024年度缴纳税款和享受财政奖励的明细。",
             appeals=(AppealSpec(K.LITIGATION_DIRECT, R.CORRECTED, 60, 160),)),
    CaseSpec("czj", D(2025, 6, 17), ONLINE, COM, "answer", OC.WITHHOLD_ENFORCEMENT,
             "申请公开县财政局对某会计师事务所作出行政处罚的全部案卷材料。",
             appeals=(AppealSpec(K.REVIEW, R.OTHER, 30, 50),)),
    CaseSpec("czj", D(2025, 7, 22), REG_MAIL, N, "fee_lapsed", OC.OTHER_NO_FEE,
             "申请获取2010年至2024年全县行政事业单位国有资产处置审批文件的纸质复印件（约260页）。"),
    CaseSpec("czj", D(2025, 8, 19), ONLINE, RES, "fee_paid", OC.DISCLOSE,
             "申请获取2020年至2024年县本级部门决算公开报表的纸质复印件（约150页）。"),
    CaseSpec("czj", D(2025, 9, 23), ONLINE, N, "answer", OC.UNABLE_NOT_OURS,
             "申请公开城关镇2023年与某企业签订的招商引资协议。"),
    CaseSpec("czj", D(2025, 11, 11), ONLINE, N, "answer", OC.REFUSE_PUBLICATION,
             "申请提供《示例县财政年鉴（2024）》一册。"),
    CaseSpec("czj", D(2026, 1, 20), ONLINE, N, "answer", OC.DISCLOSE_PUBLISHED,
             "申请公开示例县2026年县本级政府性基金预算表。"),
    CaseSpec("czj", D(2026, 3, 17), ONLINE, N, "consult_agency", OC.WITHHOLD_PROCESS,
             "申请公开县财政局与县住建局就城区道路改造资金安排往来的磋商函件。",
             party="示例县住房和城乡建设局",
             appeals=(AppealSpec(K.REVIEW, R.PENDING, 30),)),
    CaseSpec("czj", D(2026, 4, 21), EMAIL, COM, "answer", OC.UNABLE_NEW_CREATION,
             "申请县财政局按乡镇汇总近五年上级转移支付资金并作对比分析。"),
    CaseSpec("czj", D(2026, 6, 9), ONLINE, N, "answer", OC.REFUSE_REPEAT,
             "再次申请公开示例县2026年县本级政府性基金预算表。"),
    CaseSpec("czj", D(2026, 7, 14), ONLINE, N, "extend", OC.DISCLOSE,
             "申请公开2025年度县级农业产业化项目补助资金的分配明细。"),
    CaseSpec("czj", D(2026, 7, 28), ONLINE, N, "assigned", None,
             "申请公开2025年度县本级“三公”经费决算情况。"),
    CaseSpec("czj", D(2026, 10, 28), ONLINE, COM, "assigned", None,
             "申请公开2026年县级政府采购意向公开目录及采购预算。"),
    CaseSpec("czj", D(2026, 11, 2), ONLINE, N, "consulting_agency", None,
             "申请公开县财政局与县教育局就学校校舍改造资金往来的函件。",
             party="示例县教育局"),
    CaseSpec("czj", D(2026, 11, 19), FAX, N, "new", None,
             "申请公开2026年县级政府债务限额和余额情况。"),
    # ---------------------------------------------------------------- 示例县退役军人事务局
    CaseSpec("tyjrj", D(2025, 2, 25), ONLINE, N, "answer", OC.DISCLOSE,
             "申请公开2024年度退役士兵自主就业一次性经济补助的发放标准。"),
    CaseSpec("tyjrj", D(2025, 4, 15), IN_PERSON, N, "consult", OC.PARTIAL,
             "申请公开本人所在村2024年义务兵家庭优待金的发放名单和发放金额。",
             party="名单涉及的义务兵家庭",
             appeals=(AppealSpec(K.REVIEW, R.CORRECTED, 15, 45),)),
    CaseSpec("tyjrj", D(2025, 6, 10), ONLINE, N, "answer", OC.WITHHOLD_SECURITY,
             "申请公开县烈士陵园及周边军事设施的安全保卫部署方案。",
             appeals=(
                 AppealSpec(K.REVIEW, R.MAINTAINED, 20, 50),
                 AppealSpec(K.LITIGATION_AFTER_REVIEW, R.MAINTAINED, 12, 140,
                            after_previous=True),
             )),
    CaseSpec("tyjrj", D(2025, 8, 5), ONLINE, N, "answer", OC.WITHHOLD_INTERNAL,
             "申请公开县退役军人事务局工作人员2025年上半年的考勤和请假记录。"),
    CaseSpec("tyjrj", D(2025, 9, 16), REG_MAIL, N, "answer", OC.UNABLE_NOT_HELD,
             "申请公开本人1990年入伍时的兵役登记档案。"),
    CaseSpec("tyjrj", D(2025, 10, 14), IN_PERSON, N, "answer", OC.REFUSE_PETITION,
             "反映本人退役安置待遇未落实，要求县退役军人事务局予以解决。"),
    CaseSpec("tyjrj", D(2025, 12, 9), ONLINE, N, "withdraw", OC.OTHER,
             "申请公开本县2025年光荣牌悬挂工作的实施方案。"),
    CaseSpec("tyjrj", D(2026, 3, 3), ONLINE, N, "answer", OC.DISCLOSE,
             "申请公开2026年本县重点优抚对象抚恤补助标准。"),
    CaseSpec("tyjrj", D(2026, 4, 28), ONLINE, N, "correct", OC.UNABLE_UNCLEAR,
             "申请公开关于退役军人的所有政策。"),
    CaseSpec("tyjrj", D(2026, 6, 23), ORAL, N, "lapse", OC.OTHER_NO_CORRECTION,
             "申请公开有关安置的文件。"),
    CaseSpec("tyjrj", D(2026, 8, 25), ONLINE, N, "extended_open", None,
             "申请公开2026年本县退役军人适应性培训的参训人数和经费使用情况。"),
    CaseSpec("tyjrj", D(2026, 10, 29), IN_PERSON, N, "assigned", None,
             "申请公开本县2026年度“最美退役军人”评选办法和评选结果。"),
    CaseSpec("tyjrj", D(2026, 11, 9), ONLINE, N, "correcting", None,
             "申请公开关于优待的文件。"),
    CaseSpec("tyjrj", D(2026, 11, 16), ONLINE, N, "new", None,
             "申请公开本县退役军人服务站的设置标准和各站联系电话。"),
)
# fmt: on

REASONS = {
    OC.PARTIAL: "所申请信息中含有第三方的姓名、身份证号码、家庭住址等个人信息，公开会对第三方合法权益"
    "造成损害，依据《中华人民共和国政府信息公开条例》第十五条、第三十七条，对该部分内容作区分处理，"
    "其余内容予以公开。",
    OC.WITHHOLD_SECRET: "经定密责任人审核，该信息已依法确定为国家秘密，依据《中华人民共和国政府信息"
    "公开条例》第十四条不予公开。",
    OC.WITHHOLD_LAW: "该信息属于纳税人涉税信息，《中华人民共和国税收征收管理法》第八条规定应当依法为"
    "纳税人保密，依据《中华人民共和国政府信息公开条例》第十四条不予公开。",
    OC.WITHHOLD_SECURITY: "该信息涉及军事设施安全保卫部署，公开后可能危及国家安全和公共安全，依据"
    "《中华人民共和国政府信息公开条例》第十四条不予公开。",
    OC.WITHHOLD_THIRD_PARTY: "该信息涉及第三方的家庭收入、财产状况等个人隐私，经书面征求第三方意见，"
    "第三方不同意公开，依据《中华人民共和国政府信息公开条例》第十五条、第三十二条不予公开。",
    OC.WITHHOLD_INTERNAL: "该信息属于本机关人事管理、后勤管理等内部事务信息，依据《中华人民共和国"
    "政府信息公开条例》第十六条第一款不予公开。",
    OC.WITHHOLD_PROCESS: "该信息属于行政机关在履行职责过程中形成的请示报告、磋商信函等过程性信息，"
    "依据《中华人民共和国政府信息公开条例》第十六条第二款不予公开。",
    OC.WITHHOLD_ENFORCEMENT: "该信息属于行政执法案卷信息，依据《中华人民共和国政府信息公开条例》"
    "第十六条第二款不予公开；当事人可依法申请查阅本人案卷。",
    OC.WITHHOLD_INQUIRY: "婚姻登记档案的查询，《婚姻登记档案管理办法》另有规定，请本人携带身份证件"
    "到县婚姻登记处按规定办理查询。",
    OC.UNABLE_NOT_HELD: "经在本机关文书档案和业务系统中检索，未找到所申请的信息。",
    OC.UNABLE_NOT_OURS: "所申请的招商引资协议由城关镇人民政府签订并保存，本机关未制作、未获取该信息。",
    OC.UNABLE_NEW_CREATION: "本机关未制作所申请的统计分析报告，提供该信息需要对现有信息进行汇总、加工"
    "和分析，依据《中华人民共和国政府信息公开条例》第三十八条不予提供。",
    OC.UNABLE_UNCLEAR: "补正后的申请仍未说明所需信息的名称、文号或者其他特征性描述，本机关无法确定"
    "所需信息。",
    OC.REFUSE_PETITION: "您反映的问题属于信访投诉事项，请通过县信访局或12345政务服务便民热线反映。",
    OC.REFUSE_REPEAT: "本机关已于此前对相同内容的申请作出答复，本次申请属于重复申请。",
    OC.REFUSE_PUBLICATION: "所申请的是已公开出版的书籍，可通过县图书馆或县档案馆查阅。",
    OC.REFUSE_EXCESSIVE: "您本月提出同类申请46件，经要求说明理由，所说明的理由不合理。",
    OC.REFUSE_CONFIRM: "您要求对已获取的信息进行确认并加盖公章，不属于政府信息公开申请的处理范围。",
}

CORRECTION_ITEMS = (
    "请写明所需政府信息的名称、文号，或者所属年度、涉及事项等便于本机关查询的特征性描述；"
    "申请多项信息的，请逐项列明。"
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程"
)
GIVEN = [
    "建国",
    "秀英",
    "志强",
    "丽华",
    "海燕",
    "文杰",
    "春梅",
    "国庆",
    "晓东",
    "玉兰",
    "卫东",
    "桂芳",
    "明辉",
    "红梅",
    "永刚",
    "淑珍",
    "振华",
    "雪梅",
    "德明",
    "小燕",
    "立新",
    "凤英",
    "晨",
    "静",
]
TOWNS = ["城关镇", "城东街道", "城南街道", "青溪镇", "石门乡", "白沙镇"]
ROADS = ["人民路", "解放路", "新华街", "建设路", "文化路", "和平路", "朝阳路"]
ORG_NAMES = {
    COM: ["示例县恒信商贸有限公司", "示例县福康养老服务有限公司", "示例县青溪建设工程有限公司"],
    RES: ["示例市社会保障研究院", "示例大学公共管理研究中心"],
    PUB: ["示例县阳光公益服务中心", "示例县青溪志愿者协会"],
    LAW: ["示例县正衡律师事务所", "示例县明理律师事务所"],
    OTH: ["示例县城关镇幸福社区居民委员会"],
}
CREDIT_PREFIX = {COM: "91", RES: "12", PUB: "52", LAW: "31", OTH: "54"}
DELIVERY_METHOD = {
    ONLINE: "网上送达",
    EMAIL: "电子邮件",
    IN_PERSON: "直接送达",
    ORAL: "直接送达",
    REG_MAIL: "邮寄（挂号信）",
    MAIL: "邮寄（挂号信）",
    FAX: "邮寄（挂号信）",
}
