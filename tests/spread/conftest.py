"""Every spread test caches graphs in its own folder, never the user's."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _graph_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADSIFT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
