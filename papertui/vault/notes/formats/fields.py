"""A paper section's fields, read from the note's bytes with ``bytes.find`` and short regexes.

Every function takes the note's bytes and the section's ``start``/``end``
offsets, so no section is copied to be searched. Only the pieces a paper
needs are decoded, strictly: a UnicodeDecodeError sends the whole note to the
slow path, which decodes it exactly first.
"""

from __future__ import annotations

import re

from papertui.vault.notes.frontmatter import clean_tag

HEAD_BYTES = 1500
"""How far into a section its header fields (tags, authors, arXiv link) are looked for."""


def utf8(chunk: bytes) -> str:
    """Decode a piece of a note strictly; a character cut off at the end is dropped.

    Raises:
        UnicodeDecodeError: For bytes that are not UTF-8 (the note takes the slow path).
    """
    try:
        return chunk.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(chunk) - 3:
            return chunk[: error.start].decode("utf-8")
        raise


_URL = re.compile(rb"https?://[^\s)\]>\"'<`*]+")
_CODE_HOSTS = (b"github.com", b"gitlab.com", b"huggingface.co", b"bitbucket.org", b"gitee.com")
_NOT_CODE = (b"arxiv.org", b"example.com", b"/kedreamix/chatpaperfree")
"""Not a paper's code: arXiv itself, placeholders, the tool every ChatPaperFree post links."""
_CODE_HOST_IN = re.compile(b"|".join(map(re.escape, _CODE_HOSTS)))
_NOT_CODE_IN = re.compile(b"|".join(map(re.escape, _NOT_CODE)))


def code_link(data: bytes, start: int, end: int) -> str | None:
    """The first code-host URL on a line (else its first other URL), not arXiv's."""
    first: bytes | None = None
    for match in _URL.finditer(data, start, end):
        url = match[0].rstrip(b".,;:")
        lowered = url.lower()
        if _NOT_CODE_IN.search(lowered):
            continue
        if _CODE_HOST_IN.search(lowered):
            return url.decode("utf-8")
        if first is None:
            first = url
    return first.decode("utf-8") if first is not None else None


_CODE_HOST = re.compile(rb"git(?:hub|lab)\.com/")


def section_code_link(data: bytes, start: int, end: int) -> str | None:
    """The first GitHub or GitLab URL between ``start`` and ``end``."""
    match = _CODE_HOST.search(data, start, end)
    while match is not None:
        at = match.start()
        line_start = data.rfind(b"\n", start, at) + 1
        line_end = data.find(b"\n", at, end)
        line_end = end if line_end == -1 else line_end
        link = code_link(data, line_start, line_end)
        if link is not None:
            return link
        match = _CODE_HOST.search(data, line_end, end)
    return None


# --- authors -------------------------------------------------------------

_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|，|、|；|\band\b|&)\s*")
_AUTHORS_LINE = re.compile(
    rb"[ \t>*-]*(?:\*\*|__)?(?:Authors?|\xe4\xbd\x9c\xe8\x80\x85)(?:\*\*|__)?[ \t]*"  # 作者
    rb"(?::|\xef\xbc\x9a)[ \t]*(?:\*\*|__)?[ \t]*([^\n]+)",
    re.IGNORECASE,
)
_AUTHOR_MARKERS = (b"uthor", "作者".encode(), b"UTHOR")
AUTHORS_BYTES = 600
"""Authors lines are looked for in the first lines of a section only."""
MAX_AUTHORS = 200


def split_authors(text: str) -> tuple[str, ...]:
    """``A, B and C`` as a tuple of names."""
    text = text.strip(" \t*_")
    if text.endswith(("et al.", "et al", "et.al.", "et. al.", "et.al")):
        text = text[: text.rfind("et")]
    # (str.find is several times faster than a regex search on these short lines)
    if (
        ";" in text
        or "，" in text
        or "、" in text
        or "；" in text
        or " and " in text
        or "&" in text
    ):
        parts = _AUTHOR_SPLIT.split(text)
    else:
        parts = text.split(",")
    names = [name for part in parts if (name := part.strip(" \t*_"))]
    if "  " in text or "\t" in text:  # (else no name holds a run of spaces)
        names = [" ".join(name.split()) if "  " in name or "\t" in name else name for name in names]
    return tuple(names[:MAX_AUTHORS])


def authors_line(data: bytes, start: int, end: int) -> tuple[str, ...]:
    """Authors from an ``Authors:``/``作者：`` line near the top of a section."""
    stop = min(end, start + AUTHORS_BYTES)
    for marker in _AUTHOR_MARKERS:
        at = data.find(marker, start, stop)
        if at == -1:
            continue
        line_start = data.rfind(b"\n", start, at) + 1
        line_end = data.find(b"\n", at, stop)
        match = _AUTHORS_LINE.match(data, line_start, stop if line_end == -1 else line_end)
        if match is not None:
            return split_authors(match[1].decode("utf-8"))
    return ()


# --- lines right under a heading -----------------------------------------

_TAG = re.compile(r"#([^\s#,，;；]+)")
MAX_TAGS = 64


def first_lines(data: bytes, start: int, end: int, count: int) -> list[bytes]:
    """Up to ``count`` non-blank lines from ``start``, stripped."""
    found: list[bytes] = []
    at = start
    while at < end and len(found) < count:
        line_end = data.find(b"\n", at, end)
        if line_end == -1:
            line_end = end
        line = data[at:line_end].strip()
        if line:
            found.append(line)
        at = line_end + 1
    return found


def head_lines(data: bytes, start: int, end: int, size: int = HEAD_BYTES) -> list[bytes]:
    """The non-blank lines of the first ``size`` bytes from ``start``, stripped."""
    stop = min(end, start + size)
    return [line for raw in data[start:stop].split(b"\n") if (line := raw.strip())]


def tags_in(lines: list[bytes]) -> list[str]:
    """The ``#tag`` lines at the top of a section's lines (images may come before them)."""
    tags: list[str] = []
    for line in lines:
        if line[0] != 0x23:  # "#"
            if line.startswith((b"![", b"<img")):
                continue
            break
        if line.startswith((b"# ", b"##", b"#\t")):
            break
        for found in _TAG.findall(line.decode("utf-8")):
            tag = clean_tag(found)
            if tag and tag not in tags:
                tags.append(tag)
        if len(tags) >= MAX_TAGS:
            return tags[:MAX_TAGS]
    return tags


def tags_under(data: bytes, start: int, end: int) -> list[str]:
    """The ``#tag`` lines right under a heading, before its prose (images may come first)."""
    return tags_in(head_lines(data, start, end, 600))


# --- keywords --------------------------------------------------------------

_MAX_KEYWORDS = 20
_OPEN = "(（[【"
_CLOSE = ")）]】"
_SEPARATORS = ",，;；、"
_HTML_TAGS = re.compile(r"</?(?:li|p|strong|em|b)>")
_SPLIT_WORDS = re.compile(r"[,，;；、]")
_LIST_ITEM = re.compile(rb"[ \t]*(?:[-*+]|\d+[.)])[ \t]+(.+)")


def split_keywords(text: str) -> tuple[str, ...]:
    """``a, b（c, d）、e`` as keywords; separators inside brackets do not split."""
    if "(" not in text and "（" not in text and "[" not in text and "【" not in text:
        if "，" in text or ";" in text or "；" in text or "、" in text:
            return _clean_words(_SPLIT_WORDS.split(text), text)
        return _clean_words(text.split(","), text)
    words: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        if depth == 0 and char in _SEPARATORS:
            words.append("".join(current))
            current = []
        else:
            current.append(char)
    words.append("".join(current))
    return _clean_words(words, text)


def _clean_words(words: list[str], text: str) -> tuple[str, ...]:
    """The words (pieces of ``text``) trimmed, blank ones left out, at most _MAX_KEYWORDS."""
    found = [word for raw in words if (word := raw.strip(_WORD_EDGES))][:_MAX_KEYWORDS]
    if "  " in text or "\n" in text:  # (else no word holds a run of spaces)
        found = [" ".join(word.split()) if "  " in word or "\n" in word else word for word in found]
    return tuple(found)


_WORD_EDGES = " \t*_。."


def keywords_in(data: bytes, start: int, end: int) -> tuple[str, ...]:
    """The ``Keywords:``/``关键词：`` line of a section, split; or the bullets under it.

    The label may be decorated as lists and LLMs write it (``4. **Keywords**:``,
    ``<li>关键词：``, ``### 4. Keywords / 关键词:``); anything else before it on the
    line means the word is prose, not a label.
    """
    for marker, back in _KEYWORD_MARKERS:
        at = data.find(marker, start, end)
        tries = 0
        while at != -1 and tries < 6:
            tries += 1
            line_start = data.rfind(b"\n", start, at) + 1
            line_end = data.find(b"\n", at, end)
            line_end = end if line_end == -1 else line_end
            label = at - back
            if label >= line_start and not data[line_start:label].strip(_LABEL_DECOR):
                colon = _COLON.search(data, at, min(line_end, at + 40))
                if colon is not None and _just_label(data[at + len(marker) : colon.start()]):
                    found = _keyword_value(data, data[colon.end() : line_end], line_end, end)
                    if found:
                        return found
            at = data.find(marker, line_end, end)
    return ()


_KEYWORD_MARKERS = ((b"eyword", 1), ("关键词".encode(), 0), (b"ey word", 1), (b"EYWORD", 1))
"""Where a keywords label may be, and how many bytes of it come before the marker."""
_LABEL_DECOR = b" \t>*#-_0123456789.)(<>/lip"
_COLON = re.compile(rb":|\xef\xbc\x9a")
_GAP_WORDS = ("关键词".encode(), "英文".encode(), "中文".encode(), b"Keywords", b"English")
_GAP_DECOR = " \t*_/()s（）".encode()


def _just_label(gap: bytes) -> bool:
    """Whether what lies between a keywords label and its colon is more label, not prose."""
    if not gap.strip(_GAP_DECOR):
        return True  # (the common ``Keywords:``; no gap word is all decoration)
    for word in _GAP_WORDS:
        if word in gap:
            gap = gap.replace(word, b"")
    return not gap.strip(_GAP_DECOR)


def _keyword_value(data: bytes, value: bytes, line_end: int, end: int) -> tuple[str, ...]:
    text = value.decode("utf-8")
    if "<" in text:
        text = _HTML_TAGS.sub("", text)
    text = text.strip().rstrip("。.").strip("* ")
    if text:
        return split_keywords(text)
    items: list[str] = []
    for line in first_lines(data, line_end + 1, end, _MAX_KEYWORDS):
        match = _LIST_ITEM.fullmatch(line)
        if match is None:
            break
        items.append(match[1].decode("utf-8"))
    return split_keywords("、".join(items))


# --- the one-line summary ----------------------------------------------------

_MARKUP = re.compile(r"\*\*|__|`|<[^>\n]+>")
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
SUMMARY_CHARS = 300


def plain_line(text: str, limit: int = SUMMARY_CHARS) -> str:
    """Markdown reduced to one plain line of at most ``limit`` characters."""
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if "*" in text or "_" in text or "`" in text or "<" in text:
        text = _MARKUP.sub("", text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def paragraph_after(data: bytes, start: int, end: int, marker: bytes) -> str:
    """The text after ``marker`` on its line, else the first paragraph below it."""
    at = data.find(marker, start, end)
    if at == -1:
        return ""
    at += len(marker)
    line_end = data.find(b"\n", at, end)
    line_end = end if line_end == -1 else line_end
    inline = data[at:line_end].strip().lstrip(b"*:").strip()
    if inline.startswith("：".encode()):
        inline = inline[3:].strip()
    if inline:
        return plain_line(utf8(inline[:_SUMMARY_BYTES]))
    at = line_end + 1
    while at < end and data[at] in b" \t\n":
        at += 1
    if at >= end or data.startswith((b"#", b"**", b"<"), at):
        return ""
    stop = data.find(b"\n\n", at, min(end, at + _SUMMARY_BYTES))
    return plain_line(utf8(data[at : stop if stop != -1 else min(end, at + _SUMMARY_BYTES)]))


_SUMMARY_BYTES = SUMMARY_CHARS * 4


_LABEL_ONLY = re.compile(r"^\*\*[^*]+\*\*[ \t]*[:：]?[ \t]*$")
_LEADING_LABEL = re.compile(r"^\*\*[^*]{1,20}\*\*[ \t]*[:：]?[ \t]*")
_BULLET_STARTS = (b"- ", b"* ", b"+ ", b"-\t", b"*\t", b"+\t")


def first_bullet(lines: list[bytes]) -> str:
    """The first bullet with content; a bold label alone gives way to the line after it."""
    for index, line in enumerate(lines):
        if not line.startswith(_BULLET_STARTS):
            continue
        words = utf8(line[2 : 2 + SUMMARY_CHARS * 4]).strip()
        if not words:
            continue
        if _LABEL_ONLY.match(words):
            following = lines[index + 1] if index + 1 < len(lines) else b""
            if following and not following.startswith((b"- **", b"* **", b"#")):
                line = following.lstrip(b"-*+ \t")
                return plain_line(utf8(line[: SUMMARY_CHARS * 4]))
            continue
        return plain_line(_LEADING_LABEL.sub("", words))
    return ""


# --- local images -----------------------------------------------------------------

_MD_IMAGE = re.compile(rb"!\[[^\]\n]*\]\([ \t]*<?([^)\s>]+)>?(?:[ \t]+\"[^\"\n]*\")?[ \t]*\)")
_HTML_IMAGE = re.compile(rb"<img\b[^>]*?\bsrc[ \t]*=[ \t]*[\"']([^\"'\n]+)[\"']", re.IGNORECASE)
_SCHEME = re.compile(rb"[a-zA-Z][a-zA-Z0-9+.-]*:")
MAX_IMAGES = 40
_REMOTE_IMG = (b'<img src="http', b"<img src='http")


def local_images(data: bytes) -> list[tuple[int, bytes]]:
    """(offset, source) of every local (not ``http:``/``data:``) image in a note, in order.

    Found by searching for the single bytes ``!`` and ``<`` (memchr speed) and
    matching ``![alt](src)`` or ``<img src=...>`` only where they occur.
    """
    found: list[tuple[int, bytes]] = []
    for marker, pattern in ((b"!", _MD_IMAGE), (b"<", _HTML_IMAGE)):
        at = data.find(marker)
        while at != -1:
            if data.startswith(b"![" if marker == b"!" else b"<img", at) and not data.startswith(
                _REMOTE_IMG, at
            ):
                match = pattern.match(data, at, at + 2048)
                if match is not None and not _SCHEME.match(match[1]):
                    found.append((at, match[1]))
            at = data.find(marker, at + 1)
    found.sort()
    return found
