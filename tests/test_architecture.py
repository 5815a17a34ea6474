"""The floor plan (ADR 0011), held by reading the imports of every module with ``ast``.

Layers, lowest first: kernel < catalog < disclosures < requests_app, interaction < reports <
portal. A module may import its own package and the layers below it, never a layer above;
disclosures and requests_app are siblings that do not import each other, and so are
requests_app and interaction (互动交流), which share a layer. Demo data (portal/demo) is
imported only by portal, the tests and the benchmark. Only URL modules import views. No two
modules of one app import each other, directly or round a circle, imports inside functions
included. No module of the apps passes 600 lines.

When a rule fails, move the code; do not loosen the test. The allowlist below names files that
break a rule today because they are being split in the same step (#15): it may only shrink,
and an entry that no longer breaks its rule fails the last test, so it is removed.
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
KNOWN_OVERSIZE: set[str] = set()  # empty since #15; a file that grows past the limit is split


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
        if imports_views(imp.target) and not is_url_module(imp.module)
    ]


def module_name(path: str) -> str:
    """``disclosures/search/__init__.py`` -> ``disclosures.search``; ``a/b.py`` -> ``a.b``."""
    dotted = path.removesuffix(".py").replace("/", ".")
    return dotted.removesuffix(".__init__")


def import_graph(imports: list[Import], modules: set[str]) -> dict[str, set[str]]:
    """Module -> the modules of the same app it imports (at the top or inside a function).

    ``from a.b import c`` names the module ``a.b.c`` when there is one, else ``a.b``; a parent
    package is not counted as imported (its ``__init__`` runs first, but cannot form a circle
    through the child unless it imports the child itself, which is then an edge of its own).
    """
    graph: dict[str, set[str]] = {}
    for imp in imports:
        own = module_name(imp.module)
        if imp.target not in modules or layer_of(imp.target) != layer_of(own):
            continue
        if imp.target != own:
            graph.setdefault(own, set()).add(imp.target)
    # "from a.b import c" gave both "a.b" and "a.b.c": keep only the more precise one.
    for own, targets in graph.items():
        graph[own] = {t for t in targets if not any(o.startswith(t + ".") for o in targets)}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(cycles)


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


def test_no_modules_of_one_app_import_each_other_in_a_circle(all_imports):
    modules = {module_name(relative(path)) for path in app_files()}
    assert import_cycles(import_graph(all_imports, modules)) == []


def test_no_module_of_the_apps_passes_600_lines():
    oversize = {
        relative(path): lines
        for path in app_files()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert {path: n for path, n in oversize.items() if path not in KNOWN_OVERSIZE} == {}


def test_the_allowlist_only_names_files_that_still_break_their_rule():
    still_oversize = {
        path
        for path in KNOWN_OVERSIZE
        if (ROOT / path).exists()
        and len((ROOT / path).read_text(encoding="utf-8").splitlines()) > MAX_LINES
    }
    assert KNOWN_OVERSIZE - still_oversize == set(), "remove these from KNOWN_OVERSIZE"


STAFF_CHECK = "catalog/access.py"  # the one staff check (ADR 0004); services call require_staff


def private_staff_checks(path: str, source: str) -> list[str]:
    """Functions named ``_require`` (the old private copies of the staff check) in a module."""
    return [
        f"{path}:{node.lineno} defines _require; call catalog.access.require_staff"
        for node in ast.walk(ast.parse(source, filename=path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == "_require"
    ]


def test_no_module_but_catalog_access_writes_its_own_staff_check():
    found = [
        problem
        for path in app_files()
        if relative(path) != STAFF_CHECK
        for problem in private_staff_checks(relative(path), path.read_text(encoding="utf-8"))
    ]
    assert found == []


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


def test_the_cycle_check_finds_a_circle_through_a_function_level_import():
    source = "from disclosures import listing\n\ndef f():\n    from disclosures import services\n"
    tree_imports = [
        Import("disclosures/services.py", "disclosures.revisions.services", 1),
        Import("disclosures/services.py", "disclosures.revisions", 1),
        Import("disclosures/listing.py", "kernel.memo", 1),
    ]
    path = ROOT / "disclosures" / "revisions" / "services.py"
    tree = ast.parse(source)
    tree_imports += [
        Import(relative(path), name, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
        for name in [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    ]
    modules = {
        "disclosures",
        "disclosures.listing",
        "disclosures.services",
        "disclosures.revisions",
        "disclosures.revisions.services",
        "kernel.memo",
    }
    graph = import_graph(tree_imports, modules)
    assert import_cycles(graph) == [["disclosures.revisions.services", "disclosures.services"]]
    del graph["disclosures.services"]
    assert import_cycles(graph) == []


def test_the_staff_check_rule_catches_a_private_copy():
    source = "class A:\n    def _require(self):\n        pass\n\n\ndef _require_non_negative():\n    pass\n"
    assert private_staff_checks("disclosures/x.py", source) == [
        "disclosures/x.py:2 defines _require; call catalog.access.require_staff"
    ]
