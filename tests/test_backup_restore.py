"""backup DIR and restore DIR: every row and every byte back, on SQLite and PostgreSQL.

The court's installation is this test's database; the restore goes into a second, fresh
installation (its own database and media folder), run as `manage.py` would be run.
"""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.installs import manage

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent


def every_row(out):
    rows = json.loads(out)
    return sorted(rows, key=lambda row: (row["model"], str(row["pk"])))


def every_byte(folder):
    folder = Path(folder)
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_a_backup_restores_every_row_and_every_byte(court, fresh, tmp_path):
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=io.StringIO())
    manifest = json.loads((target / "manifest.json").read_text())
    folders = sorted(entry["name"].split("/")[0] for entry in manifest["files"])
    assert folders == ["evidence", "evidence", "signed", "thumbnails"]
    rows = io.StringIO()
    call_command("dumpdata", stdout=rows)

    assert manage(fresh, "migrate", "--no-input").returncode == 0
    restored = manage(fresh, "restore", str(target))
    assert restored.returncode == 0, restored.stderr
    assert "every file matches the manifest" in restored.stdout

    assert every_row(manage(fresh, "dumpdata").stdout) == every_row(rows.getvalue())
    assert every_byte(fresh["MEDIA_ROOT"]) == every_byte(court)
    verified = manage(fresh, "verify_evidence")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "0 problem(s)" in verified.stdout

    again = manage(fresh, "restore", str(target))  # now it is not empty
    assert again.returncode != 0 and "not empty" in again.stderr
    assert manage(fresh, "restore", "--force", str(target)).returncode == 0


def test_a_damaged_backup_is_refused_before_anything_is_written(court, fresh, tmp_path):
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=io.StringIO())
    stored = next(p for p in (target / "files" / "evidence").rglob("*") if p.is_file())
    stored.write_bytes(stored.read_bytes()[:-1] + b"!")
    assert manage(fresh, "migrate", "--no-input").returncode == 0
    refused = manage(fresh, "restore", str(target))
    assert refused.returncode != 0
    assert f"changed: files/{stored.relative_to(target / 'files')}" in refused.stderr
    assert not Path(fresh["MEDIA_ROOT"]).exists() or not any(Path(fresh["MEDIA_ROOT"]).iterdir())


def test_a_backup_needs_a_new_folder(court, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "old.txt").write_text("an older backup")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", str(tmp_path / "used"))
    assert sorted(p.name for p in (tmp_path / "used").iterdir()) == ["old.txt"]
