"""A backup is a folder: the database, every stored file, and a manifest of SHA-256.

    DIR/manifest.json       what is in the folder, each file with its size and SHA-256
    DIR/database.sqlite3    SQLite: a consistent copy by the online backup API
    DIR/database.dump       PostgreSQL: pg_dump's custom format (pg_restore reads it)
    DIR/files/...           the stored files under their storage names

The database is copied first, then the files: files are written before the rows that name
them commit (zi_tracker.files), so every row in the copy has its file in the folder. A
file uploaded meanwhile may be copied without its row: cleanup_orphans removes it later.
The manifest is written last; a folder without one is not a finished backup.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.utils import timezone

from .files import sha256_of_stored, stored_names

FORMAT = "zi-tracker-backup/1"
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup cannot be written or read as asked; the message says why."""


def _sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_command(program, settings_dict):
    """The program's connection options and environment from Django's settings."""
    args = [program]
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    args += ["-d", settings_dict["NAME"]]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    sslmode = settings_dict.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return args, env


def _run(args, env):
    try:
        subprocess.run(args, env=env, check=True, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"{args[0]} is not installed: install the postgresql-client package."
        ) from None
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{args[0]} failed: {error.stderr.strip()}") from None


def dump_database(connection, target):
    """Write a consistent copy of the database to `target`."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_command("pg_dump", connection.settings_dict)
        _run([*args, "--format=custom", "--no-owner", "--no-privileges", "-f", str(target)], env)
    else:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")


def load_database(connection, source):
    """Replace the database's content with the copy in `source`, all or nothing."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(source)
        try:
            copy.backup(connection.connection)
        finally:
            copy.close()
    else:
        args, env = _pg_command("pg_restore", connection.settings_dict)
        options = ["--clean", "--if-exists", "--no-owner", "--no-privileges"]
        _run([*args, *options, "--single-transaction", "--exit-on-error", str(source)], env)
    connection.close()


def copy_stored_files(storage, folder):
    """Copy every stored file into `folder`; [{name, size, sha256}] sorted by name."""
    entries = []
    for name in sorted(stored_names(storage)):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with storage.open(name, "rb") as source, open(target, "wb") as copy:
            for chunk in source.chunks(CHUNK):
                digest.update(chunk)
                copy.write(chunk)
        entries.append({"name": name, "size": target.stat().st_size, "sha256": digest.hexdigest()})
    return entries


def write_backup(directory, connection, storage):
    """Back the installation up into `directory` (new or empty); return the manifest."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty: give a new folder for each backup.")
    directory.mkdir(parents=True, exist_ok=True)
    database = directory / DATABASE_FILES.get(connection.vendor, "database")
    dump_database(connection, database)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {
            "vendor": connection.vendor,
            "file": database.name,
            "size": database.stat().st_size,
            "sha256": _sha256_of(database),
        },
        "files": copy_stored_files(storage, directory / "files"),
    }
    partial = directory / f"{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    partial.replace(directory / MANIFEST)
    return manifest


def _safe_name(name):
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise BackupError(f"The manifest names an unsafe path: {name!r}.")
    return name


def read_backup(directory):
    """The manifest of a complete backup in `directory`, every file checked against it."""
    directory = Path(directory)
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{directory} holds no readable {MANIFEST}: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{directory} is not a ZI Tracker backup ({FORMAT}).")
    expected = [(manifest["database"]["file"], manifest["database"]["sha256"])]
    expected += [
        (f"files/{_safe_name(entry['name'])}", entry["sha256"]) for entry in manifest["files"]
    ]
    problems = []
    for relative, sha256 in expected:
        path = directory / relative
        if not path.is_file():
            problems.append(f"missing: {relative}")
        elif _sha256_of(path) != sha256:
            problems.append(f"changed: {relative}")
    if problems:
        raise BackupError("The backup is damaged: " + "; ".join(problems))
    return manifest


def restore_files(directory, manifest, storage):
    """Write every file of the backup into the storage under its own name."""
    for entry in manifest["files"]:
        name = entry["name"]
        if storage.exists(name):
            storage.delete(name)  # only with --force: the installation was not empty
        with open(Path(directory) / "files" / name, "rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"The storage stored {name} as {saved}.")


def verify_restored(manifest, storage):
    """Names of the manifest's files that the storage does not hold byte for byte."""
    bad = []
    for entry in manifest["files"]:
        try:
            if sha256_of_stored(storage, entry["name"]) != entry["sha256"]:
                bad.append(entry["name"])
        except OSError:
            bad.append(entry["name"])
    return bad


def remove_partial(directory):
    """A failed backup leaves no half-written folder that looks like a backup."""
    shutil.rmtree(directory, ignore_errors=True)
