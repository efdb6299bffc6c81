"""Deploy: the plain `datasette` commands in the README serve the site `jacksonpd serve` serves."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from jacksonpd.publish.datasette import DATA_DICTIONARY
from jacksonpd.publish.sqlite import FACET_COUNTS
from jacksonpd.serve.app import SETTINGS
from jacksonpd.serve.plugin import MAP

from .conftest import REPO, free_port

DATASETTE = Path(sys.executable).with_name("datasette")
#: Pages that must read the same from both servers.
PAGES = (
    "/",
    "/jacksonpd",
    "/jacksonpd/statements",
    "/jacksonpd/statements/2018-03-19-moore-mbi-they-can-call-me",
    "/jacksonpd/timeline?_search=names",
    "/jacksonpd/names_release",
    "/jacksonpd/statements.json?_facet=kind&_size=0",
    DATA_DICTIONARY,
    MAP,
    "/datapackage/data/statements.csv",
)


def readme_command(starts: str) -> list[str]:
    """The README's shell command that begins with ``starts``, as arguments."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```bash\n(.*?)```", readme, flags=re.S):
        joined = block.replace("\\\n", " ")
        for line in joined.splitlines():
            if line.strip().startswith(starts):
                return shlex.split(line)
    msg = f"the README has no command starting {starts!r}"
    raise AssertionError(msg)


def setting_options(args: list[str]) -> dict[str, str]:
    """The ``--setting NAME VALUE`` pairs of a command."""
    return {args[i + 1]: args[i + 2] for i, arg in enumerate(args) if arg == "--setting"}


def _as_option(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def start(args: list[str], cwd: Path) -> Iterator[str]:
    """Run a server; yield its URL once it answers."""
    port = free_port()
    args = (
        [*args[: args.index("--port")], "--port", str(port)]
        if "--port" in args
        else [*args, "--port", str(port)]
    )
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{url}/-/versions.json", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            process.kill()
            pytest.fail(f"{args[0]} did not start:\n{process.communicate()[0].decode()}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def plain() -> Iterator[str]:
    """The README's `datasette serve` command, run in the repository."""
    args = readme_command("datasette serve")
    yield from start([str(DATASETTE), *args[1:]], REPO)


@pytest.fixture(scope="module")
def ours() -> Iterator[str]:
    """`jacksonpd serve --no-build` on the same repository."""
    yield from start([sys.executable, "-m", "jacksonpd", "serve", "--root", str(REPO), "--no-build"], REPO)


def normalised(text: str) -> str:
    """A page less what differs between any two runs (timings, the CSRF token, the port)."""
    text = re.sub(r"127\.0\.0\.1:[0-9]+", "127.0.0.1", text)
    text = re.sub(r"Queries took [0-9.]+ms", "", text)
    text = re.sub(r'name="csrftoken" value="[^"]*"', "", text)
    return re.sub(r'"query_ms": [0-9.e-]+', "", text)


def test_readme_command_has_the_sites_settings() -> None:
    """The README's command sets what `jacksonpd serve` sets, each to the same value."""
    args = readme_command("datasette serve")
    assert setting_options(args) == {name: _as_option(value) for name, value in SETTINGS.items()}
    assert args[:3] == ["datasette", "serve", "--immutable"]


@pytest.mark.parametrize("path", PAGES)
def test_plain_datasette_serves_the_same_pages(plain: str, ours: str, path: str) -> None:
    """Every page reads the same from the README's command as from `jacksonpd serve`."""
    mine = httpx.get(f"{ours}{path}", timeout=10)
    theirs = httpx.get(f"{plain}{path}", timeout=10)
    assert mine.status_code == theirs.status_code == 200, path
    assert normalised(theirs.text) == normalised(mine.text), path


def test_plain_datasette_uses_the_sites_facets(tmp_path: Path) -> None:
    """The plugin's facets (reading the build's stored counts) serve a plain `datasette` too."""
    shutil.copytree(REPO / "datapackage", tmp_path / "datapackage")
    conn = sqlite3.connect(tmp_path / "datapackage" / "jacksonpd.db")
    with conn:
        conn.execute(f"update {FACET_COUNTS} set count = 999 where table_name = 'statements'")
    conn.close()
    args = readme_command("datasette serve")
    for url in start([str(DATASETTE), *args[1:]], tmp_path):
        # The guard came in through its entry point too: the debug pages are not served.
        assert httpx.get(f"{url}/-/plugins.json", timeout=10).status_code == 404
        page = httpx.get(f"{url}/jacksonpd/statements.json?_facet=kind&_size=0", timeout=10).json()
        assert {r["count"] for r in page["facet_results"]["kind"]["results"]} == {999}


def test_package_recipe_builds_an_image_that_serves_the_site(tmp_path: Path) -> None:
    """The README's `datasette package` recipe, with a stand-in for Docker that keeps the image's
    build folder: it holds the data, the wheel to install and a command with the site's options.
    (No Docker here: the image itself is not built.)"""
    args = readme_command("pip wheel")
    package = args[args.index("datasette") :]
    work = tmp_path / "work"
    shutil.copytree(REPO / "datapackage", work / "datapackage")
    (work / "dist").mkdir()
    wheel = work / "dist" / "jacksonpd-0.0.0-py3-none-any.whl"
    wheel.write_bytes(b"a stand-in for the wheel `pip wheel` builds")
    kept = tmp_path / "context"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    docker = bin_dir / "docker"
    docker.write_text(f'#!/bin/sh\ncp -r . "{kept}"\n', encoding="utf-8")
    docker.chmod(docker.stat().st_mode | stat.S_IXUSR)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{DATASETTE.parent}{os.pathsep}{os.environ['PATH']}"}
    # the shell expands the wheel's name, as it would for a reader
    command = " ".join(shlex.quote(a) if "$(" not in a else f'"{a}"' for a in package)
    subprocess.run(["sh", "-c", command], cwd=work, env=env, check=True, capture_output=True)
    dockerfile = (kept / "Dockerfile").read_text(encoding="utf-8")
    assert f"/app/wheel/{wheel.name}" in dockerfile
    assert (kept / "wheel" / wheel.name).read_bytes() == wheel.read_bytes()
    assert (kept / "jacksonpd.db").read_bytes() == (REPO / "datapackage/jacksonpd.db").read_bytes()
    assert (kept / "datapackage" / "data" / "statements.csv").is_file()
    cmd = shlex.split(dockerfile.split("CMD ", 1)[1].replace("$PORT", "8001"))
    assert cmd[:2] == ["datasette", "serve"]
    assert cmd[4:6] == ["-i", "jacksonpd.db"]
    assert "--metadata" in cmd
    assert "datapackage:datapackage" in cmd
    assert setting_options(cmd) == {name: _as_option(value) for name, value in SETTINGS.items()}
