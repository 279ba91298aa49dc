"""The house rules a reader relies on: no source file over 600 lines, no function over 60
(migrations and tests aside), so every module and function can be read in one sitting.
The layers (which app may import which) are kept by lint-imports in `make lint`."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 60
BASE = Path(settings.BASE_DIR)


def app_folders():
    """zi_tracker and every installed app of this project (not Django's or a library's)."""
    folders = {BASE / "zi_tracker"}
    for config in apps.get_app_configs():
        path = Path(config.path)
        if path.is_relative_to(BASE) and ".venv" not in path.parts:
            folders.add(path)
    return sorted(folders)


def sources(folder):
    for path in sorted(folder.rglob("*.py")):
        if not {"migrations", "tests"} & set(path.relative_to(folder).parts):
            yield path


def oversized(path):
    """What breaks the rules in one file: "file: N lines" and "file:line name(): N lines"."""
    text = path.read_text(encoding="utf-8")
    name = path.relative_to(BASE) if path.is_relative_to(BASE) else path
    found = []
    lines = len(text.splitlines())
    if lines > MAX_FILE_LINES:
        found.append(f"{name}: {lines} lines")
    for node in ast.walk(ast.parse(text, filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(f"{name}:{node.lineno} {node.name}(): {length} lines")
    return found


def test_the_apps_are_all_walked():
    names = {folder.name for folder in app_folders()}
    assert {"zi_tracker", "components", "evidence", "reports", "monitoring"} <= names


def test_no_file_over_600_lines_and_no_function_over_60():
    found = [
        problem for folder in app_folders() for p in sources(folder) for problem in oversized(p)
    ]
    assert found == [], "split these along their seams:\n" + "\n".join(found)


def test_the_rule_catches_a_long_function_and_a_long_file(tmp_path):
    body = "".join(f"    x = {i}\n" for i in range(60))
    short = tmp_path / "short.py"
    short.write_text("def fine():\n" + body[: -len("    x = 59\n")])
    long = tmp_path / "long.py"
    long.write_text("def too_long():\n" + body + "\n" * 600)
    assert oversized(short) == []
    assert oversized(long) == [f"{long}: 661 lines", f"{long}:1 too_long(): 61 lines"]


def test_no_browser_test_polls_with_eval():
    """page.wait_for_function polls with eval in the page, which our CSP refuses as soon as
    the first try is false: such a test passes on a fast machine and fails on a busy one.
    tests/browser_helpers.wait_until polls without it."""
    call = "wait_for_" + "function("
    users = [p.name for p in sorted((BASE / "tests").glob("*.py")) if call in p.read_text()]
    assert users == []
