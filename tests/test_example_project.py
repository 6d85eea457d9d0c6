"""examples/integration is a user's project: installed into a fresh virtual environment next to b24local
(``pip install --no-deps -e <repo> -e examples/integration``, no network: dependencies come from the
system site-packages), and its own pytest run must pass using the ``b24local`` plugin fixture."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "integration"


def test_example_project_installs_and_passes(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER")}
    env["PIP_NO_INDEX"] = "1"
    # the venv has no pip of its own: the system's pip, run by the venv's python, installs into the venv
    pip = [str(python), "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "-q"]
    done = subprocess.run([*pip, "-e", str(ROOT), "-e", str(EXAMPLE)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, f"pip install failed:\n{done.stdout}\n{done.stderr}"
    where = subprocess.run([str(python), "-c", "import b24local, deal_followup; print(b24local.__file__)"],
                           capture_output=True, text=True, env=env, timeout=60)
    assert where.stdout.strip().startswith(str(ROOT / "src")), where.stdout + where.stderr
    run = subprocess.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"],
                         cwd=EXAMPLE, capture_output=True, text=True, env=env, timeout=300)
    assert run.returncode == 0, f"the example project's tests failed:\n{run.stdout}\n{run.stderr}"
    assert "3 passed" in run.stdout, run.stdout
