"""Paper identifiers in links and labels: arXiv (new and old style), DOI, OpenReview, ACL Anthology.

Only arXiv's own hosts give an arXiv id: ``https://notarxiv.org/abs/2410.00011``
names no arXiv paper. An id found elsewhere (a DOI, an OpenReview forum, an
ACL Anthology page) keys a paper with no arXiv id, so that the same paper in
two notes is one paper.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_ARXIV_URL = re.compile(
    rb"arxiv\.org/(?:abs|pdf|html)/"
    rb"(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v(\d+))?",
    re.IGNORECASE,
)
_ARXIV_TEXT = re.compile(
    rb"arXiv:[ \t]?(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v(\d+))?", re.IGNORECASE
)
_ARXIV_MARKERS = (
    (b"iv.org/", _ARXIV_URL, 3),
    (b"iv:", _ARXIV_TEXT, 3),
    (b"IV.ORG/", _ARXIV_URL, 3),
)
"""Where an id may follow (``arxiv.org/``, ``arXiv:``), and how far before it starts."""

ArxivRef = tuple[str, int | None]
"""An arXiv id without version, and the version if the link names one."""


def arxiv_in(data: bytes, start: int = 0, end: int | None = None) -> ArxivRef | None:
    """The first arXiv id between ``start`` and ``end``: a link, or ``arXiv:1234.56789``."""
    stop = len(data) if end is None else end
    for marker, pattern, back in _ARXIV_MARKERS:
        at = data.find(marker, start, stop)
        while at != -1:
            begin = max(start, at - back)
            match = pattern.match(data, begin, stop)
            if match is not None and (pattern is _ARXIV_TEXT or _own_host(data, begin)):
                version = match[2]
                return match[1].decode("ascii"), int(version) if version else None
            at = data.find(marker, at + len(marker), stop)
    return None


_HOST_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_@")
_SUBDOMAINS = (b"www.", b"export.", b"browse.", b"WWW.")


def _own_host(data: bytes, host: int) -> bool:
    """Whether ``arxiv.org`` at ``host`` is arXiv's host, not the end of another's."""
    if host == 0:
        return True
    before = data[host - 1]
    if before == 0x2E:  # "."
        for sub in _SUBDOMAINS:
            if data.startswith(sub, host - len(sub)):
                return _own_host(data, host - len(sub))
        return False
    return before not in _HOST_BYTES


def arxiv_links(ref: ArxivRef | None) -> tuple[str | None, str | None]:
    """The abstract and PDF links of an arXiv paper."""
    if ref is None:
        return None, None
    suffix = f"v{ref[1]}" if ref[1] else ""
    return f"https://arxiv.org/abs/{ref[0]}{suffix}", f"https://arxiv.org/pdf/{ref[0]}{suffix}"


class Ident(NamedTuple):
    """A paper id that is not arXiv's: the kind, the id, and the page it names."""

    kind: str
    """``doi``, ``openreview`` or ``acl``."""
    value: str
    url: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.value}"


_DOI = re.compile(rb"(?:doi\.org/|doi:[ \t]*)(10\.\d{4,9}/[^\s\"'<>)\]|]+)", re.IGNORECASE)
_OPENREVIEW = re.compile(rb"openreview\.net/(?:forum|pdf)\?(?:[^\s)\]]*&)?id=([A-Za-z0-9_\-]+)")
_ACL = re.compile(
    rb"aclanthology\.org/([A-Z]\d{2}-\d{4}|\d{4}\.[a-z\-]+(?:-[a-z]+)?\.\d+)", re.IGNORECASE
)


def other_id(data: bytes, start: int = 0, end: int | None = None) -> Ident | None:
    """The first DOI, OpenReview or ACL Anthology id between ``start`` and ``end``."""
    stop = len(data) if end is None else end
    found: Ident | None = None
    first = stop
    for marker, pattern, kind in (
        (b"doi", _DOI, "doi"),
        (b"openreview.net/", _OPENREVIEW, "openreview"),
        (b"aclanthology.org/", _ACL, "acl"),
    ):
        at = data.find(marker, start, first)
        if at == -1 and marker == b"doi":
            at = data.find(b"DOI", start, first)
        if at == -1:
            continue
        match = pattern.search(data, at, stop)
        if match is None or match.start() >= first:
            continue
        value = match[1].decode("utf-8", "replace").rstrip(".,;:")
        if kind == "doi":
            value = value.lower().removesuffix(".pdf")
            url = f"https://doi.org/{value}"
        elif kind == "openreview":
            url = f"https://openreview.net/forum?id={value}"
        else:
            value = value.rstrip("/")
            url = f"https://aclanthology.org/{value}"
        found, first = Ident(kind, value, url), match.start()
    return found


PAPER_HOSTS = (
    b"arxiv.org/",
    b"doi.org/",
    b"openreview.net/",
    b"aclanthology.org/",
    b"papers.nips.cc/",
    b"proceedings.neurips.cc/",
    b"openaccess.thecvf.com/",
    b"proceedings.mlr.press/",
    b"dl.acm.org/",
    b"ieeexplore.ieee.org/",
    b"link.springer.com/",
    b"ojs.aaai.org/",
    b"ijcai.org/",
    b"semanticscholar.org/",
)
"""Hosts whose links name one paper."""


def is_paper_link(url: bytes) -> bool:
    """Whether a link's host serves papers (arXiv only on its own hosts)."""
    lowered = url.lower()
    if b"arxiv" in lowered:
        return arxiv_in(url) is not None
    return any(host in lowered for host in PAPER_HOSTS) or lowered.endswith(b".pdf")


_LABELLED_ARXIV = re.compile(
    rb"arxiv(?:[ \t]*id)?(?:\*\*|__)?[ \t]*[:\xef\xbc\x9a]+[ \t]*(?:\*\*|__|`)?[ \t]*"
    rb"(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v(\d+))?\b",
    re.IGNORECASE,
)


def labelled_arxiv(data: bytes, start: int = 0, end: int | None = None) -> ArxivRef | None:
    """A bare id after an arXiv label: ``**arXiv**: 2401.12345``, ``**ArXiv ID**: 2401.12345v1``."""
    match = _LABELLED_ARXIV.search(data, start, len(data) if end is None else end)
    if match is None:
        return None
    return match[1].decode("ascii"), int(match[2]) if match[2] else None
