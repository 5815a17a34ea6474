"""When are applications asking for the same information? Pure: no ORM, no clock, no settings.

条例 Art. 44: where many applicants repeatedly request the same government information and
it may be disclosed, the agency may make it proactive. The portal prompts the handler when
``MIN_APPLICATIONS`` (3) applications of one organisation, received within the look-back
period, ask for the same or similar information.

Two applications ask for the same information when (``similar``):
* they both name a 文号 (else both a 索引号) and it is the same (compared in compact normalised
  form); two different numbers are two different documents, whatever the wording; or
* the wording of 所需信息的内容描述 and 所需信息的名称 is close: the texts are tokenised as the
  portal's search tokenises items (kernel.cjk_tokens: overlapping character bigrams of the
  normalised text) after cutting out dates (2025年度) and the request formula every
  application shares (申请公开, 政府信息, 请提供 …), and the Dice coefficient of the two bigram sets
  (2·|A∩B| / (|A|+|B|)) is at least ``THRESHOLD`` with at least ``MIN_SHARED`` bigrams in
  common (so that two short texts do not match on one word).

Groups (``group``): applications are taken in order of receipt; each joins the first group
whose first application (its anchor) it is similar to, else it opens a new group. Comparing
with the anchor, not with any member, keeps a chain of small steps (低保 → 低保资金 → 资金
审计) from joining different topics into one group.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kernel.cjk_tokens import SPACE_RE, bigrams, normalise

MIN_APPLICATIONS = 3
LOOK_BACK_DAYS = 730  # two years; settings.PROACTIVE_CONVERSION_LOOK_BACK_DAYS overrides it
THRESHOLD = 0.5
MIN_SHARED = 4

# What every application says whatever it asks for: it carries no topic and is cut out of the
# text before tokenising (so that no bigram straddles it), longest phrase first.
REQUEST_FORMULA = tuple(
    sorted(
        (
            "申请公开",
            "依申请公开",
            "请予公开",
            "予以公开",
            "政府信息",
            "相关信息",
            "有关信息",
            "有关情况",
            "相关情况",
            "相关文件",
            "相关",
            "有关",
            "请提供",
            "提供",
            "本人",
            "申请",
            "我单位",
            "贵单位",
            "贵局",
            "复印件",
            "电子版",
            "纸质版",
            "全文",
            "内容",
            "的",
        ),
        key=len,
        reverse=True,
    )
)
# Dates say when, not what: “2025年度”, “2024年3月”, “2025-01-01”.
_DATES = re.compile(
    r"(19|20)\d{2}\s*(年度|年|-|/|\.)?(\s*\d{1,2}\s*(月份|月|-|/|\.))?(\s*\d{1,2}\s*日?)?"
)


def topic_bigrams(text: str) -> frozenset[str]:
    """The bigrams of what ``text`` is about: normalised, dates and request formula cut out."""
    text = _DATES.sub(" ", normalise(text))
    for phrase in REQUEST_FORMULA:
        text = text.replace(phrase, " ")
    return bigrams(text)


def compact(value: str) -> str:
    """Normalised without whitespace: how 文号 and 索引号 are compared."""
    return SPACE_RE.sub("", normalise(value))


@dataclass(frozen=True)
class RequestText:
    """What an application asks for, as the rule reads it (no applicant data)."""

    pk: int
    organisation_id: int
    received_on: dt.date
    description: str
    title: str = ""
    document_number: str = ""
    index_number: str = ""
    topic: frozenset[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "topic", topic_bigrams(f"{self.title}\n{self.description}"))


def dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def similar(a: RequestText, b: RequestText) -> bool:
    """Do ``a`` and ``b`` ask the same organisation for the same or similar information?"""
    if a.organisation_id != b.organisation_id:
        return False
    for left, right in (
        (a.document_number, b.document_number),
        (a.index_number, b.index_number),
    ):
        if left.strip() and right.strip():
            # Both name the document: the same one, or two different ones.
            return compact(left) == compact(right)
    shared = len(a.topic & b.topic)
    return shared >= MIN_SHARED and dice(a.topic, b.topic) >= THRESHOLD


def within(received_on: dt.date, *, on: dt.date, look_back_days: int) -> bool:
    """Received in the look-back period ending on ``on`` (both ends included)."""
    return on - dt.timedelta(days=look_back_days) <= received_on <= on


@dataclass(frozen=True)
class Group:
    """Applications of one organisation asking for the same information, anchor first."""

    organisation_id: int
    members: tuple[RequestText, ...]

    @property
    def pks(self) -> tuple[int, ...]:
        return tuple(m.pk for m in self.members)

    @property
    def first_received(self) -> dt.date:
        return min(m.received_on for m in self.members)

    @property
    def last_received(self) -> dt.date:
        return max(m.received_on for m in self.members)

    def __len__(self) -> int:
        return len(self.members)


def group(
    requests: Iterable[RequestText],
    *,
    on: dt.date,
    look_back_days: int = LOOK_BACK_DAYS,
    min_size: int = MIN_APPLICATIONS,
) -> list[Group]:
    """The groups of at least ``min_size`` similar applications received in the look-back
    period ending on ``on``, largest first (then oldest anchor)."""
    ordered = sorted(
        (r for r in requests if within(r.received_on, on=on, look_back_days=look_back_days)),
        key=lambda r: (r.received_on, r.pk),
    )
    open_groups: list[list[RequestText]] = []
    for request in ordered:
        for members in open_groups:
            if similar(members[0], request):
                members.append(request)
                break
        else:
            open_groups.append([request])
    found = [Group(m[0].organisation_id, tuple(m)) for m in open_groups if len(m) >= min_size]
    return sorted(found, key=lambda g: (-len(g), g.members[0].received_on, g.members[0].pk))
