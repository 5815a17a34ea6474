"""The floor plan (ADR 0011), held by reading the imports of every module with ``ast``.

Layers, lowest first: kernel < catalog < disclosures < requests_app, interaction < reports <
portal. A module may import its own package and the layers below it, never a layer above;
disclosures and requests_app are siblings that do not import each other, and so are
requests_app and interaction (互动交流), which share a layer. Demo data (portal/demo) is
imported only by portal, the tests and the benchmark. Only URL modules import views. No module
of the apps passes 600 lines.

When a rule fails, move the code; do not loosen the test. The allowlists below name files that
break a rule today because they are being split or moved in the same step (#15): they may only
shrink, and an entry that no longer breaks its rule fails the last test, so it is removed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("kernel", "catalog", "disclosures", "requests_app", "interaction", "reports", "portal")
RANK = {layer: rank for rank, layer in enumerate(LAYERS)}
RANK["interaction"] = RANK["requests_app"]
SIBLINGS = (frozenset({"disclosures", "requests_app"}), frozenset({"requests_app", "interaction"}))
DEMO = "portal.demo"
MAX_LINES = 600

# Files over MAX_LINES that another part of #15 is splitting right now. Only shrinks.
KNOWN_OVERSIZE = {
    "requests_app/importer.py",  # being split (#15)
    "requests_app/services.py",  # being split (#15)
}

# Modules other than URL modules that import views, being moved in #15. Only shrinks.
KNOWN_VIEW_IMPORTS = {
    "portal/views.py",  # latest_rows moves out of disclosures/views.py with the public views
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module's file, relative to ROOT
    target: str  # the dotted name imported (for "from a import b": "a.b" and "a")
    line: int


def app_files() -> list[Path]:
    return sorted(
        path
        for layer in LAYERS
        for path in (ROOT / layer).rglob("*.py")
        if "migrations" not in path.parts
    )


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imports_of(path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found.extend(Import(relative(path), name, node.lineno) for name in names)
    return found


def layer_of(dotted_or_path: str) -> str | None:
    top = dotted_or_path.replace("/", ".").split(".")[0]
    return top if top in LAYERS else None


def is_url_module(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name == "urls.py" or name.endswith("_urls.py")


def imports_views(target: str) -> bool:
    parts = target.split(".")
    return layer_of(target) is not None and any(
        part == "views" or part.endswith("_views") for part in parts[1:]
    )


def layering_breaks(imports: list[Import]) -> list[str]:
    breaks = []
    for imp in imports:
        own, other = layer_of(imp.module), layer_of(imp.target)
        if own is None or other is None or own == other:
            continue
        if {own, other} in SIBLINGS:
            breaks.append(f"{imp.module}:{imp.line} {own} and {other} do not import each other")
        elif RANK[other] > RANK[own]:
            breaks.append(f"{imp.module}:{imp.line} imports {imp.target}, a higher layer")
    return breaks


def demo_breaks(imports: list[Import]) -> list[str]:
    return [
        f"{imp.module}:{imp.line} imports demo data ({imp.target})"
        for imp in imports
        if (imp.target == DEMO or imp.target.startswith(DEMO + "."))
        and layer_of(imp.module) != "portal"
    ]


def view_breaks(imports: list[Import]) -> list[str]:
    return [
        f"{imp.module}:{imp.line} imports {imp.target}"
        for imp in imports
        if imports_views(imp.target)
        and not is_url_module(imp.module)
        and imp.module not in KNOWN_VIEW_IMPORTS
    ]


@pytest.fixture(scope="module")
def all_imports() -> list[Import]:
    return [imp for path in app_files() for imp in imports_of(path)]


def test_no_app_imports_a_higher_layer_and_the_siblings_do_not_import_each_other(all_imports):
    assert layering_breaks(all_imports) == []


def test_the_kernel_imports_no_app(all_imports):
    kernel = [imp for imp in all_imports if layer_of(imp.module) == "kernel"]
    assert kernel, "the kernel has modules"
    assert [i for i in kernel if layer_of(i.target) not in (None, "kernel")] == []


def test_only_portal_imports_demo_data(all_imports):
    assert demo_breaks(all_imports) == []


def test_only_url_modules_import_views(all_imports):
    assert view_breaks(all_imports) == []


def test_no_module_of_the_apps_passes_600_lines():
    oversize = {
        relative(path): lines
        for path in app_files()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert {path: n for path, n in oversize.items() if path not in KNOWN_OVERSIZE} == {}


def test_the_allowlists_only_name_files_that_still_break_their_rule(all_imports):
    still_oversize = {
        path
        for path in KNOWN_OVERSIZE
        if (ROOT / path).exists()
        and len((ROOT / path).read_text(encoding="utf-8").splitlines()) > MAX_LINES
    }
    assert KNOWN_OVERSIZE - still_oversize == set(), "remove these from KNOWN_OVERSIZE"
    still_importing = {
        imp.module
        for imp in all_imports
        if imp.module in KNOWN_VIEW_IMPORTS
        and imports_views(imp.target)
        and not is_url_module(imp.module)
    }
    assert KNOWN_VIEW_IMPORTS - still_importing == set(), "remove these from KNOWN_VIEW_IMPORTS"


# The checks themselves, on made-up imports (a rule that cannot fail protects nothing).


def test_the_checks_catch_each_kind_of_wrong_import():
    wrong = [
        Import("catalog/models.py", "disclosures.models", 1),
        Import("kernel/memo.py", "catalog.models", 2),
        Import("disclosures/services.py", "requests_app.models", 3),
        Import("requests_app/forms.py", "disclosures.services", 4),
        Import("reports/figures.py", "portal.demo.items", 5),
        Import("interaction/services.py", "requests_app.models", 7),
        Import("requests_app/services.py", "interaction.models", 8),
        Import("disclosures/feeds.py", "disclosures.views.latest_rows", 6),
    ]
    assert len(layering_breaks(wrong)) == 7
    assert demo_breaks(wrong) == ["reports/figures.py:5 imports demo data (portal.demo.items)"]
    assert view_breaks(wrong) == ["disclosures/feeds.py:6 imports disclosures.views.latest_rows"]
    fine = [
        Import("reports/figures.py", "requests_app.outcomes", 1),
        Import("portal/urls.py", "disclosures.views", 2),
        Import("disclosures/guide_urls.py", "disclosures.guide_views", 3),
        Import("portal/management/commands/seed_demo.py", "portal.demo.items", 4),
        Import("kernel/pdf.py", "django.conf", 5),
        Import("interaction/models.py", "disclosures.models", 6),
        Import("reports/figures.py", "interaction.models", 7),
    ]
    assert layering_breaks(fine) + demo_breaks(fine) + view_breaks(fine) == []
