"""`leadsift --help` builds every command; none of them may load the application layer's
heavy libraries (or the database layer) until it runs."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "numpy", "sklearn", "splink", "lightgbm", "pyarrow", "sqlalchemy")


def test_building_the_cli_loads_no_heavy_module() -> None:
    code = (
        "import json, sys\n"
        "from leadsift.cli.main import build_app\n"
        "import typer\n"
        "typer.main.get_command(build_app())\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(done.stdout) == []
