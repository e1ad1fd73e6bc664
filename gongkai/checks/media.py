"""Media for every citizen: images carry alt text (替代文本), video has captions, audio a transcript."""
from __future__ import annotations

import re

from ..diagnostics import make
from ..documents import Document
from ..site import Site


def check_alt_text(site: Site, d: Document):
    for src, alt, line in d.images:
        if not (alt or "").strip():
            shown = f"图片 '{src}'" if src else "这张图片"
            yield make("media-alt-missing", d.file, line,
                       f"{shown}没有替代文本: 请写成 ![图片内容的文字说明]({src or '图片路径'}), "
                       "或在 <img> 中加上 alt=\"图片内容的文字说明\", 供读屏软件朗读")


VIDEO_RE = re.compile(r"<video\b.*?</video>", re.S | re.I)
CAPTIONS_RE = re.compile(r"<track\b[^>]*\bkind=\"(?:captions|subtitles)\"", re.I)
AUDIO_RE = re.compile(r"<audio\b", re.I)
# an audio's transcript: a section or summary after it whose text names it as such
TRANSCRIPT_WORDS = ("文字稿", "文字实录", "文字版", "文本稿", "录音整理")


def check_captions(site: Site, d: Document):
    for m in VIDEO_RE.finditer(d.html):
        if not CAPTIONS_RE.search(m.group(0)):
            yield make("media-captions-missing", d.file, d.body_line("<video", fold_case=True),
                       "视频没有字幕: 请在 <video> 中加入 <track kind=\"captions\" srclang=\"zh\" src=\"字幕.vtt\">")
    last_transcript = max(d.html.rfind(w) for w in TRANSCRIPT_WORDS)
    for m in AUDIO_RE.finditer(d.html):
        if last_transcript < m.end():
            yield make("media-captions-missing", d.file, d.body_line("<audio", fold_case=True),
                       "音频没有文字稿: 请在音频之后加一节 '文字稿', 写出音频的全部内容, 供听障人士阅读")


CHECKS = ()
DOCUMENT_CHECKS = (check_alt_text, check_captions)        # of every document (see checks.run_all)
