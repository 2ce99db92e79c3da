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


def test_stale_staging_folders_of_a_killed_run_are_removed_live_ones_kept(tmp_path):
    import os

    from cdisc_convert.io.atomic import OWNER, staged_dir
    dead, live = tmp_path / ".sdtm.dead1", tmp_path / ".sdtm.live1"
    for folder, pid in ((dead, 2 ** 22 + 12345), (live, os.getpid())):
        folder.mkdir()
        (folder / OWNER).write_text(str(pid))
    with staged_dir(tmp_path / "sdtm") as stage:
        (stage / "dm.xpt").write_bytes(b"x")
    assert not dead.exists() and live.exists() and (tmp_path / "sdtm" / "dm.xpt").is_file()
    assert not (tmp_path / "sdtm" / OWNER).exists()


def test_out_that_is_a_regular_file_is_one_message(tmp_path):
    from cdisc_convert.cli import main
    from tests.conftest import RAW, SPECS
    out = tmp_path / "out"
    out.write_text("not a folder")
    with pytest.raises(SystemExit) as exit_:
        main(["sdtm", "--specs", str(SPECS), "--raw", str(RAW), "--out", str(out), "-q"])
    assert exit_.value.code == 1


def test_a_file_size_limit_mid_write_fails_cleanly_and_keeps_the_old_output(tmp_path,
                                                                              sample_run):
    """A capped file size (as a full disk would) is one message naming the file, exit 1;
    the previous OUT/sdtm stays as it was."""
    import resource
    import shutil
    import subprocess
    import sys

    from tests.conftest import RAW, SPECS
    out = tmp_path / "out"
    shutil.copytree(sample_run / "sdtm", out / "sdtm")
    before = {p.name: p.read_bytes() for p in (out / "sdtm").iterdir()}

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))
    res = subprocess.run([sys.executable, "-m", "cdisc_convert.cli", "sdtm", "--specs",
                          str(SPECS), "--raw", str(RAW), "--out", str(out), "-q"],
                         capture_output=True, text=True, preexec_fn=cap)
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr and "lb.xpt" in res.stderr
    assert "cannot write" in res.stderr or "size limit" in res.stderr
    assert {p.name: p.read_bytes() for p in (out / "sdtm").iterdir()} == before
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
