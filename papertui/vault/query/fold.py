"""Text folded for matching that forgives separators, and Chinese read as pinyin.

``zipnerf`` should find "Zip-NeRF", ``vqvae`` "VQ-VAE" and ``ksmx`` or
``kuosan`` "扩散模型": the query and the text are compared with the spaces that
punctuation became folded away, and Chinese characters are also read as their
pinyin initials and as full pinyin (pypinyin's readings, computed once per
character, then applied with ``str.translate``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def fold(text: str) -> str:
    """``text`` (already normalised) without its spaces: ``" zip nerf "`` -> ``"zipnerf"``."""
    return text.replace(" ", "")


def has_cjk(text: str) -> bool:
    """True when ``text`` holds a Chinese character."""
    return not text.isascii() and _CJK.search(text) is not None


class _Readings(dict[int, str]):
    """Code point -> a reading of it, looked up on first use (``str.translate`` asks)."""

    def __init__(self, initials: bool) -> None:
        super().__init__()
        self._initials = initials

    def __missing__(self, code: int) -> str:
        reading = _reading(code)
        value = (reading[:1] if self._initials else reading) if reading else chr(code)
        self[code] = value
        return value


@lru_cache(maxsize=1)
def _pinyin_dict() -> dict[int, str]:
    from pypinyin.pinyin_dict import pinyin_dict  # lazy: a large table, loaded on first use

    return pinyin_dict


def _reading(code: int) -> str:
    """The first (most common) reading of a character, tone marks dropped, ü as v."""
    readings = _pinyin_dict().get(code)
    if not readings:
        return ""
    first = unicodedata.normalize("NFD", readings.split(",", 1)[0]).replace("u\u0308", "v")
    return "".join(char for char in first if not unicodedata.combining(char))


_INITIALS = _Readings(initials=True)
_FULL = _Readings(initials=False)


def pinyin(text: str) -> tuple[str, str]:
    """``text`` with each Chinese character as its pinyin initial, and as its full pinyin.

    Other characters stay as they are: ``"基于CLIP的方法"`` gives ``"jyCLIPdff"`` and
    ``"jiyuCLIPdefangfa"``. Normalise and fold the results before matching.
    """
    return text.translate(_INITIALS), text.translate(_FULL)


def pinyin_initials(text: str) -> str:
    """``text`` with each Chinese character as its pinyin initial."""
    return text.translate(_INITIALS)
