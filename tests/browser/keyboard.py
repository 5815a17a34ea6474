"""Keyboard-only driving for browser journeys: press keys, then read where the focus went.

Every step checks what a keyboard user needs to see: the focused element is rendered (a
non-zero box), lies in the viewport once focused, shows a focus indicator, and differs from the
element focused before the key (a Tab that leaves the focus where it was is a keyboard trap).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# Reads document.activeElement: its accessible name as a person would hear it (label, then
# aria-label, aria-labelledby, then its text), its place on the page and how focus shows.
_FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) { return null; }
  const text = (node) => (node ? node.innerText || node.textContent || "" : "");
  let name = "";
  if (el.labels && el.labels.length) { name = text(el.labels[0]); }
  else if (el.getAttribute("aria-label")) { name = el.getAttribute("aria-label"); }
  else if (el.getAttribute("aria-labelledby")) {
    name = el.getAttribute("aria-labelledby").split(/\\s+/)
      .map((id) => text(document.getElementById(id))).join(" ");
  } else { name = text(el); }
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const group = el.closest("fieldset");
  const legend = group && group.querySelector("legend");
  return {
    tag: el.tagName.toLowerCase(),
    type: el.getAttribute("type") || "",
    id: el.id,
    name: name.replace(/[*\\s]+/g, " ").trim(),
    group: legend ? text(legend).replace(/[*\\s]+/g, " ").trim() : "",
    role: el.getAttribute("role") || "",
    describedby: el.getAttribute("aria-describedby") || "",
    invalid: el.getAttribute("aria-invalid") || "",
    width: box.width,
    height: box.height,
    top: box.top + window.scrollY,
    left: box.left + window.scrollX,
    in_viewport: box.bottom > 0 && box.right > 0
      && box.top < window.innerHeight && box.left < window.innerWidth,
    indicator: el.matches(":focus-visible")
      && (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
          || style.boxShadow !== "none"),
  };
}"""


@dataclass(frozen=True)
class Focus:
    tag: str
    type: str
    id: str
    name: str
    group: str
    role: str
    describedby: str
    invalid: str
    width: float
    height: float
    top: float
    left: float
    in_viewport: bool
    indicator: bool

    def key(self) -> tuple[str, str, str, float, float]:
        return (self.tag, self.id, self.name, self.top, self.left)


def focused(page) -> Focus | None:
    """What has the keyboard focus now (None: the document itself)."""
    data = page.evaluate(_FOCUS_JS)
    return Focus(**data) if data else None


def assert_visible(focus: Focus | None, *, indicator: bool = True) -> Focus:
    """A keyboard user can see where they are: a box on screen, in view, with an indicator
    (not asked of a container such as main, which takes the focus only to start from)."""
    assert focus is not None, "the focus fell back to the document"
    assert focus.width > 0, f"focused element has no width: {focus}"
    assert focus.height > 0, f"focused element has no height: {focus}"
    assert focus.in_viewport, f"focused element is outside the viewport: {focus}"
    assert focus.indicator or not indicator, f"focused element shows no focus indicator: {focus}"
    return focus


def press(page, key: str) -> Focus:
    """Press ``key``; the focus must move to a visible element different from the one before."""
    before = focused(page)
    page.keyboard.press(key)
    after = assert_visible(focused(page))
    assert before is None or after.key() != before.key(), f"{key} left the focus on {before}"
    return after


def tab(page) -> Focus:
    return press(page, "Tab")


def tab_until(page, name: str | re.Pattern, *, limit: int = 80) -> list[Focus]:
    """Tab until an element with this accessible name has the focus; every stop on the way."""
    stops: list[Focus] = []
    for _ in range(limit):
        stop = tab(page)
        stops.append(stop)
        if _matches(stop.name, name):
            return stops
    raise AssertionError(f"{name!r} not reached in {limit} Tabs; stops: {[s.name for s in stops]}")


def skip_to_main(page) -> Focus:
    """From a freshly loaded page: the first Tab reaches the skip link, Enter moves to main."""
    link = tab(page)
    assert link.name == "跳到主要内容", f"the first Tab stop is not the skip link: {link}"
    page.keyboard.press("Enter")
    main = assert_visible(focused(page), indicator=False)
    assert main.tag == "main", f"the skip link did not move the focus to main: {main}"
    return main


def assert_in_reading_order(stops: list[Focus]) -> None:
    """Each stop is below the previous one, or on the same line further right."""
    for before, after in itertools.pairwise(stops):
        same_line = abs(after.top - before.top) < 4
        assert after.top > before.top or (same_line and after.left > before.left), (
            f"focus went back up the page from {before.name!r} to {after.name!r}"
        )


def _matches(value: str, expected: str | re.Pattern) -> bool:
    if isinstance(expected, re.Pattern):
        return bool(expected.search(value))
    return value == expected
