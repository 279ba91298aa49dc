"""An S3 API on loopback for the storage tests and the bench: moto's standalone server.

No MinIO or Ceph gateway installs from the package registries these machines reach, so the
tests talk S3 over HTTP to `moto_server` (from moto[server]), started once per session on a
free loopback port, through the same boto3 and django-storages code production uses.
"""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BUCKET = "zi-test-bucket"
KEYS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def moto_server_command():
    """moto_server beside this Python (the project's virtualenv), else on the PATH."""
    beside = Path(sys.executable).with_name("moto_server")
    found = str(beside) if beside.exists() else shutil.which("moto_server")
    return [found] if found else None


def start_moto_server(timeout=30):
    """Start moto_server on a free loopback port; return (process, endpoint URL).
    Raises RuntimeError, saying why, when it cannot start."""
    command = moto_server_command()
    if command is None:
        raise RuntimeError("moto_server is not installed (pip install -e '.[dev]')")
    port = free_port()
    process = subprocess.Popen(
        [*command, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto_server exited with status {process.returncode}")
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()
            return process, endpoint
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"moto_server did not answer on {endpoint} within {timeout} s")


def storage_options(endpoint, bucket=BUCKET):
    """The OPTIONS settings.py builds from STORAGE_S3_* for this server."""
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        **KEYS,
        "location": "",
        "addressing_style": "path",
        "default_acl": None,
        "file_overwrite": False,
    }


def make_bucket(endpoint, bucket=BUCKET):
    import boto3

    client = boto3.client("s3", endpoint_url=endpoint, **{
        "aws_access_key_id": KEYS["access_key"],
        "aws_secret_access_key": KEYS["secret_key"],
        "region_name": KEYS["region_name"],
    })  # fmt: skip
    client.create_bucket(Bucket=bucket)
    return client


@pytest.fixture(scope="session")
def s3_server():
    """The endpoint URL of a moto S3 server with BUCKET created; skips, saying why, only
    when the server cannot start."""
    try:
        process, endpoint = start_moto_server()
    except RuntimeError as problem:
        pytest.skip(f"no S3 API server for the storage tests: {problem}")
    try:
        client = make_bucket(endpoint)
        yield endpoint, client
    finally:
        process.terminate()
        process.wait(timeout=10)
