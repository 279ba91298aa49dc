"""Headers: a Content-Security-Policy without inline script, HTTPS settings that pass
`check --deploy` as the README gives them, and no-store on pages that show evidence."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

BASE = Path(settings.BASE_DIR)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
# Script types that run; a <script type="application/json"> holds data and is allowed.
DATA_SCRIPT = re.compile(r'type="application/(ld\+)?json"', re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def template_files():
    folders = [BASE / "templates", *BASE.glob("*/templates")]
    return [p for folder in folders for p in folder.rglob("*.html") if ".venv" not in p.parts]


def inline_scripts(html):
    found = [m.group(0) for m in INLINE_SCRIPT.finditer(html) if not DATA_SCRIPT.search(m.group(0))]
    return found + INLINE_HANDLER.findall(html)


@pytest.mark.parametrize("path", template_files(), ids=lambda p: str(p.relative_to(BASE)))
def test_no_template_has_an_inline_script_or_handler(path):
    if path.name == "bundle_index.html":
        pytest.skip("written into the offline evidence bundle, never served")
    assert inline_scripts(path.read_text(encoding="utf-8")) == []


def test_pages_carry_a_policy_without_inline_script(client, users):
    client.force_login(users["ketua_tim"])
    for url in ["/", "/plans/pn-sarolangun/2021/matrix/", "/account/", "/admin/"]:
        if url == "/admin/":
            client.force_login(users["admin"])
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        script = re.search(r"script-src ([^;]*)", policy).group(1)
        assert script == "'self'", url
        assert "'unsafe-inline'" not in re.search(r"style-src ([^;]*)", policy).group(1)
        assert "frame-ancestors 'none'" in policy
        assert inline_scripts(response.content.decode()) == [], url


def test_htmx_is_told_not_to_need_inline_styles_or_eval(client, users):
    client.force_login(users["staf"])
    html = client.get("/").content.decode()
    assert '"includeIndicatorStyles": false' in html and '"allowEval": false' in html


def test_the_login_page_is_covered_too(client, db):
    response = client.get("/accounts/login/")
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_evidence_pages_are_not_stored(client, users, plan):
    from tests.evidence_helpers import month_url

    client.force_login(users["ketua_tim"])
    requirement = plan.components.get(number=1).indicators.get(number=2).requirements.first()
    for url in [
        "/plans/pn-sarolangun/2021/matrix/",
        month_url(requirement, 1),
        "/plans/pn-sarolangun/2021/review/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


# The block under "### Production settings" in README.md, as KEY=VALUE pairs.
def readme_production_env():
    text = (BASE / "README.md").read_text(encoding="utf-8")
    block = re.search(r"### Production settings.*?```ini\n(.*?)```", text, re.S).group(1)
    return dict(line.split("=", 1) for line in block.splitlines() if "=" in line)


def production_env(env):
    """This process's environment less what tests set, plus env."""
    unset = ("SECURE_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")  # the last: for Playwright
    clean = {k: v for k, v in os.environ.items() if not k.startswith(unset)}
    return {**clean, **env, "DJANGO_SETTINGS_MODULE": "zi_tracker.settings"}


def check_deploy(**env):
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(
        command, cwd=BASE, env=production_env(env), capture_output=True, text=True
    )


def test_check_deploy_is_clean_with_the_readmes_production_settings():
    result = check_deploy(**readme_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_https_settings():
    env = readme_production_env()
    del env["SECURE_SSL_REDIRECT"], env["SECURE_HSTS_SECONDS"]
    result = check_deploy(**env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_https_settings_come_from_the_environment():
    env = readme_production_env()
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE,
        env=production_env(env),
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["True", "31536000", "HTTP_X_FORWARDED_PROTO"]
