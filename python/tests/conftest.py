"""Shared fixtures: the package from the source tree, the modisim binary (MODISIM_BIN, set by ctest),
and a scratch directory under the build tree (MODISIM_TEST_TMP, set by ctest) removed afterwards."""
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

PYTHON_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SOURCE_DIR = os.path.abspath(os.path.join(PYTHON_DIR, ".."))
sys.path.insert(0, PYTHON_DIR)


@pytest.fixture(scope="session")
def modisim_bin():
    path = os.environ.get("MODISIM_BIN")
    if not path:
        pytest.skip("MODISIM_BIN is not set (ctest sets it to build/modisim)")
    return path


@pytest.fixture(scope="session")
def scratch():
    base = os.environ.get("MODISIM_TEST_TMP")
    if base:
        os.makedirs(base, exist_ok=True)
    path = tempfile.mkdtemp(prefix="pytest-results-", dir=base)
    yield path
    shutil.rmtree(path)


def run_modisim(modisim_bin, *args):
    """Runs the binary; fails the test with its stderr unless it exits 0."""
    done = subprocess.run([modisim_bin, *args], capture_output=True, text=True, cwd=SOURCE_DIR)
    assert done.returncode == 0, f"modisim {' '.join(args)} exited {done.returncode}: {done.stderr}"
    return done
