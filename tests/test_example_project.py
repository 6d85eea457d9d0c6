"""examples/integration is a user's project: installed into a fresh virtual environment next to b24local
and its own pytest run must pass using the ``b24local`` plugin fixture.

The install is offline (``--no-index --no-deps --no-build-isolation``), so the new environment needs the
dependencies and the build backend from somewhere: it sees the site-packages of the environment running
this test (through a ``.pth`` file), which ``pip install -e '.[test]'`` filled, including setuptools and
wheel from the ``test`` extra. It never sees the base Python's site-packages, whose contents differ from
machine to machine. b24local and the example themselves come only from the new environment's own
editable installs: the parent's ``.pth`` files are not read (a ``.pth`` line adds a folder to
``sys.path`` without processing the ``.pth`` files in it).
"""

from __future__ import annotations

import os
import site
import subprocess
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "integration"


def parent_site_dirs() -> list[str]:
    """Where this test's own environment keeps its packages (a venv's, or the interpreter's)."""
    dirs = [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()]
    if site.ENABLE_USER_SITE:
        dirs.append(site.getusersitepackages())
    return list(dict.fromkeys(d for d in dirs if os.path.isdir(d)))


def test_example_project_installs_and_passes(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    own_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(own_site) / "zz-parent-env.pth").write_text("\n".join(parent_site_dirs()) + "\n")

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER")}
    env["PIP_NO_INDEX"] = "1"
    # the venv has no pip of its own: the parent's pip, run by the venv's python, installs into the venv
    pip = [str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "-q"]
    done = subprocess.run(
        [*pip, "-e", str(ROOT), "-e", str(EXAMPLE)], capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path
    )
    assert done.returncode == 0, f"pip install failed:\n{done.stdout}\n{done.stderr}"
    installed = subprocess.run(
        [str(python), "-m", "pip", "list", "--path", own_site, "--format", "freeze"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert {"b24local", "deal-followup"} <= {line.split("==")[0] for line in installed.stdout.splitlines()}
    where = subprocess.run(
        [str(python), "-c", "import b24local, deal_followup; print(b24local.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=tmp_path,
    )
    assert where.stdout.strip().startswith(str(ROOT / "src")), where.stdout + where.stderr
    run = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 0, f"the example project's tests failed:\n{run.stdout}\n{run.stderr}"
    assert "3 passed" in run.stdout, run.stdout
