"""How a 依申请公开 case ends, one value per row of the annual report's Table B (pure data).

Labels are the official row labels of 国办公开办函〔2021〕30号 Table B, character for character;
``basis`` is the 条例 article (and item of Art. 36) the reply must cite, exactly one item;
``document`` is the reply notice's title (文种). Two outcomes share a row with another:
Art. 36(1) (already published) counts under （一） and Art. 36(5) (another agency's) under （四）1.
A partial disclosure (区分处理) is counted only under （二）, never also under （三）.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Outcome(enum.StrEnum):
    DISCLOSE_PUBLISHED = "disclose_published"  # Art. 36(1): already public, told where
    DISCLOSE = "disclose"  # Art. 36(2): provided now
    PARTIAL = "partial"
    WITHHOLD_SECRET = "withhold_secret"  # noqa: S105 - 国家秘密, not a password
    WITHHOLD_LAW = "withhold_law"
    WITHHOLD_SECURITY = "withhold_security"
    WITHHOLD_THIRD_PARTY = "withhold_third_party"
    WITHHOLD_INTERNAL = "withhold_internal"
    WITHHOLD_PROCESS = "withhold_process"
    WITHHOLD_ENFORCEMENT = "withhold_enforcement"
    WITHHOLD_INQUIRY = "withhold_inquiry"
    UNABLE_NOT_HELD = "unable_not_held"
    UNABLE_NOT_OURS = "unable_not_ours"  # Art. 36(5): another agency's to disclose
    UNABLE_NEW_CREATION = "unable_new_creation"
    UNABLE_UNCLEAR = "unable_unclear"
    REFUSE_PETITION = "refuse_petition"
    REFUSE_REPEAT = "refuse_repeat"
    REFUSE_PUBLICATION = "refuse_publication"
    REFUSE_EXCESSIVE = "refuse_excessive"
    REFUSE_CONFIRM = "refuse_confirm"
    OTHER_NO_CORRECTION = "other_no_correction"
    OTHER_NO_FEE = "other_no_fee"
    OTHER = "other"


@dataclass(frozen=True)
class OutcomeInfo:
    group: str  # the Table B group: （一）…（六）
    label: str  # the official row label
    basis: str  # 条例 article(s) cited in the reply
    document: str  # reply document title
    decision: str  # the decision sentence of the reply
    needs_reasons: bool = True
    by_staff_answer: bool = True  # False: reached only through a closing action
    report_as: str = ""  # the Outcome whose Table B row counts this one, if not its own
    variant: str = ""  # tells two outcomes on one Table B row apart for staff


GROUPS = {
    "（一）": "（一）予以公开",
    "（二）": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）": "（三）不予公开",
    "（四）": "（四）无法提供",
    "（五）": "（五）不予处理",
    "（六）": "（六）其他处理",
}

OUTCOMES: dict[Outcome, OutcomeInfo] = {
    Outcome.DISCLOSE_PUBLISHED: OutcomeInfo(
        "（一）",
        "（一）予以公开",
        "第三十六条第（一）项",
        "政府信息公开申请答复书",
        "经审查，您申请获取的政府信息本机关已经主动公开，您可以通过下列方式和途径获取。",
        needs_reasons=False,
        report_as=Outcome.DISCLOSE,
        variant="已主动公开，告知获取方式和途径",
    ),
    Outcome.DISCLOSE: OutcomeInfo(
        "（一）",
        "（一）予以公开",
        "第三十六条第（二）项",
        "政府信息公开告知书",
        "经审查，您申请获取的政府信息属于公开范围，本机关决定予以公开，并按下列方式向您提供。",
        needs_reasons=False,
    ),
    Outcome.PARTIAL: OutcomeInfo(
        "（二）",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "第三十七条",
        "政府信息部分公开告知书",
        "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，本机关决定公开可以公开的部分。",
    ),
    Outcome.WITHHOLD_SECRET: OutcomeInfo(
        "（三）",
        "1.属于国家秘密",
        "第十四条、第三十六条第（三）项",
        "政府信息不予公开告知书",
        "经审查，您申请获取的政府信息属于国家秘密，依法不予公开。",
    ),
    Outcome.WITHHOLD_LAW: OutcomeInfo(
        "（三）",
        "2.其他法律行政法规禁止公开",
        "第十四条、第三十六条第（三）项",
        "政府信息不予公开告知书",
        "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，依法不予公开。",
    ),
    Outcome.WITHHOLD_SECURITY: OutcomeInfo(
        "（三）",
        "3.危及“三安全一稳定”",
        "第十四条、第三十六条第（三）项",
        "政府信息不予公开告知书",
        "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，依法不予公开。",
    ),
    Outcome.WITHHOLD_THIRD_PARTY: OutcomeInfo(
        "（三）",
        "4.保护第三方合法权益",
        "第十五条、第三十二条、第三十六条第（三）项",
        "政府信息不予公开告知书",
        "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，依法不予公开。",
    ),
    Outcome.WITHHOLD_INTERNAL: OutcomeInfo(
        "（三）",
        "5.属于三类内部事务信息",
        "第十六条第一款、第三十六条第（三）项",
        "政府信息不予公开告知书",
        "经审查，您申请获取的信息属于人事管理、后勤管理、内部工作流程等内部事务信息，本机关决定不予公开。",
    ),
    Outcome.WITHHOLD_PROCESS: OutcomeInfo(
        "（三）",
        "6.属于四类过程性信息",
        "第十六条第二款、第三十六条第（三）项",
        "政府信息不予公开告知书",
        "经审查，您申请获取的信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，本机关决定不予公开。",
    ),
    Outcome.WITHHOLD_ENFORCEMENT: OutcomeInfo(
        "（三）",
        "7.属于行政执法案卷",
        "第十六条第二款、第三十六条第（三）项",
        "政府信息不予公开告知书",
        "经审查，您申请获取的信息属于行政执法案卷信息，本机关决定不予公开。",
    ),
    Outcome.WITHHOLD_INQUIRY: OutcomeInfo(
        "（三）",
        "8.属于行政查询事项",
        "第三十六条第（七）项",
        "政府信息公开申请告知书",
        "经审查，您申请获取的信息属于工商、不动产登记资料等有关法律、行政法规对信息的获取有特别规定的情形，"
        "请按照有关法律、行政法规的规定办理。",
    ),
    Outcome.UNABLE_NOT_HELD: OutcomeInfo(
        "（四）",
        "1.本机关不掌握相关政府信息",
        "第三十六条第（四）项",
        "政府信息不存在告知书",
        "经检索查找，本机关未制作、获取您申请获取的政府信息，该政府信息不存在。",
    ),
    # Table B has no row of its own for Art. 36(5); the domain mapping counts it under （四）1.
    Outcome.UNABLE_NOT_OURS: OutcomeInfo(
        "（四）",
        "1.本机关不掌握相关政府信息",
        "第三十六条第（五）项",
        "非本机关政府信息告知书",
        "经审查，您申请获取的政府信息不属于本机关负责公开的政府信息。",
        report_as=Outcome.UNABLE_NOT_HELD,
        variant="不属于本机关负责公开",
    ),
    Outcome.UNABLE_NEW_CREATION: OutcomeInfo(
        "（四）",
        "2.没有现成信息需要另行制作",
        "第三十八条",
        "政府信息公开申请告知书",
        "经审查，您申请获取的信息需要本机关对现有政府信息进行加工、分析，本机关依法可以不予提供。",
    ),
    Outcome.UNABLE_UNCLEAR: OutcomeInfo(
        "（四）",
        "3.补正后申请内容仍不明确",
        "第三十条",
        "政府信息公开申请告知书",
        "您补正后的申请内容仍不明确，本机关无法确定您所需要的政府信息，无法提供。",
    ),
    Outcome.REFUSE_PETITION: OutcomeInfo(
        "（五）",
        "1.信访举报投诉类申请",
        "第三十九条第一款",
        "政府信息公开申请告知书",
        "您提出的申请实为信访、投诉、举报等诉求，不作为政府信息公开申请处理，请通过相应渠道提出。",
    ),
    Outcome.REFUSE_REPEAT: OutcomeInfo(
        "（五）",
        "2.重复申请",
        "第三十六条第（六）项",
        "政府信息公开申请告知书",
        "您的申请与本机关已经答复的申请内容相同，属于重复申请，本机关不予重复处理。",
    ),
    Outcome.REFUSE_PUBLICATION: OutcomeInfo(
        "（五）",
        "3.要求提供公开出版物",
        "第三十九条第二款",
        "政府信息公开申请告知书",
        "您申请获取的是政府公报、报刊、书籍等公开出版物，可以通过相应的出版发行渠道获取。",
    ),
    Outcome.REFUSE_EXCESSIVE: OutcomeInfo(
        "（五）",
        "4.无正当理由大量反复申请",
        "第三十五条",
        "政府信息公开申请告知书",
        "您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理，本机关不予处理。",
    ),
    Outcome.REFUSE_CONFIRM: OutcomeInfo(
        "（五）",
        "5.要求行政机关确认或重新出具已获取信息",
        "第三十六条",
        "政府信息公开申请告知书",
        "您要求本机关确认或者重新出具已经获取的信息，不属于政府信息公开申请的处理范围，本机关不予处理。",
    ),
    Outcome.OTHER_NO_CORRECTION: OutcomeInfo(
        "（六）",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "第三十条",
        "政府信息公开申请告知书",
        "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
        needs_reasons=False,
        by_staff_answer=False,
    ),
    Outcome.OTHER_NO_FEE: OutcomeInfo(
        "（六）",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "第四十二条；《政府信息公开信息处理费管理办法》",
        "政府信息公开申请告知书",
        "您逾期未按收费通知要求缴纳信息处理费，本机关不再处理该政府信息公开申请。",
        needs_reasons=False,
        by_staff_answer=False,
    ),
    Outcome.OTHER: OutcomeInfo(
        "（六）", "3.其他", "—", "政府信息公开申请告知书", "本申请已办结。", by_staff_answer=False
    ),
}


def reported_as(outcome: str) -> Outcome:
    """The Outcome whose Table B row counts ``outcome`` (itself for all but two)."""
    info = OUTCOMES[Outcome(outcome)]
    return Outcome(info.report_as) if info.report_as else Outcome(outcome)


def outcome_label(outcome: str) -> str:
    """The row as staff read it: group and row label, e.g. "（三）不予公开 › 1.属于国家秘密"."""
    info = OUTCOMES[Outcome(outcome)]
    label = info.label if info.label.startswith("（") else f"{GROUPS[info.group]} › {info.label}"
    return f"{label}（{info.variant}）" if info.variant else label


OUTCOME_CHOICES = [(o.value, outcome_label(o)) for o in Outcome]
ANSWER_CHOICES = [(o.value, outcome_label(o)) for o in Outcome if OUTCOMES[o].by_staff_answer]
