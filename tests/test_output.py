"""Safe, reproducible output: a failed build loses nothing; two builds are byte-identical."""
from __future__ import annotations

import json

import shutil

from conftest import tree_digest


def test_previous_output_survives_a_content_error(site):
    assert site.build().code == 0
    before = tree_digest(site.out)
    assert "pagefind/pagefind.js" in before
    site.replace("content/interpretations/valid.md", "published: 2025-03-05", "published: 2025-03-09")
    site.write("content/new.md", "---\ntype: page\ntitle: 新页面\n---\n正文\n")
    r = site.build()
    assert r.code == 1
    assert tree_digest(site.out) == before
    assert sorted(p.name for p in site.out.parent.iterdir() if p.name.startswith(".public")) == []


def test_previous_output_survives_bad_site_toml(site):
    assert site.build("--no-search").code == 0
    before = tree_digest(site.out)
    site.write("site.toml", site.read("site.toml").replace('base_url = "https://www.example.gov.cn/zwgk/"', ""))
    r = site.build("--no-search")
    assert r.code == 2
    assert any(d["file"] == "site.toml" and "base_url" in d["message"] for d in r.diagnostics)
    assert tree_digest(site.out) == before


def test_stale_files_disappear_on_rebuild(site):
    assert site.build("--no-search").code == 0
    (site.out / "leftover.txt").write_text("x")
    site.write("content/extra.md", "---\ntype: page\ntitle: 临时页面\n---\n正文\n")
    assert site.build("--no-search").code == 0
    assert (site.out / "extra/index.html").is_file()
    site.file("content/extra.md").unlink()
    assert site.build("--no-search").code == 0
    assert not (site.out / "extra").exists() and not (site.out / "leftover.txt").exists()


def test_two_builds_are_byte_identical_with_search(site, tmp_path):
    assert site.build().code == 0
    first = tree_digest(site.out)
    shutil.rmtree(site.out)
    assert site.build().code == 0
    assert tree_digest(site.out) == first


def test_copied_site_builds_identically(site, tmp_path):
    """Same input in another folder and another file order on disk: same bytes."""
    assert site.build("--no-search").code == 0
    other = tmp_path / "other"
    shutil.copytree(site.path, other, ignore=shutil.ignore_patterns("public"))
    from conftest import SiteDir
    second = SiteDir(other)
    assert second.build("--no-search").code == 0
    assert tree_digest(second.out) == tree_digest(site.out)


def test_search_index_is_built_with_the_extended_binary_as_a_substring_index(site):
    from gongkai.pagefind import pagefind_executable
    from gongkai.searchtext import LANGUAGE
    assert "extended" in pagefind_executable().name
    assert site.build().code == 0
    entry = json.loads((site.out / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == [LANGUAGE], "one index that neither Pagefind nor the browser cuts into words"
    assert list((site.out / "pagefind").glob("pagefind.*.pf_meta")) or list((site.out / "pagefind/index").iterdir())


def test_a_page_written_into_the_new_folder_before_the_copies_still_wins_a_clash(tmp_path):
    """write_site copies files before it writes pages, so that a generated page wins a clash with a
    copied file; a page the renderer wrote into the new folder already (WRITTEN) must win too."""
    from gongkai.output import WRITTEN, new_folder, write_site
    source = tmp_path / "copied.txt"
    source.write_bytes(b"copied")
    out = tmp_path / "public"
    with new_folder(out) as fresh:
        assert fresh is not None and fresh.parent == tmp_path and fresh.name.startswith(".public.new-")
        (fresh / "feed.xml").write_bytes(b"generated")
        write_site(out, {"feed.xml": WRITTEN, "a/index.html": b"page"}, {"feed.xml": source, "robots.txt": source},
                   fresh=fresh)
    assert (out / "feed.xml").read_bytes() == b"generated"
    assert (out / "robots.txt").read_bytes() == b"copied" and (out / "a/index.html").read_bytes() == b"page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copied.txt", "public"]
    with new_folder(out) as fresh:          # Gongkai's output now: write_site may update it in place
        assert fresh is None


def test_the_manifest_of_a_new_output_is_what_a_walk_of_it_finds(tmp_path):
    """write_site tells the output's tree_stats (the cache's manifest) of a new folder from the paths
    it wrote, without listing every folder: the same as a walk, search bundles and marker included."""
    from gongkai.output import WRITTEN, new_folder, write_site
    from gongkai.update import tree_stats
    source = tmp_path / "copied.txt"
    source.write_bytes(b"copied")

    def index(fresh):
        (fresh / "pagefind/fragment").mkdir(parents=True)
        (fresh / "pagefind/fragment/a.pf").write_bytes(b"x" * 7)
        (fresh / "pagefind-s2").mkdir()
        (fresh / "pagefind-entry.json").write_text("{}")
    files = {"index.html": b"home", "policies/a/index.html": b"a", "policies/a/b/index.html": b"ab", "feed.xml": b"f"}
    for early in (False, True):
        out = tmp_path / f"public-{early}"
        with new_folder(out, index) as fresh:
            if early:
                (fresh / "policies/a").mkdir(parents=True)
                (fresh / "policies/a/index.html").write_bytes(b"a")
            given = {**files, "policies/a/index.html": WRITTEN} if early else dict(files)
            told = write_site(out, given, {"files/x.pdf": source, "robots.txt": source}, finish=index,
                              fresh=fresh if early else None)
        assert told == tree_stats(out) and "pagefind/fragment/a.pf" in told and ".gongkai-output" in told
        assert told["policies/a/b"][0] == told["pagefind-s2"][0] < 0 and told["robots.txt"][0] == 6
