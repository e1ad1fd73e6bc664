"""Review before publication: personal data, classification markings, unsafe HTML, media."""
from __future__ import annotations

import datetime as dt

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.checks.review import LABEL_WORDS, MARKING_HINT, SECRET, find_markings, find_personal_data, luhn, valid_resident_id

G = "content/guide.md"
TODAY = dt.date(2025, 6, 1)


def only(r, code):
    found = r.find(code)
    assert found, f"{code} not raised; got {r.diagnostics}"
    return found


def add_line(site, text):
    site.write(G, site.read(G) + "\n" + text + "\n")
    return site.line_of(G, text.split("\n")[0])


# A valid ID number built for tests: region 110105, born 1949-12-31, sequence 001, check digit computed.
def make_id(body17="11010519491231001"):
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body17 + "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights)) % 11]


VALID_ID = make_id()
CARD = "6222021234567890128"   # Luhn-valid UnionPay-like number


def test_detectors():
    assert valid_resident_id(VALID_ID, TODAY)
    wrong = VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1")
    assert not valid_resident_id(wrong, TODAY)
    assert not valid_resident_id(make_id("11010519491332001"), TODAY), "no 13th month"
    assert luhn(CARD) and not luhn(CARD[:-1] + "9")
    kinds = [k for k, _, _ in find_personal_data(f"电话 13812345678, 身份证 {VALID_ID}, 卡号 {CARD}", TODAY)]
    assert sorted(kinds) == ["居民身份证号码", "手机号码", "银行卡号"]
    assert list(find_personal_data("索引号 11519999MB1234567X/2026-00012, 电话 0812-1234567, 金额 1234567890 元", TODAY)) == []
    assert [v for _, v, _ in find_personal_data("卡号 6222021234567894 12月", TODAY)] == ["6222021234567894"], \
        "the card ends where its check digit says, not at the next number"


@pytest.mark.parametrize("text", [
    "机密★1年", "秘密★", "绝密 ★长期", "（内部资料）", "【内部文件】", "内部资料 注意保存", "密级: 秘密",
    "## 秘密", "注意保密", "(机密)", "**内部使用**", "（此件不公开）", "此件不公开",
])
def test_markings_found(text):
    assert find_markings(text), text


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["绝", "机", "秘", "密", "★", "内", "部", "资料", "外传", "注意保", "级", "：", "(", ")", "【",
                                 "】", "〔", "〕", " ", "#", "*", "1", "年", "长期", "公开", "不得", "严禁", "仅供", "使用", "外", "传"]),
                max_size=12).map("".join))
def test_a_line_without_the_hint_never_carries_a_marking(text):
    for word in (*LABEL_WORDS, *SECRET.split("|")):      # each word standing as a label is one, and holds the hint
        assert find_markings(f"【{word}】") and MARKING_HINT.search(word), word
    """markings() tries only lines with 密, 内部 or 外传 (MARKING_HINT): no marking is missed by that."""
    if MARKING_HINT.search(text) is None:
        assert find_markings(text) is None, text


@pytest.mark.parametrize("text", [
    "不得泄露国家秘密、商业秘密和个人隐私。", "开展保密审查, 严格依法不得公开的信息的管理。",
    "加强内部资料的规范管理, 不得擅自印发。", "《内部审计工作规定》", "机密性要求较高的数据应当加密存储。",
    "建立健全内部控制制度。", "依法不予公开的政府信息, 应当告知申请人并说明理由。",
])
def test_prose_passes(text):
    assert find_markings(text) is None, text


@pytest.mark.parametrize("text,kind", [
    ("联系人手机: 13912345678", "手机号码"),
    (f"申请人身份证号 {VALID_ID}", "居民身份证号码"),
    (f"收款账号 {CARD}", "银行卡号"),
    ("联系电话: 139 1234 5678", "手机号码"),
    # typed with a Chinese input method, or in the groups people read them in
    ("联系人手机: １３９１２３４５６７８", "手机号码"),
    (f"身份证号 {VALID_ID.translate({ord(c): 0xFF10 + int(c) for c in '0123456789'})}", "居民身份证号码"),
    (f"身份证号 {VALID_ID[:6]} {VALID_ID[6:14]} {VALID_ID[14:]}", "居民身份证号码"),
    (f"收款账号 {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]}", "银行卡号"),
])
def test_personal_data(site, text, kind):
    line = add_line(site, text)
    r = site.run("check")
    [d] = only(r, "personal-data")
    assert d["file"] == G and d["line"] == line and kind in d["message"]
    digits = "".join(c for c in text if c.isdigit())
    assert digits not in d["message"].replace(" ", ""), "the message must not repeat the number"
    assert r.code == 1


def test_personal_data_allowed_with_reason(site):
    add_line(site, "政务服务热线: 13912345678")
    site.replace(G, "title: 政府信息公开指南", "title: 政府信息公开指南\nallow_personal_data:\n"
                 "  - value: \"13912345678\"\n    reason: 县政务服务中心对外公布的服务热线")
    assert "personal-data" not in site.run("check").codes()


def test_personal_data_in_drafts_is_not_a_publication(site):
    site.write("content/d.md", "---\ntype: page\ntitle: 草稿\ndraft: true\n---\n手机 13912345678\n")
    assert "personal-data" not in site.run("check").codes()


@pytest.mark.parametrize("text", ["机密★1年", "（内部资料）", "密级：秘密"])
def test_confidential_marking(site, text):
    line = add_line(site, text)
    r = site.run("check")
    [d] = only(r, "confidential-marking")
    assert d["file"] == G and d["line"] == line
    assert r.code == 1


def test_confidential_marking_in_title(site):
    site.replace(G, "title: 政府信息公开指南", "title: 政府信息公开指南 (内部资料)")
    [d] = only(site.run("check"), "confidential-marking")
    assert d["line"] == 3


def test_prose_about_secrets_passes(site):
    add_line(site, "公开前须进行保密审查, 不得公开涉及国家秘密、商业秘密的信息, 依法不得公开的信息除外。")
    assert site.run("check").diagnostics == []


@pytest.mark.parametrize("html", [
    "<script>alert(1)</script>",
    '<p onclick="steal()">点我</p>',
    '<a href="javascript:alert(1)">链接</a>',
    '<iframe src="https://video.example.com/embed/1" title="视频"></iframe>',
])
def test_html_unsafe(site, html):
    line = add_line(site, html)
    r = site.run("check")
    found = only(r, "html-unsafe")
    assert all(d["file"] == G for d in found) and found[0]["line"] == line
    assert r.code == 1


def test_code_blocks_are_not_unsafe_html(site):
    add_line(site, "```\n<script>alert(1)</script>\n```")
    assert "html-unsafe" not in site.run("check").codes()


def test_video_without_captions(site):
    site.write("content/files/v.mp4", b"\x00")
    line = add_line(site, '<video controls src="files/v.mp4"></video>')
    [d] = only(site.run("check"), "media-captions-missing")
    assert d["line"] == line


def test_video_with_captions_passes(site):
    site.write("content/files/v.mp4", b"\x00")
    site.write("content/files/v.vtt", "WEBVTT\n")
    add_line(site, '<video controls src="files/v.mp4"><track kind="captions" srclang="zh" src="files/v.vtt"></video>')
    assert site.run("check").diagnostics == []


def test_audio_needs_a_transcript(site):
    site.write("content/files/a.mp3", b"\x00")
    add_line(site, '<audio controls src="files/a.mp3"></audio>')
    assert only(site.run("check"), "media-captions-missing")
    add_line(site, "## 文字稿\n\n各位听众, 今天为大家解读……")
    assert "media-captions-missing" not in site.run("check").codes()
