"""The shape docs/architecture.md promises: packages by concern, no cycles, the ORM, one engine."""

import ast
import re
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
LETTERS = ROOT / "letters"
# What each package of letters/ may import from the others (docs/architecture.md).
ALLOWED = {
    "keys": set(),
    "models": {"keys"},
    "guidance": {"models"},
    "pages": {"models", "keys", "guidance"},
    "portability": {"models", "keys", "guidance"},
    "forms": {"models", "keys", "portability"},
    "http": {"models", "keys"},
    "views": {"forms", "http", "models", "keys", "guidance", "pages", "portability"},
    "templatetags": set(),
}
# Where SQL is written by hand, and why (docs/architecture.md, "Where SQL is written by hand").
RAW_SQL_ALLOWED = {
    "letters/models/erasure.py",  # PRAGMA wal_checkpoint and VACUUM: no ORM call for either
    "letters/management/commands/backup.py",  # VACUUM INTO, SQLite's consistent copy
}


def modules() -> dict[str, Path]:
    found = {}
    for path in LETTERS.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(path: Path, name: str) -> set[str]:
    """Every letters module this file imports, at the top or inside a function."""
    is_package = path.name == "__init__.py"
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                here = name.split(".") if is_package else name.split(".")[:-1]
                base = ".".join(here[: len(here) - node.level + 1] + ([base] if base else []))
            targets |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return {t for t in targets if t.split(".")[0] == "letters"}


def resolve(target: str, known: dict[str, Path]) -> str | None:
    while target and target not in known:
        target = target.rpartition(".")[0]
    return target or None


def graph() -> dict[str, set[str]]:
    known = modules()
    edges = {}
    for name, path in known.items():
        found = {resolve(t, known) for t in imports_of(path, name)} - {None, name}
        # A module's own package (its __init__) is where Python looks it up, not a dependency.
        edges[name] = {t for t in found if not name.startswith(t + ".")}
    return edges


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (LETTERS / parts[-1]).is_dir() else ""


def test_no_module_of_letters_imports_itself_back():
    edges = graph()

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in edges.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = sorted(m for m in edges if reaches(m, m, {m}))
    assert cycles == []


def test_each_package_imports_only_what_the_architecture_allows():
    wrong = set()
    for module, targets in graph().items():
        source = package_of(module)
        for target in targets:
            other = package_of(target)
            known = source in ALLOWED and other in ALLOWED and other != source
            if known and other not in ALLOWED[source]:
                wrong.add(f"{module} -> {target}")
    assert sorted(wrong) == []


def test_no_two_packages_import_each_other():
    pairs = set()
    for module, targets in graph().items():
        for target in targets:
            if package_of(module) != package_of(target):
                pairs.add((package_of(module), package_of(target)))
    assert sorted((a, b) for a, b in pairs if (b, a) in pairs and a and b) == []


def test_no_view_module_imports_another():
    edges = graph()
    views = {m for m in edges if m.startswith("letters.views.")}
    assert sorted((m, t) for m in views for t in edges[m] if t in views) == []


def test_the_crypto_core_imports_no_django():
    source = (LETTERS / "keys" / "crypto.py").read_text(encoding="utf-8")
    assert re.findall(r"^\s*(?:from|import) django", source, re.M) == []


def test_sql_is_written_by_hand_only_where_the_architecture_says():
    raw = re.compile(r"connection\.cursor\(|\.raw\(|\.extra\(|RawSQL|cursor\.execute")
    found = {
        str(path.relative_to(ROOT))
        for path in LETTERS.rglob("*.py")
        if "migrations" not in path.parts and raw.search(path.read_text(encoding="utf-8"))
    }
    assert found <= RAW_SQL_ALLOWED
    assert "letters/models/erasure.py" in found  # the check sees what it is looking for


def test_one_template_language():
    engines = [engine["BACKEND"] for engine in settings.TEMPLATES]
    assert engines == ["django.template.backends.django.DjangoTemplates"]
    assert not (ROOT / "templates" / "jinja2").exists()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert not [d for d in project["project"]["dependencies"] if d.lower().startswith("jinja2")]
