"""Signed checkpoints of the chain's end, written outside the database."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from atis.audit import services
from atis.audit.models import AuditEntry
from atis.config import FieldKey


@pytest.fixture
def chain(db):
    for n in range(3):
        services.record("tester", "test.event", None, n=n)
    services.seal()


def _files(directory):
    return sorted(directory.glob("*.json"))


def test_checkpoint_writes_a_signed_file_prints_a_witness_line_and_is_audited(
        chain, checkpoint_dir, capsys):
    end = AuditEntry.objects.order_by("-seq").first()
    call_command("audit", "checkpoint")
    out = capsys.readouterr().out.strip().splitlines()
    [path] = _files(checkpoint_dir)
    data = json.loads(path.read_text())
    assert data["seq"] == end.seq and data["hash"] == end.hash and data["key_id"] == "ktaudit1"
    assert path.name.startswith(f"{end.seq:012d}-")
    assert out == [f"atis-audit-checkpoint seq={end.seq} hash={end.hash} at={data['at']} "
                   f"key=ktaudit1 signature={data['signature']}"]
    services.seal()
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == "audit.checkpoint" and entry.seq == end.seq + 1
    assert entry.details == {"checkpoint_seq": end.seq, "file": path.name}
    call_command("audit", "checkpoint")
    assert len(_files(checkpoint_dir)) == 2  # a new file each time
    result = services.verify()
    assert result.ok and result.checkpoints == 2


def test_a_checkpoint_file_is_never_overwritten(chain, checkpoint_dir):
    services.checkpoint()
    [path] = _files(checkpoint_dir)
    before = path.read_text()
    with pytest.raises(services.CheckpointError, match="already exists"):
        services._write_new(path, "{}")
    assert path.read_text() == before
    assert [p.name for p in checkpoint_dir.iterdir()] == [path.name]  # no temporary left


@pytest.mark.parametrize("change", [
    {"seq": 1}, {"hash": "f" * 64}, {"at": "2020-01-01T00:00:00Z"}, {"signature": "0" * 64},
    {"signature": "žž"}])
def test_a_forged_checkpoint_is_reported(chain, checkpoint_dir, change):
    services.checkpoint()
    [path] = _files(checkpoint_dir)
    path.write_text(json.dumps({**json.loads(path.read_text()), **change}))
    result = services.verify()
    assert not result.ok and f"checkpoint {path.name} has a bad signature" in result.problem
    with pytest.raises(CommandError, match="^audit verification failed: checkpoint .* bad "
                                           "signature") as exc:
        call_command("audit", "verify")
    assert exc.value.returncode == 1


def test_a_checkpoint_under_an_unknown_key_or_unreadable_is_reported(
        chain, checkpoint_dir, settings):
    services.checkpoint()
    configured = list(settings.AUDIT_KEYS)
    settings.AUDIT_KEYS = [FieldKey("kother", b"x" * 32), *configured]
    assert services.verify().ok  # signed by a key still configured
    settings.AUDIT_KEYS = settings.AUDIT_KEYS[:1]
    assert services.verify().problem.endswith("is signed with key 'ktaudit1', which is not "
                                              "in ATIS_AUDIT_KEYS")
    settings.AUDIT_KEYS = configured
    (checkpoint_dir / "junk.json").write_text("not json")
    assert services.verify().problem == "checkpoint junk.json is not a readable checkpoint"


def test_checkpoints_from_another_directory(chain, tmp_path, checkpoint_dir, capsys):
    shipped = tmp_path / "shipped"
    call_command("audit", "checkpoint", "--checkpoints", str(shipped))
    assert len(_files(shipped)) == 1 and not _files(checkpoint_dir)
    call_command("audit", "verify", "--checkpoints", str(shipped))
    assert "1 checkpoints matched" in capsys.readouterr().out
    call_command("audit", "verify")
    assert "0 checkpoints matched" in capsys.readouterr().out


def test_no_checkpoint_vouches_for_a_broken_chain(chain, checkpoint_dir):
    from atis.audit.tests.tampering import triggers_disabled

    with triggers_disabled():
        AuditEntry.objects.filter(seq=2).update(reason="forged")
    with pytest.raises(CommandError, match="no checkpoint taken: entry 2 was altered"):
        call_command("audit", "checkpoint")
    assert not _files(checkpoint_dir)
