import pytest

from cdisc_convert.io.atomic import atomic_path, staged_dir


def test_failed_write_leaves_nothing(tmp_path):
    target = tmp_path / "a.txt"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError
    assert list(tmp_path.iterdir()) == []


def test_staged_dir_replaces_whole_folder_only_on_success(tmp_path):
    out = tmp_path / "sdtm"
    out.mkdir()
    (out / "old.xpt").write_text("old")
    with pytest.raises(RuntimeError), staged_dir(out) as stage:
        (stage / "new.xpt").write_text("new")
        raise RuntimeError
    assert [p.name for p in tmp_path.iterdir()] == ["sdtm"]
    assert [p.name for p in out.iterdir()] == ["old.xpt"]
    with staged_dir(out) as stage:
        (stage / "new.xpt").write_text("new")
    assert [p.name for p in out.iterdir()] == ["new.xpt"]
    assert [p.name for p in tmp_path.iterdir()] == ["sdtm"]
