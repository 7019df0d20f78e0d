import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_the_production_environment():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("HTTPS", "DEBUG", "STATICFILES_BACKEND", "TASKS_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="kTq8w0bM2-9vZrQk3xN6pL1yH5sJ7dF4gA0cE8uB2nR6tW9mV3zX",
        ALLOWED_HOSTS="samhandling.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_debug_is_off_unless_asked(settings):
    assert settings.DEBUG is False
