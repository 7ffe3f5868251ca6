"""The small demo workspace, made once through the Python API and shared by the demo tests
(each demo run costs seconds: every test that only reads it uses this one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadsift.demo.run import DemoOutcome, run_demo


@pytest.fixture(scope="session")
def demo_outcome(tmp_path_factory: pytest.TempPathFactory) -> DemoOutcome:
    return run_demo(tmp_path_factory.mktemp("demo") / "ws", size="small", seed=7)


@pytest.fixture(scope="session")
def demo_dir(demo_outcome: DemoOutcome) -> Path:
    return demo_outcome.workspace.root
