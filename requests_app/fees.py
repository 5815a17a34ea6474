"""信息处理费 of 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号) Arts. 3-5, pure.

Providing information on request is free (条例 Art. 42); a fee applies only beyond the free
allowance. Both bases are progressive (超额累进, Art. 3): each band is charged at its own price,
and an application is charged on one basis only, never both.

* Per item (按件计收, Art. 4), cumulative per applicant per calendar month: items 1-10 free,
  11-30 at 100 元/件, then bands of 10 items each 100 元/件 dearer (31-40 at 200, 41-50 at 300,
  ...). An application is charged only for the items it adds to the month's count.
* Per volume (按量计收, Art. 5), per application: pages 1-30 free, 31-100 at 10 元/页,
  101-200 at 20 元/页, from 201 at 40 元/页.

Amounts are whole yuan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FREE_ITEMS_PER_MONTH = 10
FIRST_PAID_ITEM_BAND_END = 30  # items 11-30 form the first paid band
FIRST_PAID_ITEM_PRICE = 100
ITEM_BAND_SIZE = 10  # from item 31, each band of 10 items ...
ITEM_BAND_STEP = 100  # ... costs 100 元/件 more than the previous one

FREE_PAGES = 30
# (last page of the band, or None for no limit; price per page in yuan), after the free pages.
PAGE_BANDS: tuple[tuple[int | None, int], ...] = ((100, 10), (200, 20), (None, 40))

Basis = Literal["per_item", "per_volume"]


@dataclass(frozen=True)
class FeeQuote:
    """The fee of one application, on one basis, with the explanation shown to the applicant."""

    basis: Basis
    amount: int
    explanation: str


@dataclass(frozen=True)
class _Band:
    first: int  # ordinal of the first item/page charged at this price
    last: int
    price: int

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.count * self.price


def _require_non_negative(**values: int) -> None:
    for name, value in values.items():
        if value < 0:
            raise ValueError(f"{name} must be >= 0, got {value}")


def _item_price(ordinal: int) -> int:
    """Art. 4: the price of the month's ``ordinal``-th item (1-based)."""
    if ordinal <= FREE_ITEMS_PER_MONTH:
        return 0
    if ordinal <= FIRST_PAID_ITEM_BAND_END:
        return FIRST_PAID_ITEM_PRICE
    band = (ordinal - FIRST_PAID_ITEM_BAND_END - 1) // ITEM_BAND_SIZE + 1
    return FIRST_PAID_ITEM_PRICE + band * ITEM_BAND_STEP


def _item_band_last(ordinal: int) -> int:
    """The last ordinal charged at the same price as ``ordinal``."""
    if ordinal <= FREE_ITEMS_PER_MONTH:
        return FREE_ITEMS_PER_MONTH
    if ordinal <= FIRST_PAID_ITEM_BAND_END:
        return FIRST_PAID_ITEM_BAND_END
    band = (ordinal - FIRST_PAID_ITEM_BAND_END - 1) // ITEM_BAND_SIZE
    return FIRST_PAID_ITEM_BAND_END + (band + 1) * ITEM_BAND_SIZE


def _item_bands(items_before_in_month: int, items_now: int) -> list[_Band]:
    _require_non_negative(items_before_in_month=items_before_in_month, items_now=items_now)
    bands: list[_Band] = []
    first = items_before_in_month + 1
    last_of_all = items_before_in_month + items_now
    while first <= last_of_all:
        last = min(_item_band_last(first), last_of_all)
        bands.append(_Band(first, last, _item_price(first)))
        first = last + 1
    return bands


def _page_bands(pages: int) -> list[_Band]:
    _require_non_negative(pages=pages)
    bands: list[_Band] = []
    if pages:
        bands.append(_Band(1, min(pages, FREE_PAGES), 0))
    first = FREE_PAGES + 1
    for band_last, price in PAGE_BANDS:
        if first > pages:
            break
        last = pages if band_last is None else min(band_last, pages)
        bands.append(_Band(first, last, price))
        first = last + 1
    return bands


def per_item_fee(items_before_in_month: int, items_now: int) -> int:
    """Art. 4: the fee in yuan for ``items_now`` items when the applicant already has
    ``items_before_in_month`` items counted this calendar month (progressive, 10 a month free)."""
    return sum(band.amount for band in _item_bands(items_before_in_month, items_now))


def per_volume_fee(pages: int) -> int:
    """Art. 5: the fee in yuan for ``pages`` pages of one application (progressive, 30 free)."""
    return sum(band.amount for band in _page_bands(pages))


def _span(band: _Band, unit: str) -> str:
    if band.first == band.last:
        return f"第{band.first}{unit}"
    return f"第{band.first}至{band.last}{unit}"


def _explain(bands: list[_Band], unit: str, prefix: str) -> str:
    parts: list[str] = []
    for band in bands:
        if band.price == 0:
            parts.append(f"{_span(band, unit)}免费")
        else:
            parts.append(f"{_span(band, unit)}，每{unit}{band.price}元，计{band.amount}元")
    text = prefix + "；".join(parts)
    if len(bands) > 1:
        text += f"；合计{sum(band.amount for band in bands)}元"
    return text


def quote_per_item(items_before_in_month: int, items_now: int) -> FeeQuote:
    """Art. 4: the per-item fee of this application with a band-by-band explanation."""
    bands = _item_bands(items_before_in_month, items_now)
    explanation = _explain(bands, "件", "本月") if bands else "本次无新增件数，不收费"
    return FeeQuote(basis="per_item", amount=sum(b.amount for b in bands), explanation=explanation)


def quote_per_volume(pages: int) -> FeeQuote:
    """Art. 5: the per-volume fee of this application with a band-by-band explanation."""
    bands = _page_bands(pages)
    explanation = _explain(bands, "页", f"共{pages}页：") if bands else "共0页，不收费"
    return FeeQuote(
        basis="per_volume", amount=sum(b.amount for b in bands), explanation=explanation
    )
