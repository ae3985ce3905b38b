import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

from conftest import ROOT

from datelines import _native

ARTICLES = sorted(str(path) for path in [*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/fixtures/articles/*.txt")])


def _python(code_or_module: list[str], pure: bool) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != _native.PURE_PYTHON_VARIABLE}
    if pure:
        environment[_native.PURE_PYTHON_VARIABLE] = "1"
    return subprocess.run(
        [sys.executable, *code_or_module], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )


def test_make_test_runs_the_compiled_modules() -> None:
    """`make test` builds them first: if the build broke (a type error mypyc rejects), this says so."""
    result = _python(
        ["-c", "import datelines.extract.places.names as t, datelines._native as n; print(n.status, t.__file__)"], False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("compiled with mypyc"), f"{result.stdout} (run `make native` to see why)"
    assert Path(result.stdout.split()[-1]).suffix == ".so"


def test_the_compiled_modules_are_laid_out_by_a_training_run() -> None:
    """Profile-guided: a build whose training run failed still works but runs a few per cent slower, and
    says so only here (and in `make native`'s output)."""
    manifest = json.loads(_native.MANIFEST_PATH.read_text(encoding="utf-8"))
    assert manifest["profile_guided"] is True, "the training run of `make native` failed: run it to see why"


def test_compiled_and_plain_python_extract_the_same_tables() -> None:
    compiled = _python(["-m", "datelines", "extract", "--jsonl", *ARTICLES], False)
    plain = _python(["-m", "datelines", "extract", "--jsonl", *ARTICLES], True)
    assert compiled.returncode == plain.returncode == 0, compiled.stderr + plain.stderr
    assert len(compiled.stdout.splitlines()) == len(ARTICLES) >= 5
    assert compiled.stdout == plain.stdout


def test_the_switch_forces_plain_python() -> None:
    result = _python(
        ["-c", "import datelines.extract.places.names as t, datelines._native as n; print(n.status, t.__file__)"], True
    )
    assert result.stdout.startswith("pure Python (DATELINES_PURE_PYTHON is set)")
    assert result.stdout.split()[-1].endswith("names.py")


def test_a_source_edited_after_the_build_turns_the_compiled_modules_off() -> None:
    current = {
        "cache_tag": sys.implementation.cache_tag,
        "platform": sysconfig.get_platform(),
        "modules": list(_native.COMPILED_MODULES),
        "sources": _native.sources_digest(),
        "files": {},
    }
    assert _native._unusable_reason(current) is None
    assert _native._unusable_reason({**current, "sources": "0" * 64}) == "sources changed since `make native`"
    assert (
        _native._unusable_reason({**current, "modules": ["extract.places.names"]})
        == "sources changed since `make native`"
    )
    assert "built for cpython-39" in _native._unusable_reason({**current, "cache_tag": "cpython-39"})
    assert "built for plan9-mips" in _native._unusable_reason({**current, "platform": "plan9-mips"})
    assert (
        _native._unusable_reason({**current, "files": {"datelines.extract.places.names": "gone.so"}})
        == "missing gone.so"
    )


def test_the_digest_sees_any_edit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(_native, "PACKAGE_DIR", tmp_path)
    for name in _native.COMPILED_MODULES:
        _native.source_path(name).parent.mkdir(parents=True, exist_ok=True)
        _native.source_path(name).write_text(f"# {name}\n")
    before = _native.sources_digest()
    _native.source_path("extract.events").write_text("# events, edited\n")
    assert _native.sources_digest() != before


def test_the_compiled_modules_constants_are_final() -> None:
    """mypyc reads a `Final` module constant as a C static; any other module name is looked up in the
    module's dict at every use, which cost 4% of an extraction when none were marked."""
    import ast
    import re

    constant = re.compile(r"^_?[A-Z][A-Z0-9_]*$")
    unmarked = []
    for name in _native.COMPILED_MODULES:
        tree = ast.parse(_native.source_path(name).read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and not isinstance(node.targets[0], ast.Name):  # "A, B = …" cannot be Final
                names = [n.id for n in ast.walk(node.targets[0]) if isinstance(n, ast.Name)]
                unmarked += [f"{name}.{target}" for target in names if constant.match(target)]
                continue
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                target, annotation = node.targets[0].id, None
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                target, annotation = node.target.id, ast.unparse(node.annotation)
            else:
                continue
            is_type_variable = isinstance(node.value, ast.Call) and ast.unparse(node.value.func) == "TypeVar"
            if constant.match(target) and not is_type_variable and not (annotation or "").startswith("Final"):
                unmarked.append(f"{name}.{target}")
    assert unmarked == []
