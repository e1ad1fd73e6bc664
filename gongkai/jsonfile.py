"""JSON of the build cache: its values (through orjson), and its files read leniently (anything
unreadable is None) and written atomically.

orjson reads back an edited site's 50,000 facts in a quarter of the stdlib's time (0.50 s →
0.12 s on the benchmark corpus) and writes its state in a tenth. What orjson refuses goes to the
stdlib's json, which reads and writes it as before: NaN in a text, a lone surrogate (a file name
that is no text), an integer past 64 bits, a key that is no string, nesting past 1,024 levels,
a date or a str subclass (orjson's options make it refuse those). orjson reads an integer past
64 bits as a float (past 18446744073709551615, or below -9223372036854775808): a text with a run of
20 digits or more, or of 19 after a minus sign, is read by json (found by translate, not by a
regular expression, which took 1.1 s over the 73 MB of stored bodies). A time in nanoseconds has 19
digits: the build state's 40,000 of them are read by orjson."""
from __future__ import annotations

import json
import os
from pathlib import Path

import orjson

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS
# a str subclass (Markup) is written as text, as json writes it
_SORTED = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_SORT_KEYS
# a digit → 0, a letter → a, a minus sign stays, the rest → space
_DIGITS = bytes(0x30 if 0x30 <= b <= 0x39 else 0x61 if chr(b).isascii() and chr(b).isalpha() else
                b if b == 0x2D else 0x20 for b in range(256))
_LONG = b"0" * 19                           # an integer that may not fit 64 bits (or digits in a text)


def loads(data: bytes | str):
    """json.loads(data), faster."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    digits = raw.translate(_DIGITS)
    if _LONG in digits and _long_number(digits):       # (the test in C first: most texts have no run of 19)
        return json.loads(data)
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


def _long_number(digits: bytes) -> bool:
    """digits (a text translated by _DIGITS) holds a run of 20 digits or more, or of 19 after a minus
    sign, with no letter on either side (a hash's digits are no number). The runs of 19 that a time in
    nanoseconds has are passed over by find, in C."""
    for needle in (_LONG + b"0", b"-" + _LONG):
        at = digits.find(needle)
        while at >= 0:
            run = at + (needle[0] == 0x2D)
            end = run + len(_LONG)
            while digits[end:end + 1] == b"0":
                end += 1
            if b"a" not in (digits[run - 1:run] if run else b"", digits[end:end + 1]):
                return True
            at = digits.find(needle, end)
    return False


def dumps(value) -> bytes:
    """Compact JSON in UTF-8, as json.dumps(value, ensure_ascii=False, separators=(",", ":")) writes
    it, or in ASCII escapes when the value holds a lone surrogate. A float that is not a number
    (NaN, infinity) is written as null, not as json's NaN: a caller whose values may hold floats
    checks that what it stores reads back as the value (memo.keep). Values of kilobytes kept until
    the cache is written (bodies) are not encoded here but when they are written (Store.put_later):
    orjson's growing buffers, even copied to bytes of their size, left holes that cost 20,000
    bodies 60 MB more when kept."""
    try:
        # copied: orjson's own bytes keep the capacity they grew to (3.4 times the JSON)
        return bytes(memoryview(orjson.dumps(value, option=_OPTIONS)))
    except orjson.JSONEncodeError:
        pass
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value, separators=(",", ":")).encode("ascii")


def sorted_dumps(value, default) -> bytes:
    """json.dumps(value, sort_keys=True, default=default, ensure_ascii=False, separators=(",", ":")) in
    UTF-8 (surrogates passed), for a hash (pagekeys.context_key): the same bytes, in a third of the time
    where orjson writes them (a date or a dataclass goes to default, as in json; a str subclass is
    text), but for a float, which orjson may spell otherwise (0.00006103515625, not 6.103515625e-05):
    one float is always spelt one way, and reads back as itself.
    default's exception is json's: TypeError or its own. A float that is not a number would be
    written as null: only for values that hold none (a page's context: front matter's numbers are
    made text by validation)."""
    try:
        return orjson.dumps(value, default=default, option=_SORTED)
    except orjson.JSONEncodeError:        # (default's own exception, a surrogate, a key that is no text)
        return json.dumps(value, sort_keys=True, default=default, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8", "surrogatepass")


def read_json(path: Path, lean: bool = False):
    """The value of a JSON file (None: unreadable). lean: through the stdlib's json, as fast for a dict
    of short texts, whose peak is the value's own size (orjson's parser holds about 14 bytes for a
    byte of the file meanwhile: 45 MB for a file of 3 MB)."""
    try:
        return json.loads(path.read_bytes()) if lean else loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None


def write_json(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    tmp.write_bytes(dumps(value))
    os.replace(tmp, path)
