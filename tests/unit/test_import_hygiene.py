"""The core stays a library: importing any of its modules pulls in neither Textual nor Rich, and only
the `core/io/` package (behind `core.storage`) touches the filesystem: everything else is pure and
testable without a disk."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import interviewer.core

CORE = Path(interviewer.core.__file__).parent
MODULES = sorted(m.name for m in pkgutil.iter_modules([str(CORE)]) if not m.ispkg)
IO = sorted(m.name for m in pkgutil.iter_modules([str(CORE / "io")]) if not m.ispkg)

PROBE = """
import importlib, sys
importlib.import_module({module!r})
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(",".join(loaded))
"""


def test_the_core_modules_are_discovered() -> None:
    assert {"yamlsafe", "conditions", "bankload", "bank", "validation", "storage", "errors"} <= set(
        MODULES
    )


@pytest.mark.parametrize("module", MODULES)
def test_importing_a_core_module_loads_no_ui_library(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=f"interviewer.core.{module}")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_probe_can_fail() -> None:
    # importing the UI package does load Textual, so an empty answer above means something
    pytest.importorskip("textual")
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(module="textual.app")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "textual" in result.stdout.split(",")


# -- file I/O only in storage.py ---------------------------------------------------------------------

IO_MODULES = {"os", "shutil", "tempfile", "io", "fcntl", "msvcrt", "filelock"}
PATH_IO = {
    "read_text",
    "write_text",
    "read_bytes",
    "write_bytes",
    "touch",
    "unlink",
    "mkdir",
    "rmdir",
    "rename",
    "iterdir",
    "glob",
    "rglob",
    "symlink_to",
    "hardlink_to",
    "chmod",
    "exists",
    "is_file",
    "is_dir",
    "stat",
    "lstat",
    "open",
}


def io_uses(source: str) -> list[str]:
    """`line: what` for every file-system access the AST shows: the open() builtin, importing an I/O
    module (os, shutil, tempfile, ...), Path's read, write and stat methods (calls through the storage facade are the sanctioned way)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [
                f"{node.lineno}: import {a.name}"
                for a in node.names
                if a.name.split(".")[0] in IO_MODULES
            ]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in IO_MODULES:
            found.append(f"{node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "open":
                found.append(f"{node.lineno}: open(")
            elif (
                isinstance(func, ast.Attribute)
                and func.attr in PATH_IO
                and not (isinstance(func.value, ast.Name) and func.value.id == "storage")
            ):
                found.append(f"{node.lineno}: .{func.attr}(")
            elif (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id in IO_MODULES
            ):
                found.append(f"{node.lineno}: {func.value.id}.{func.attr}(")
    return sorted(found, key=lambda f: int(f.split(":")[0]))


def test_the_scanner_finds_io() -> None:
    sample = (
        "import os\n"
        "from pathlib import Path\n"
        "def f(p):\n"
        "    with open(p, 'w') as fh:\n"
        "        fh.write('x')\n"
        "    os.replace(p, p)\n"
        "    Path(p).write_text('x')\n"
        "    return Path(p).read_text()\n"
    )
    assert io_uses(sample) == [
        "1: import os",
        "4: open(",
        "6: os.replace(",
        "7: .write_text(",
        "8: .read_text(",
    ]
    # text that merely mentions open( in a docstring, or str.replace, is not I/O; Path.open and
    # Path.exists are
    assert io_uses('"""open( os.replace"""\nx = "a".replace("a", "b")\n') == []
    assert io_uses("p.open()\np.exists()\n") == ["1: .open(", "2: .exists("]
    # calling the storage facade is how the rest of the core reaches the disk
    assert io_uses("storage.exists(p)\n") == []


@pytest.mark.parametrize("module", IO)
def test_the_io_package_is_where_the_io_is(module: str) -> None:
    if module != "__init__":
        assert io_uses((CORE / "io" / f"{module}.py").read_text("utf-8"))


@pytest.mark.parametrize("module", MODULES)
def test_no_file_io_outside_the_io_package(module: str) -> None:
    assert io_uses((CORE / f"{module}.py").read_text("utf-8")) == []
