"""The built wheel carries the lexicons, and the installed package finds them."""

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [path] = out.glob("framing-*.whl")
    return path


def test_wheel_contains_lexicons_and_templates(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "framing/lexicons/abbreviations.toml" in names
    assert "framing/cli.py" in names
    assert "framing/report/templates/report.html.j2" in names
    assert not any(name.startswith("lexicons/") for name in names)


def test_installed_package_loads_lexicons_through_its_resources(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import framing, framing.lexicon as lx;"
        "root = lx.lexicon_root();"
        f"assert str(root).startswith({str(site)!r}), root;"
        "assert 'u.s' in lx.load_abbreviations();"
        "print(framing.__file__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(site)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(str(site))
