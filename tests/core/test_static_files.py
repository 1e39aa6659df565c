"""Pages and their static files, served as set-up leaves them (DEBUG off, no test override):
before collectstatic has run, under plain names from the apps' folders; after it, under the
hashed names of its manifest, cached for a year. check --deploy says when it has not run."""

import json
import re
import shutil

import pytest

from .processes import ROOT, envoy_env, get, manage, runserver

# Installs of the test's own (their own data folders and databases): once, not on each database.
pytestmark = pytest.mark.one_pass("postgresql")

STYLESHEET = re.compile(
    r'<link rel="stylesheet" href="(/static/envoy/envoy(?:\.[0-9a-f]{12})?\.css)">'
)
SOURCE_CSS = (ROOT / "envoy/core/static/envoy/envoy.css").read_bytes()


def sign_in_page_and_stylesheet(env):
    with runserver(env) as base:
        status, headers, body = get(base + "/accounts/login/")
        assert status == 200, body.decode(errors="replace")[:2000]
        [css_url] = STYLESHEET.findall(body.decode())
        css = get(base + css_url)
    return headers, css_url, css


def test_before_collectstatic_pages_and_their_static_files_are_served(tmp_path):
    env = envoy_env(tmp_path)
    headers, css_url, (status, css_headers, css) = sign_in_page_and_stylesheet(env)
    assert headers["X-Request-ID"]
    assert css_url == "/static/envoy/envoy.css"
    assert (status, css_headers["Content-Type"].split(";")[0], css) == (200, "text/css", SOURCE_CSS)


def test_after_collectstatic_pages_name_hashed_files_that_browsers_keep(tmp_path, collected_static):
    shutil.copytree(collected_static, tmp_path / "static")
    _, css_url, (status, css_headers, css) = sign_in_page_and_stylesheet(envoy_env(tmp_path))
    assert re.fullmatch(r"/static/envoy/envoy\.[0-9a-f]{12}\.css", css_url)
    assert (status, css) == (200, SOURCE_CSS)
    assert css_headers["Cache-Control"] == "max-age=315360000, public, immutable"


def deploy_warnings(env) -> list[str]:
    checked = manage("check", "--deploy", env=env)
    return re.findall(r"\(envoy\.W\d+\) .*", checked.stderr)


def test_check_deploy_says_when_collectstatic_has_not_run(tmp_path, collected_static):
    env = envoy_env(tmp_path)
    assert deploy_warnings(env) == [
        f"(envoy.W001) 靜態檔尚未收集（{tmp_path / 'static'} 中沒有 staticfiles.json）："
        "檔案以原名提供，瀏覽器無法長期快取。"
    ]
    shutil.rmtree(tmp_path / "static")
    shutil.copytree(collected_static, tmp_path / "static")
    assert deploy_warnings(env) == []


def test_check_deploy_names_static_files_added_since_the_last_collectstatic(
    tmp_path, collected_static
):
    env = envoy_env(tmp_path)
    shutil.copytree(collected_static, tmp_path / "static")
    # As after an upgrade that brought a new file, before collectstatic was run again.
    manifest_path = tmp_path / "static" / "staticfiles.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["paths"]["envoy/envoy.js"]
    manifest_path.write_text(json.dumps(manifest))
    assert deploy_warnings(env) == [
        "(envoy.W002) 有 1 個靜態檔不在上次收集的清單中（例如 envoy/envoy.js），頁面會找不到它們。"
    ]
