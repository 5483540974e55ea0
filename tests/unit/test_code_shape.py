"""The shape the code keeps: no function does several things (none longer than ~60 lines of its
own), and no two modules import each other, however lazily (the command line once imported `serve`,
which imported the command line back for the clock and the bank)."""

from __future__ import annotations

import ast
from pathlib import Path

import interviewer

PACKAGE = Path(interviewer.__file__).parent
LIMIT = 60


def own_lines(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of a function that are its own: its docstring and the bodies of functions and
    classes defined inside it are left out (those are measured on their own)."""
    lines = set(range(fn.lineno, (fn.end_lineno or fn.lineno) + 1))
    for node in ast.walk(fn):
        if node is not fn and isinstance(
            node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
        ):
            lines -= set(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    first = fn.body[0]
    docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    if docstring and isinstance(first.value.value, str):  # type: ignore[attr-defined]
        lines -= set(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return len(lines)


def long_functions(root: Path, limit: int) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = own_lines(node)
                if n > limit:
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({n} lines)")
    return found


def imports(root: Path) -> dict[str, set[str]]:
    """Module → the interviewer modules it imports anywhere (top level or inside functions)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets.add(node.module)
                targets |= {f"{node.module}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                targets |= {a.name for a in node.names}
        graph[name] = {t for t in targets if t.startswith("interviewer")}
    return {m: {t for t in ts if t in graph and t != m} for m, ts in graph.items()}


def test_no_function_is_longer_than_the_limit() -> None:
    assert long_functions(PACKAGE, LIMIT) == []


def test_the_length_check_can_fail(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT + 1))
    (tmp_path / "m.py").write_text(f'def f():\n    """Doc."""\n{body}\n', encoding="utf-8")
    (tmp_path / "ok.py").write_text(
        "def g():\n" + "\n".join(f"    y{i} = {i}" for i in range(LIMIT - 1)) + "\n",
        encoding="utf-8",
    )
    assert long_functions(tmp_path, LIMIT) == [f"m.py:1 f ({LIMIT + 2} lines)"]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import circles of any length: a path from a module back to itself."""
    found: list[list[str]] = []
    done: set[str] = set()

    def walk(module: str, path: list[str]) -> None:
        for nxt in sorted(graph[module]):
            if nxt in path:
                found.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in done:
                walk(nxt, [*path, nxt])
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            walk(module, [module])
    return found


def test_no_modules_import_each_other_in_a_circle() -> None:
    graph = imports(PACKAGE)
    assert "interviewer.runtime" in graph["interviewer.serve"]
    assert cycles(graph) == []


def test_the_circle_check_can_fail() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
