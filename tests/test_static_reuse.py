"""Static files (a site's attachments, the theme's assets) that the output already holds are taken as
they stand: a build after an edit compared every one of them with the output's copy, both read whole
(a county's gigabytes of PDFs, on every edit), and a build that replaces the output as a whole copied
them all again. The output stays a clean build's, byte for byte, whatever changed."""
from __future__ import annotations

import filecmp
import os
import shutil
import time

from conftest import tree_digest

ATTACHMENTS = ("content/files/a.pdf", "content/files/b.pdf", "static/notice.pdf")


def _settle() -> None:
    """Past the racy-clean window (sources.RACY_NS): files written just before a build are hashed
    again by the next one, never remembered, and so never taken as they stand."""
    time.sleep(0.3)


def _with_attachments(site) -> None:
    for n, rel in enumerate(ATTACHMENTS):
        site.write(rel, bytes([n]) * 200_000)
    _settle()


def _read(monkeypatch) -> list[str]:
    """The static sources each build compares with the output or copies (the real functions still run)."""
    seen: list[str] = []
    cmp, copyfile = filecmp.cmp, shutil.copyfile

    def compared(a, b, shallow=True):
        seen.append(os.fspath(a))
        return cmp(a, b, shallow)

    def copied(src, dst, *args, **kw):
        seen.append(os.fspath(src))
        return copyfile(src, dst, *args, **kw)

    monkeypatch.setattr(filecmp, "cmp", compared)
    monkeypatch.setattr(shutil, "copyfile", copied)
    return seen


def _clean(site) -> dict[str, str]:
    shutil.rmtree(site.path / "clean", ignore_errors=True)
    assert site.run("build", "--out", str(site.path / "clean"), "--no-search", "--no-cache").code == 0
    shutil.rmtree(site.path / ".gongkai-cache" / "clean")
    return tree_digest(site.path / "clean")


def test_an_edited_policy_reads_no_static_file(site, monkeypatch):
    _with_attachments(site)
    assert site.build("--no-search").code == 0
    assert site.build("--no-search").code == 0            # (the sources' hashes remembered, once settled)
    seen = _read(monkeypatch)
    site.replace("content/policies/valid.md", "\n\n", "\n\n新加的一段。\n\n")
    folder = site.out.stat().st_ino
    assert site.build("--no-search").code == 0
    assert site.out.stat().st_ino == folder                  # (updated where it stands)
    assert seen == []
    assert tree_digest(site.out) == _clean(site)


def test_a_whole_replacement_links_the_static_files_it_holds(site, monkeypatch):
    """A change to every page (here the site's title) replaces the output as a whole: its attachments
    are linked from the last output (the same inode), not copied."""
    _with_attachments(site)
    assert site.build("--no-search").code == 0
    assert site.build("--no-search").code == 0
    inodes = {rel: (site.out / rel.partition("/")[2]).stat().st_ino for rel in ATTACHMENTS}
    seen = _read(monkeypatch)
    toml = site.read("site.toml")
    site.write("site.toml", toml.replace('title = "', 'title = "新', 1))
    folder = site.out.stat().st_ino
    assert site.build("--no-search").code == 0
    assert site.out.stat().st_ino != folder                  # (a new folder)
    assert seen == []
    for rel, ino in inodes.items():
        copy = site.out / rel.partition("/")[2]
        assert copy.stat().st_ino == ino and copy.stat().st_nlink == 1
    assert tree_digest(site.out) == _clean(site)


def test_whatever_changed_the_output_is_a_clean_builds(site, tmp_path):
    """An attachment rewritten with its size and times put back; the output's copy edited by hand with
    its times put back; a theme asset overridden by the site's layouts/static/ and the override
    taken away again (the asset itself unchanged): each build's output is a clean build's."""
    _with_attachments(site)
    assert site.build("--no-search").code == 0
    assert site.build("--no-search").code == 0

    def edited_keeping_times(path, data: bytes) -> None:
        st = path.stat()
        path.write_bytes(data)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))

    def policy_edited(n: int) -> None:
        site.replace("content/policies/valid.md", "\n\n", f"\n\n第{n}次加的一段。\n\n")

    edited_keeping_times(site.file("content/files/a.pdf"), b"\x07" * 200_000)
    policy_edited(1)
    _settle()
    assert site.build("--no-search").code == 0
    assert tree_digest(site.out) == _clean(site)

    edited_keeping_times(site.out / "files/b.pdf", b"\x09" * 200_000)
    policy_edited(2)
    assert site.build("--no-search").code == 0
    assert (site.out / "files/b.pdf").read_bytes() == bytes([1]) * 200_000
    assert tree_digest(site.out) == _clean(site)

    asset = sorted(p for p in (site.out / "assets").rglob("*.css"))[0]
    override = site.file("layouts/static") / asset.relative_to(site.out / "assets")
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_bytes(asset.read_bytes() + b"\n/* the site's own */\n")
    _settle()
    assert site.build("--no-search").code == 0
    assert asset.read_bytes().endswith(b"/* the site's own */\n")
    assert site.build("--no-search").code == 0
    override.unlink()
    policy_edited(3)
    _settle()
    assert site.build("--no-search").code == 0
    assert not asset.read_bytes().endswith(b"/* the site's own */\n")
    assert tree_digest(site.out) == _clean(site)


def test_a_copy_edited_by_hand_is_put_back_in_a_process_that_compared_it_before(site):
    """filecmp remembers its answers by size and modification time: in one process (serve's) a copy
    compared once and then edited in the output with both kept was still taken for the source's."""
    site.write("content/files/a.pdf", b"\x01" * 200_000)      # (not settled: compared, not taken as it stands)
    assert site.build("--no-search").code == 0
    site.replace("content/policies/valid.md", "\n\n", "\n\n第一次加的一段。\n\n")
    assert site.build("--no-search").code == 0
    copy = site.out / "files/a.pdf"
    st = copy.stat()
    copy.write_bytes(b"\x02" * 200_000)
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns))
    site.replace("content/policies/valid.md", "\n\n", "\n\n第二次加的一段。\n\n")
    assert site.build("--no-search").code == 0
    assert copy.read_bytes() == b"\x01" * 200_000


def test_an_output_file_edited_while_the_output_is_replaced_is_written_again(site, monkeypatch):
    """A whole replacement links the files the output holds as they were when the build began; one
    edited by hand after that (here just before the swap: the output's attachment and a theme asset,
    each keeping its size) was recorded as the build's own, and no later build put it back."""
    from gongkai import output
    _with_attachments(site)
    assert site.build("--no-search").code == 0
    assert site.build("--no-search").code == 0
    asset = sorted((site.out / "assets").rglob("*.css"))[0]
    swap = output._swap

    def edited_first(fresh, out):
        for path in (out / "files/a.pdf", asset):
            with open(path, "r+b") as f:
                f.write(b"X")
        swap(fresh, out)

    monkeypatch.setattr(output, "_swap", edited_first)
    toml = site.read("site.toml")
    site.write("site.toml", toml.replace('title = "', 'title = "新', 1))
    assert site.build("--no-search").code == 0
    monkeypatch.setattr(output, "_swap", swap)
    assert site.build("--no-search").code == 0
    assert tree_digest(site.out) == _clean(site)


def test_a_folder_made_read_only_in_the_output_is_removed_with_the_old_output(site, tmp_path):
    """A whole replacement removes the old output after the swap; a folder of it made read-only by hand
    (chmod 555: files cannot be removed from it) stayed beside the new output, each of its files
    hard-linked from there into the new one (two links, for good). Run as a user whom permissions
    bind (root without its override powers)."""
    import subprocess
    import sys
    from conftest import ROOT, TODAY
    _with_attachments(site)
    drop = (["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
            if os.geteuid() == 0 and shutil.which("setpriv") else [])

    def build():
        done = subprocess.run([*drop, sys.executable, str(ROOT / "build.py"), "build", "--site", str(site.path),
                               "--today", TODAY, "--no-search"], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr

    build()
    build()
    (site.out / "files").chmod(0o555)
    toml = site.read("site.toml")
    site.write("site.toml", toml.replace('title = "', 'title = "新', 1))
    build()
    assert sorted(p.name for p in site.out.parent.iterdir() if p.name.startswith(".public.")) == []
    assert all(p.stat().st_nlink == 1 for p in site.out.rglob("*") if p.is_file())
    (site.out / "files").chmod(0o755)
    build()
    assert tree_digest(site.out) == _clean(site)
