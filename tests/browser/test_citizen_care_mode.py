"""An elderly citizen turns on 关怀版, reads a list and an item in it, adds high contrast,
has the page read aloud and goes back to the normal site (issue 20)."""

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from catalog.models import Organisation
from portal.demo.organisations import seed
from tests.disclosures.builders import at, ensure_reference_data, publish_item, staff_pair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "<p>经县人民政府同意，自2025年7月1日起提高城乡低保标准。</p>"
    "<p>城市低保标准提高到每人每月900元！农村低保标准提高到每人每月720元？"
    "请各乡镇做好衔接；确保按时足额发放。</p>"
)
SENTENCES = [
    "经县人民政府同意，自2025年7月1日起提高城乡低保标准。",
    "城市低保标准提高到每人每月900元！",
    "农村低保标准提高到每人每月720元？",
    "请各乡镇做好衔接；",
    "确保按时足额发放。",
]

# A stand-in for the browser's speech engine (headless Chromium has no voices): it records
# what readaloud.js asks for, so the script's own behaviour is what the test checks.
FAKE_SPEECH = """
window.__spoken = []; window.__calls = [];
const engine = {
  speaking: false, paused: false, pending: false,
  getVoices() { return []; },
  speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); window.__current = u; this.speaking = true; },
  pause() { window.__calls.push("pause"); this.paused = true; },
  resume() { window.__calls.push("resume"); this.paused = false; },
  cancel() { window.__calls.push("cancel"); this.speaking = false; },
};
Object.defineProperty(window, "speechSynthesis", {value: engine, configurable: true});
window.__finishCurrent = () => window.__current.onend({});
"""


def font_px(page, selector: str) -> float:
    return page.eval_on_selector(selector, "el => parseFloat(getComputedStyle(el).fontSize)")


def html_classes(page) -> set[str]:
    return set(page.locator("html").get_attribute("class").split())


@pytest.fixture
def item():
    ensure_reference_data()
    seed()
    organisation = Organisation.objects.get(slug="mzj")
    author, reviewer = staff_pair(organisation)
    return publish_item(
        organisation,
        author=author,
        reviewer=reviewer,
        title="关于调整城乡最低生活保障标准的通知",
        body=BODY,
        document_number="民发〔2025〕12号",
        publish_at=at(2025, 7, 1),
    )


def test_citizen_reads_in_care_mode_with_high_contrast_and_read_aloud(page, item):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/")
    assert html_classes(page) == {"fs-medium"}

    page.get_by_role("link", name="关怀版", exact=True).click()
    page.wait_for_load_state()
    assert "care" in html_classes(page)
    assert font_px(page, "main .lead") >= 18
    assert font_px(page, "main h1") > font_px(page, "main .lead")
    assert font_px(page, ".item-list .date") >= 18
    nav_link = page.get_by_role("navigation", name="主导航").get_by_role("link", name="依申请公开")
    box = nav_link.bounding_box()
    assert box["height"] >= 44
    assert box["width"] >= 44
    assert page.get_by_role("link", name="退出关怀版").is_visible()

    # A list, then an item: still in 关怀版 (the server reads the cookie).
    page.get_by_role("link", name="查看全部目录").click()
    page.wait_for_url("**/xxgk/ml/")
    assert "care" in html_classes(page)
    title = page.locator("main").get_by_role("link", name="关于调整城乡最低生活保障标准的通知")
    assert font_px(page, "main .data-table td") >= 18
    title.click()
    page.wait_for_url(f"**{item.get_absolute_url()}")
    assert "care" in html_classes(page)
    assert font_px(page, ".doc-body p") >= 18

    page.get_by_role("link", name="高对比度", exact=True).click()
    page.wait_for_url(f"**{item.get_absolute_url()}")
    assert {"care", "hc"} <= html_classes(page)
    assert page.eval_on_selector(".doc-body p", "el => getComputedStyle(el).color") == (
        "rgb(0, 0, 0)"
    )
    assert page.eval_on_selector("main", "el => getComputedStyle(el).backgroundColor") == (
        "rgb(255, 255, 255)"
    )

    # 朗读本页 with the browser's real engine: it may have no voice here, so the control must
    # either read (and stop on request) or say plainly that it cannot, and be usable again.
    start = page.get_by_role("button", name="朗读本页")
    assert start.is_visible()
    start.click()
    status = page.locator("[data-read-status]")
    page.wait_for_function("document.querySelector('[data-read-status]').textContent !== ''")
    stop = page.get_by_role("button", name="停止朗读")
    # The engine may fail a moment after the start (no Chinese voice here) and hide 停止朗读
    # between any check and the click: the click is tried, and then the outcome must be
    # stated either way.
    with contextlib.suppress(PlaywrightTimeoutError):
        stop.click(timeout=3000)
    page.wait_for_function(
        "document.querySelector('[data-read-status]').textContent !== '开始朗读本页'"
    )
    outcome = status.inner_text()
    assert outcome == "已停止朗读" or "无法朗读" in outcome, outcome
    assert start.is_visible()
    assert page.evaluate("speechSynthesis.speaking") is False

    page.get_by_role("link", name="退出关怀版").click()
    page.wait_for_url(f"**{item.get_absolute_url()}")
    assert html_classes(page) == {"fs-medium", "hc"}
    assert page.get_by_role("link", name="关怀版", exact=True).is_visible()
    assert errors == []


def test_read_aloud_reads_the_main_text_by_sentence_with_pause_and_stop(page, item):
    page.add_init_script(FAKE_SPEECH)
    page.goto(item.get_absolute_url())

    page.get_by_role("button", name="朗读本页").click()
    spoken = page.evaluate("window.__spoken")
    assert {entry["lang"] for entry in spoken} == {"zh-CN"}
    assert spoken[0]["text"] in page.locator("main").inner_text()
    # One utterance at a time: the next sentence follows the end of the previous one.
    assert len(spoken) == 1
    for _ in range(40):
        texts = [entry["text"] for entry in page.evaluate("window.__spoken")]
        if SENTENCES[-1] in texts:
            break
        page.evaluate("window.__finishCurrent()")
    assert [text for text in texts if text in SENTENCES] == SENTENCES
    assert not any("主导航" in text or "朗读本页" in text for text in texts)

    pause = page.get_by_role("button", name="暂停")
    assert page.evaluate("document.activeElement.textContent") == "暂停"
    pause.click()
    assert page.evaluate("window.__calls").count("pause") == 1
    resume = page.get_by_role("button", name="继续朗读")
    assert resume.get_attribute("aria-pressed") == "true"
    assert page.locator("[data-read-status]").inner_text() == "已暂停朗读"
    resume.click()
    assert "resume" in page.evaluate("window.__calls")

    page.get_by_role("button", name="停止朗读").click()
    assert page.evaluate("window.__calls")[-1] == "cancel"
    assert page.locator("[data-read-status]").inner_text() == "已停止朗读"
    assert page.evaluate("document.activeElement.textContent") == "朗读本页"
    # A late "end" of the cancelled utterance does not start the next sentence.
    count = len(page.evaluate("window.__spoken"))
    page.evaluate("window.__finishCurrent()")
    assert len(page.evaluate("window.__spoken")) == count


def test_read_aloud_stays_hidden_where_the_browser_cannot_speak(page, item):
    page.add_init_script(
        'Object.defineProperty(window, "speechSynthesis", {value: undefined, configurable: true});'
    )
    page.goto(item.get_absolute_url())
    assert page.locator("[data-read-aloud]").count() == 1
    assert not page.get_by_role("button", name="朗读本页").is_visible()
