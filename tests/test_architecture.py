"""The package's shape: no import cycles between subpackages, and the query path's stages
depend on each other in one direction only (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import kavosh

ROOT = Path(kavosh.__file__).parent


def _subpackages() -> set[str]:
    return {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}


def _imports_of(path: Path, package: str, subs: set[str]) -> set[str]:
    """Subpackages of kavosh that the module at ``path`` (inside ``package``) imports, at any depth
    of the file (imports inside functions count too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level == 0:
                parts = mod.split(".")
                target = parts[1] if parts[0] == "kavosh" and len(parts) > 1 else None
                names = [a.name for a in node.names] if parts == ["kavosh"] else []
            else:
                rel = path.relative_to(ROOT).parts[:-1]
                base = list(rel[:len(rel) - (node.level - 1)]) if node.level > 1 else list(rel)
                full = base + (mod.split(".") if mod else [])
                target = full[0] if full else None
                names = [a.name for a in node.names] if not full else []
            for t in [target, *names]:
                if t in subs and t != package:
                    found.add(t)
        elif isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                if parts[0] == "kavosh" and len(parts) > 1 and parts[1] in subs and parts[1] != package:
                    found.add(parts[1])
    return found


def import_graph() -> dict[str, set[str]]:
    """Subpackage → subpackages it imports (directly)."""
    subs = _subpackages()
    return {s: set().union(*[_imports_of(f, s, subs) for f in (ROOT / s).rglob("*.py")]) for s in subs}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles = []
    for start in sorted(graph):
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in sorted(graph[node]):
                if nxt == start:
                    cycles.append(path)
                elif nxt not in path and nxt > start:  # each cycle once, from its smallest member
                    stack.append((nxt, path + [nxt]))
    return cycles


def test_the_graph_sees_known_imports():
    graph = import_graph()
    assert {"query", "search", "present", "index", "analysis"} <= set(graph)
    assert "analysis" in graph["query"] and "index" in graph["search"] and "search" in graph["present"]


def test_no_import_cycle_between_subpackages():
    cycles = _cycles(import_graph())
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c + [c[0]]) for c in cycles)


def test_the_cycle_finder_finds_cycles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]


def test_stages_only_import_earlier_stages():
    """Documents flow ingest → analysis → index and queries query → search → present; a stage
    imports only stages below it in this order (ingest reads analysis's character tables, so
    analysis sits below ingest); search executes plans without importing query; the adapters
    (api/, cli, cluster) come last."""
    order = ["analysis", "ingest", "index", "query", "search", "present"]
    graph = import_graph()
    assert "query" not in graph["search"]
    for i, stage in enumerate(order):
        later = set(order[i + 1:]) | ({"api", "cli", "cluster"} & set(graph))
        assert not graph[stage] & later, f"{stage} imports {graph[stage] & later}"
