"""The disk cache of parsed flows: plain JSON, reused only for the same bytes, path and code, never when in doubt."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from wizard import cache
from wizard.errors import WizardError
from wizard.flow.loaded import LoadedFlow
from wizard.flow.loader import _load_file

from .conftest import MINIMAL


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("WIZARD_CACHE_DIR", str(where))
    return where


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("flow-*.json"))


def copy_of_minimal(tmp_path: Path) -> Path:
    path = tmp_path / "flow.yaml"
    path.write_bytes(MINIMAL.read_bytes())
    return path


def test_a_second_load_reads_the_entry_and_gives_the_same_flow(folder: Path, tmp_path: Path) -> None:
    path = copy_of_minimal(tmp_path)
    first = _load_file(path)
    (entry,) = entries(folder)
    assert entry.stat().st_mode & 0o077 == 0 and folder.stat().st_mode & 0o077 == 0
    marked = json.loads(entry.read_text(encoding="utf-8"))
    marked["data"]["flow"]["title"] = "from the cache"
    entry.write_text(json.dumps(marked), encoding="utf-8")
    second = _load_file(path)
    assert second.model.flow.title == "from the cache"
    assert [q.id for q in second.questions] == [q.id for q in first.questions]

    def rules(flow: LoadedFlow) -> list[tuple[object, ...]]:
        return [(r.kind, r.owner, r.node, r.loc) for r in flow.rules]

    assert rules(second) == rules(first)


def test_an_edited_file_is_loaded_again_and_replaces_its_entry(folder: Path, tmp_path: Path) -> None:
    path = copy_of_minimal(tmp_path)
    _load_file(path)
    path.write_text(path.read_text(encoding="utf-8").replace('version: "1"', 'version: "1.1"', 1), encoding="utf-8")
    flow = _load_file(path)
    assert flow.model.flow.version == "1.1"
    assert len(entries(folder)) == 1


def test_errors_are_never_cached(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("flow: [", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(WizardError):
            _load_file(path)
    assert entries(folder) == []


def test_a_damaged_entry_is_rebuilt(folder: Path, tmp_path: Path) -> None:
    path = copy_of_minimal(tmp_path)
    _load_file(path)
    (entry,) = entries(folder)
    entry.write_bytes(b"not json")
    assert _load_file(path).id == _load_file(MINIMAL).id
    assert json.loads(entry.read_text(encoding="utf-8"))["data"]["flow"]["id"] == _load_file(MINIMAL).id
    entry.write_text(json.dumps({"data": {}, "lines": [1]}), encoding="utf-8")  # JSON, but not an entry
    assert _load_file(path).id == _load_file(MINIMAL).id


def plant(folder: Path, path: Path, field: str, value: str) -> Path:
    """Load `path` once to cache it, then change `flow.<field>` in its cache entry, as an attacker might."""
    _load_file(path)
    (entry,) = entries(folder)
    marked = json.loads(entry.read_text(encoding="utf-8"))
    marked["data"]["flow"][field] = value
    entry.write_text(json.dumps(marked), encoding="utf-8")
    return entry


def test_an_entry_others_can_write_is_never_read(folder: Path, tmp_path: Path) -> None:
    path = copy_of_minimal(tmp_path)
    entry = plant(folder, path, "title", "planted")
    os.chmod(entry, 0o666)
    assert _load_file(path).model.flow.title != "planted"


def test_turned_off_it_writes_nothing(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIZARD_CACHE", "0")
    assert cache.folder() is None
    _load_file(copy_of_minimal(tmp_path))
    assert not folder.exists()


def test_an_unwritable_folder_only_costs_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("WIZARD_CACHE_DIR", str(blocker / "cache"))
    assert _load_file(copy_of_minimal(tmp_path)).id == _load_file(MINIMAL).id


def test_a_cached_parse_is_still_validated(folder: Path, tmp_path: Path) -> None:
    path = copy_of_minimal(tmp_path)
    plant(folder, path, "id", "Not An Id")
    with pytest.raises(WizardError):
        _load_file(path)
