"""信息处理费 of 国办函〔2020〕109号 Arts. 3-5, every amount worked out by hand in the comment."""

import pytest

from requests_app.fees import (
    FeeQuote,
    per_item_fee,
    per_volume_fee,
    quote_per_item,
    quote_per_volume,
)

# --- per item (Art. 4): cumulative per applicant per calendar month -----------------------------


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        (0, 0, 0),  # nothing new
        (7, 0, 0),
        (0, 1, 0),  # item 1
        (0, 10, 0),  # items 1-10 free
        (9, 1, 0),  # item 10: the last free one
        (10, 1, 100),  # item 11: the first paid one
        (9, 2, 100),  # items 10 (free) and 11 (100)
        (10, 2, 200),  # items 11-12 at 100
        (0, 11, 100),  # items 1-10 free, item 11 at 100
        (5, 10, 500),  # items 6-15: 6-10 free, 11-15 at 100 = 5 x 100
        (29, 1, 100),  # item 30: the last at 100
        (30, 1, 200),  # item 31: the first at 200
        (29, 2, 300),  # item 30 at 100 + item 31 at 200
        (0, 30, 2000),  # items 11-30: 20 x 100
        (0, 31, 2200),  # 20 x 100 + 1 x 200
        (34, 1, 200),  # the 35th application of the month: item 35 at 200
        (0, 35, 3000),  # items 11-30 at 100 (2000) + 31-35 at 200 (1000)
        (39, 1, 200),  # item 40: the last at 200
        (40, 1, 300),  # item 41: the first at 300
        (39, 2, 500),  # item 40 at 200 + item 41 at 300
        (0, 40, 4000),  # 2000 + 31-40: 10 x 200
        (49, 1, 300),  # item 50: the last at 300
        (50, 1, 400),  # item 51: the first at 400
        (49, 2, 700),  # item 50 at 300 + item 51 at 400
        (0, 50, 7000),  # 2000 + 2000 + 41-50: 10 x 300
        (59, 1, 400),  # item 60: the last at 400
        (60, 1, 500),  # item 61: the first at 500
        (25, 20, 4000),  # items 26-45: 26-30 at 100 (500), 31-40 at 200 (2000), 41-45 at 300
        # 31-40 at 200, 41-50 at 300, 51-60 at 400, 61-70 at 500, 71-80 at 600, 81-90 at 700,
        # 91-100 at 800, 101-110 at 900.
        (100, 1, 900),
        (90, 20, 10 * 800 + 10 * 900),
    ],
)
def test_per_item_fee_is_progressive_over_the_month(before, now, expected):
    assert per_item_fee(before, now) == expected


def test_splitting_a_month_into_applications_never_changes_the_total():
    # Art. 4 charges the marginal items of each application: however the month's items are
    # spread over applications, the month costs the same.
    for before in range(70):
        for first in range(25):
            for second in range(25):
                assert per_item_fee(before, first) + per_item_fee(
                    before + first, second
                ) == per_item_fee(before, first + second), (before, first, second)


# --- per volume (Art. 5): per application ------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        (0, 0),
        (1, 0),
        (30, 0),  # pages 1-30 free
        (31, 10),  # page 31 at 10
        (32, 20),
        (100, 700),  # 31-100: 70 x 10
        (101, 720),  # 700 + page 101 at 20
        (150, 1700),  # 70 x 10 + 50 x 20 (the domain example)
        (200, 2700),  # 700 + 101-200: 100 x 20
        (201, 2740),  # 2700 + page 201 at 40
        (250, 4700),  # 2700 + 201-250: 50 x 40
        (1000, 34700),  # 2700 + 201-1000: 800 x 40
    ],
)
def test_per_volume_fee_is_progressive_per_application(pages, expected):
    assert per_volume_fee(pages) == expected


def test_each_page_costs_its_band_price():
    # The marginal price of the n-th page, checked on every page up to 300.
    for pages in range(1, 301):
        marginal = per_volume_fee(pages) - per_volume_fee(pages - 1)
        band_price = 0 if pages <= 30 else 10 if pages <= 100 else 20 if pages <= 200 else 40
        assert marginal == band_price, pages


# --- quotes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "now", "amount", "explanation"),
    [
        (10, 2, 200, "本月第11至12件，每件100元，计200元"),
        (34, 1, 200, "本月第35件，每件200元，计200元"),
        (
            0,
            35,
            3000,
            "本月第1至10件免费；第11至30件，每件100元，计2000元；"
            "第31至35件，每件200元，计1000元；合计3000元",
        ),
        (9, 2, 100, "本月第10件免费；第11件，每件100元，计100元；合计100元"),
        (3, 2, 0, "本月第4至5件免费"),
        (4, 0, 0, "本次无新增件数，不收费"),
        (
            49,
            2,
            700,
            "本月第50件，每件300元，计300元；第51件，每件400元，计400元；合计700元",
        ),
    ],
)
def test_per_item_quote_explains_each_band(before, now, amount, explanation):
    assert quote_per_item(before, now) == FeeQuote(
        basis="per_item", amount=amount, explanation=explanation
    )


@pytest.mark.parametrize(
    ("pages", "amount", "explanation"),
    [
        (0, 0, "共0页，不收费"),
        (1, 0, "共1页：第1页免费"),
        (30, 0, "共30页：第1至30页免费"),
        (31, 10, "共31页：第1至30页免费；第31页，每页10元，计10元；合计10元"),
        (
            150,
            1700,
            "共150页：第1至30页免费；第31至100页，每页10元，计700元；"
            "第101至150页，每页20元，计1000元；合计1700元",
        ),
        (
            201,
            2740,
            "共201页：第1至30页免费；第31至100页，每页10元，计700元；"
            "第101至200页，每页20元，计2000元；第201页，每页40元，计40元；合计2740元",
        ),
    ],
)
def test_per_volume_quote_explains_each_band(pages, amount, explanation):
    assert quote_per_volume(pages) == FeeQuote(
        basis="per_volume", amount=amount, explanation=explanation
    )


# --- invalid input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: per_item_fee(-1, 1),
        lambda: per_item_fee(0, -1),
        lambda: quote_per_item(-1, 1),
        lambda: quote_per_item(3, -2),
        lambda: per_volume_fee(-1),
        lambda: quote_per_volume(-30),
    ],
)
def test_negative_counts_are_refused(call):
    with pytest.raises(ValueError, match="must be >= 0"):
        call()
