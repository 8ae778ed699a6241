import math

import pytest


@pytest.fixture(autouse=True)
def checkpoint_dir(settings, tmp_path):
    """Each test has its own, empty checkpoint directory."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return settings.AUDIT_CHECKPOINT_DIR


@pytest.fixture(autouse=True)
def production_sealing(settings, monkeypatch):
    """The audit tests seal as production does: inline on SQLite; on PostgreSQL after
    commit (never, inside a test's transaction) and at the start of verify/checkpoint.
    Each test starts as a process that has not sealed yet."""
    from atis.audit import services

    settings.AUDIT_SEAL_INLINE = None
    monkeypatch.setattr(services, "_last_seal", -math.inf)
