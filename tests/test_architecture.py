"""The house plan holds: no import cycle, the runtime never imports the tools, every
registry fills itself from its own package, and the data flow shows in the imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cdisc_convert import registry

PACKAGE = Path(registry.__file__).parent


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Project modules ``path`` imports (anywhere in the file), as dotted names."""
    mod = module_name(path)
    is_pkg = path.name == "__init__.py"
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("cdisc_convert")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = mod.split(".") if is_pkg else mod.split(".")[:-1]
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base.startswith("cdisc_convert"):
                out.add(base)
                out |= {f"{base}.{a.name}" for a in node.names}
    return out


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {m: {i for i in imports_of(p) if i in files and i != m} for m, p in files.items()}


GRAPH = graph()


def _parents(mod: str) -> set[str]:
    """Importing a.b.c runs a/__init__ and a/b/__init__ first."""
    parts = mod.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))} & set(GRAPH)


def test_no_import_cycle():
    edges = {m: (deps | set().union(*(_parents(d) for d in deps))) - {m} - _parents(m)
             for m, deps in GRAPH.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(m: str, path: list[str]) -> bool:
        state[m] = 1
        for d in sorted(edges.get(m, ())):
            if state.get(d) == 1:
                cycle.extend(path[path.index(d):] + [m, d] if d in path else [m, d])
                return True
            if d not in state and visit(d, path + [d]):
                return True
        state[m] = 2
        return False
    for m in sorted(edges):
        if m not in state and visit(m, [m]):
            break
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_the_runtime_never_imports_the_tools():
    runtime = [m for m in GRAPH if not m.startswith(("cdisc_convert.tools", "cdisc_convert.cli"))]
    offenders = {m: sorted(d for d in GRAPH[m] if d.startswith("cdisc_convert.tools"))
                 for m in runtime}
    assert not {m: d for m, d in offenders.items() if d}


def test_only_the_cli_and_pipeline_import_across_steps():
    """spec -> raw -> sdtm -> adam -> validate/define -> package: a step never imports a
    later step (nor the CLI)."""
    order = ["spec", "io", "sdtm", "adam", "define", "validate", "package", "pipeline", "cli"]
    rank = {f"cdisc_convert.{s}": i for i, s in enumerate(order)}

    def step(mod: str) -> str | None:
        return next((s for s in rank if mod == s or mod.startswith(s + ".")), None)
    bad = []
    for m, deps in GRAPH.items():
        a = step(m)
        for d in deps:
            b = step(d)
            if a and b and rank[b] > rank[a] and not (a, b) == ("cdisc_convert.define",
                                                             "cdisc_convert.validate"):
                bad.append(f"{m} imports {d}")
    assert not bad, bad


@pytest.mark.parametrize("reg", [r for r in vars(registry).values()
                                 if isinstance(r, registry.Registry)], ids=lambda r: r.kind)
def test_every_registry_fills_itself_from_its_package(reg):
    assert reg.package and len(reg) > 0, f"{reg.kind}: nothing registered by {reg.package}"


def test_registry_names_both_places_of_a_duplicate():
    reg = registry.Registry("demo")

    @reg.register("x")
    def one(*, a):
        """One."""

    with pytest.raises(registry.DuplicateName, match=r"'x' registered twice: .*one .* and .*two"):
        @reg.register("x")
        def two(*, a):
            """Two."""
