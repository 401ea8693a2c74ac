"""The package's own imports run downward only and never in a circle.

Layers, lowest first: the ground floor (``advisor``, ``errors``, ``config``, ``text``) <
``advisor.catalog`` < ``advisor.documents`` < ``advisor.tools`` < ``advisor.agent`` < the doors
(``advisor.cli``, ``advisor.mcp_server``, ``advisor.mcp_transport``, ``advisor.__main__``,
``ui``). Every import counts, including those inside functions: the source is parsed with
``ast``, nothing is imported.
Imports under ``if TYPE_CHECKING:`` count for the floors (a type is knowledge of the module
too) but not for circles, since they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("advisor", "ui")
LAYERS = (  # (prefix, floor); the longest matching prefix wins, anything else is a door
    ("advisor.errors", 0), ("advisor.config", 0), ("advisor.catalog", 1),
    ("advisor.documents", 2), ("advisor.tools", 3), ("advisor.agent", 4),
)
FLOOR_NAMES = ("ground", "catalog", "documents", "tools", "agent", "doors")
DOORS = len(FLOOR_NAMES) - 1


def module_files() -> dict[str, Path]:
    """Every module of the packages by dotted name (a package by its ``__init__``)."""
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


MODULES = module_files()


def _owner(name: str) -> str | None:
    """The module of ours that ``name`` refers to (its longest known prefix)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _type_only_nodes(tree: ast.AST) -> set[int]:
    """Ids of the import nodes inside ``if TYPE_CHECKING:`` blocks."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return out


def imports_of(module: str, *, runtime_only: bool = False) -> set[str]:
    """Our modules that ``module`` imports anywhere in its source (``runtime_only``: not the
    imports under ``if TYPE_CHECKING:``)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    skip = _type_only_nodes(tree) if runtime_only else set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {o for a in node.names if (o := _owner(a.name))}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:
                target = f"{source}.{alias.name}"
                owner = target if target in MODULES else _owner(source)
                if owner:
                    found.add(owner)
    found.discard(module)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}
RUNTIME_GRAPH = {module: imports_of(module, runtime_only=True) for module in MODULES}


DOOR_PREFIXES = ("advisor.cli", "advisor.mcp_server", "advisor.mcp_transport", "advisor.__main__",
                 "ui")


def floor(module: str) -> int:
    """The layer a module sits on.

    The packages and the doors are named; any other top-level module of ``advisor`` (the root
    package with its version, ``errors``, ``config``, ``text``) is on the ground floor.
    """
    if any(module == p or module.startswith(p + ".") for p in DOOR_PREFIXES):
        return DOORS
    matches = [(len(p), f) for p, f in LAYERS if module == p or module.startswith(p + ".")]
    return max(matches)[1] if matches else 0


def test_the_layers_cover_the_tree():
    floors = {FLOOR_NAMES[floor(m)] for m in MODULES}
    assert floors == set(FLOOR_NAMES)
    assert floor("advisor.catalog.format") == 1 and floor("ui.app") == DOORS
    assert floor("advisor.mcp_server") == DOORS and floor("advisor.cli.app") == DOORS
    assert floor("advisor") == floor("advisor.errors") == 0


def test_the_parser_sees_imports_inside_functions():
    # graph.py imports the planner at the top, service.py imports the graph inside a method
    assert "advisor.agent.graph" in RUNTIME_GRAPH["advisor.agent.service"]
    assert "advisor.agent.offline.planner" in RUNTIME_GRAPH["advisor.agent.graph"]
    # documents/__init__ names IngestReport for types only
    assert "advisor.documents.ingest" in GRAPH["advisor.documents"]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_runs_up_a_floor(module: str):
    upward = sorted(t for t in GRAPH[module] if floor(t) > floor(module))
    assert not upward, (f"{module} ({FLOOR_NAMES[floor(module)]}) imports from a higher floor: "
                        + ", ".join(f"{t} ({FLOOR_NAMES[floor(t)]})" for t in upward))


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_the_cycle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles():
    circles = _cycles(RUNTIME_GRAPH)
    assert not circles, "import circles: " + "; ".join(" ↔ ".join(c) for c in circles)
