"""The multi-node environment of the README's production section: clean under check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
TEST_ONLY = ("HTTPS", "DEBUG", "STATICFILES_BACKEND", "TASKS_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE")
NODE = {
    "DEBUG": "0",
    "SECRET_KEY": "kTq8w0bM2-9vZrQk3xN6pL1yH5sJ7dF4gA0cE8uB2nR6tW9mV3zX",
    "ALLOWED_HOSTS": "samhandling.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://samhandling.example.org",
    "PROXY_COUNT": "1",
    "EMAIL_HOST": "smtp.example.org",
    "S3_BUCKET": "samhandling-media",
    "S3_ENDPOINT_URL": "https://s3.example.org",
    "S3_ACCESS_KEY_ID": "portal",
    "S3_SECRET_ACCESS_KEY": "not-a-real-secret",
    "LOG_FORMAT": "json",
}


def manage(*args: str, code: str | None = None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in TEST_ONLY} | NODE
    command = [sys.executable, "-c", code] if code else [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_an_app_nodes_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_node_with_s3_bucket_stores_uploads_in_private_objects_it_never_overwrites():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'samhandling.settings'; django.setup(); "
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, "
        "s.default_acl, s.file_overwrite, s.addressing_style)"
    )
    result = manage(code=code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "samhandling-media",
        "https://s3.example.org",
        "None",
        "False",
        "path",
    ]
