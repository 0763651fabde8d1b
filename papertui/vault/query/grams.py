"""GramIndex: which papers hold which letters, pairs of letters and words, built once.

A bare word's prefilter (prefilter.py) is a pass over every paper's text: 25 to 30 ms
a keystroke on a 127,000-paper vault, and ranking's tiers more passes. This index
answers them from arrays instead:

- one or two letters: the papers whose text or folded text holds them, exactly (a
  bitset per letter and per pair of letters), and those with a title word that
  starts with them (ranking's first tier);
- three letters or more: the papers with a word that holds them near (the prefilter's
  regex run over the vault's distinct words, then their papers), and, to be tested
  as before, the few that could hold them folded only: across two words (a pair of
  letters that spans a space) or in pinyin; the papers with a word that starts with
  them or holds them (ranking's word tiers).

Only plain words ask it (letters, digits; no space): others take the full pass. It
is built from the texts without your notes and tags: the papers you touched, and
those new since it was built (a later snapshot carries it over), are tested as before.
"""

from __future__ import annotations

import contextlib
import copy
import ctypes
import re
import sys
from collections.abc import Iterable, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np

from papertui.vault.query.language import MIN_FUZZY
from papertui.vault.query.text import FIELD, near_pattern

if TYPE_CHECKING:
    import numpy.typing as npt

    Mask = npt.NDArray[np.bool_]
    Ints = npt.NDArray[np.signedinteger[Any]]

CHUNK = 2048
"""Papers turned into bits at once (a multiple of 8: each chunk fills whole bytes)."""
_LETTERS = " abcdefghijklmnopqrstuvwxyz0123456789" + FIELD
"""The letters a gram names exactly; any other letter falls in one of two shared slots."""
_SIZE = len(_LETTERS) + 2
_SPACE = 0
_FIELD = len(_LETTERS) - 1
_BREAK = _SIZE
"""The code of the line break between texts: no gram spans it."""
_ROWS = _SIZE + _SIZE * _SIZE
_PLAIN = re.compile(f"[{_LETTERS[1:-1]}]+")
_TABLE = np.array(
    [
        _LETTERS.index(chr(c)) if chr(c) in _LETTERS else _BREAK if c == 10 else _SIZE - 2 + c % 2
        for c in range(256)
    ],
    dtype=np.int16,
)


def plain(value: str) -> bool:
    """True for a word this index answers: letters a to z and digits only."""
    return _PLAIN.fullmatch(value) is not None


def _codes(texts: Sequence[str]) -> Ints:
    """Each character of ``texts`` (a line break after each) as its slot."""
    points = np.frombuffer(("\n".join(texts) + "\n").encode("utf-32-le"), dtype=np.uint32)
    codes = _TABLE[np.minimum(points, 255)]
    wide = np.flatnonzero(points > 255)
    codes[wide] = _SIZE - 2 + (points[wide] & 1)
    return codes


class _Rows:
    """Per gram, its papers: a packed bitset when many hold it, else their positions."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._bits = np.zeros((0, 0), dtype=np.uint8)
        """Every gram's bitset while they are made (26 MB for 150,000 papers)."""
        self._held = np.zeros(_ROWS, dtype=np.int64)
        self._where = np.zeros(_ROWS, dtype=np.int64)
        """Per gram: 0 for none, n > 0 for the bitset ``n - 1``, n < 0 for positions
        ``-n - 1`` (``_positions[_offsets[i]:_offsets[i + 1]]``)."""
        self._dense = np.zeros((0, 0), dtype=np.uint8)
        self._positions = np.zeros(0, dtype=np.int32)
        self._offsets = np.zeros(1, dtype=np.int64)

    def add(self, start: int, grams: Ints, papers: Ints, size: int) -> None:
        """Mark ``grams`` (codes) as held by ``papers`` (positions from ``start``)."""
        if not self._bits.size:
            self._bits = np.zeros((_ROWS, (self.count + 7) // 8), dtype=np.uint8)
        chunk = np.zeros((_ROWS, size), dtype=np.bool_)
        chunk.ravel()[grams.astype(np.int64) * size + papers] = True  # (flat: twice as fast)
        packed = np.packbits(chunk, axis=1)
        self._held += np.bitwise_count(packed).sum(axis=1, dtype=np.int64)
        self._bits[:, start // 8 : start // 8 + packed.shape[1]] = packed

    def done(self) -> None:
        """Keep rare grams as positions (fewer bytes than bits), common ones as bits, each
        kind in one array."""
        if not self._bits.size:  # (no papers)
            self._bits = np.zeros((_ROWS, (self.count + 7) // 8), dtype=np.uint8)
        dense = np.flatnonzero(self._held * 32 >= self.count)
        sparse = np.flatnonzero((self._held > 0) & (self._held * 32 < self.count))
        self._dense = self._bits[dense]
        self._where[dense] = np.arange(1, len(dense) + 1)
        self._where[sparse] = -np.arange(1, len(sparse) + 1)
        rows = self._bits[sparse]
        self._bits = np.zeros((0, 0), dtype=np.uint8)
        row, byte = np.nonzero(rows)  # (by row, then byte: each row's positions ascending)
        bits = np.unpackbits(rows[row, byte][:, None], axis=1).view(np.bool_)
        held_row, held_bit = np.nonzero(bits)
        self._positions = (byte[held_row] * 8 + held_bit).astype(np.int32)
        self._offsets = np.searchsorted(row[held_row], np.arange(len(sparse) + 1))

    def mask(self, code: int) -> Mask:
        """The papers holding the gram ``code``, one bool each."""
        where = int(self._where[code])
        if where > 0:
            return np.unpackbits(self._dense[where - 1], count=self.count).view(np.bool_)
        mask = np.zeros(self.count, dtype=np.bool_)
        if where < 0:
            mask[self._positions[self._offsets[-where - 1] : self._offsets[-where]]] = True
        return mask

    @property
    def nbytes(self) -> int:
        """The bytes the rows hold."""
        return self._dense.nbytes + self._positions.nbytes + self._where.nbytes


def _gram(value: str) -> int:
    """The row of a plain word of one or two letters."""
    first = _LETTERS.index(value[0])
    return first if len(value) == 1 else _SIZE + first * _SIZE + _LETTERS.index(value[1])


class GramIndex:
    """The letters, pairs and words of an index's texts (see the module's docstring)."""

    def __init__(
        self,
        texts: Sequence[str],
        folded: Sequence[str],
        titles: Sequence[str],
        pinyin: Sequence[bool],
    ) -> None:
        """Args:
        texts: Each paper's normalised text, without your layer.
        folded: Each paper's folded text, without your layer.
        titles: Each text's title part.
        pinyin: Per paper, whether its folded text holds pinyin.
        """
        count = len(texts)
        self.count = count
        self._pinyin = np.array(pinyin, dtype=np.bool_)
        self._grams = _Rows(count)
        """Letters and pairs of the text and of the folded text."""
        self._starts = _Rows(count)
        """The first letter and the first two of each title word."""
        self._spans = _Rows(count)
        """The pairs that span a space between two words of a field (``zipnerf``)."""
        for start in range(0, count, CHUNK):  # one family after the other: each holds
            end = min(start + CHUNK, count)  # a bitset of every gram while it is made
            both = [
                text
                for pair in zip(texts[start:end], folded[start:end], strict=True)
                for text in pair
            ]
            grams, texts_of = _letters_and_pairs(_codes(both))
            self._grams.add(start, grams, texts_of // 2, end - start)
        self._grams.done()
        for start in range(0, count, CHUNK):
            end = min(start + CHUNK, count)
            self._starts.add(start, *_word_starts(_codes(titles[start:end])), end - start)
        self._starts.done()
        for start in range(0, count, CHUNK):
            end = min(start + CHUNK, count)
            self._spans.add(start, *_spanning_pairs(_codes(texts[start:end])), end - start)
        self._spans.done()
        self._words, self._word_starts, self._pointers, self._postings = _vocabulary(texts)
        _give_back()
        self._sources: Ints | None = None
        """Once carried over: per position, its paper's position when this was built (-1: none)."""
        self.unknown: list[int] = []
        """The positions of papers new since this was built: to be tested as before."""

    def carried(self, sources: Sequence[int], missing: int) -> GramIndex:
        """This index for a later snapshot's positions (papers are immutable: the same paper,
        the same grams): ``sources`` gives each one's position here, ``missing`` for new."""
        own = np.array(sources, dtype=np.int64)
        own[own == missing] = -1
        if self._sources is not None:
            own = np.where(own >= 0, self._sources[np.maximum(own, 0)], -1)
        later = copy.copy(self)
        later._sources, later.count = own, len(own)
        later.unknown = np.flatnonzero(own < 0).tolist()
        return later

    def _local(self, mask: Mask) -> Mask:
        """``mask`` (by the positions this was built with) by this snapshot's positions."""
        if self._sources is None:
            return mask
        local = mask[np.maximum(self._sources, 0)]
        local[self.unknown] = False
        return local

    @property
    def nbytes(self) -> int:
        """The bytes this index holds (about 35 MB for 150,000 papers)."""
        rows = self._grams.nbytes + self._starts.nbytes + self._spans.nbytes
        arrays = (self._word_starts, self._pointers, self._postings, self._pinyin)
        return rows + sum(array.nbytes for array in arrays) + len(self._words)

    def title_starts(self, value: str) -> Mask:
        """The papers with a title word that starts with ``value`` (plain, one or two letters)."""
        return self._local(self._starts.mask(_gram(value)))

    def prefilter(self, value: str) -> tuple[Mask, Mask]:
        """For a plain word: the papers that pass its prefilter for sure, and those that may.

        Short words are sure: ``value`` is in the text or the folded text. Longer ones
        are sure where a word of the text holds them near (see ``near_pattern``); the
        papers that may hold them folded only are to be tested.
        """
        if len(value) < 3:
            sure = self._local(self._grams.mask(_gram(value)))
            return sure, np.zeros_like(sure)
        sure = self._words_matching(near_pattern(value))
        pairs = [_gram(value[i : i + 2]) for i in range(len(value) - 1)]
        spanned = self._pinyin.copy()
        for code in pairs:
            spanned |= self._spans.mask(code)
        for code in pairs:
            spanned &= self._grams.mask(code)
        return self._local(sure), self._local(spanned & ~sure)

    def _words_matching(self, pattern: re.Pattern[str]) -> Mask:
        """The papers with a word that ``pattern`` finds (it never crosses a space, and
        ends on a letter of the word)."""
        found = [match.end() - 1 for match in pattern.finditer(self._words)]
        mask = np.zeros(len(self._pinyin), dtype=np.bool_)
        if not found:
            return mask
        words = np.unique(np.searchsorted(self._word_starts, found, side="right") - 1)
        first, last = self._pointers[words], self._pointers[words + 1]
        lengths = last - first
        steps = np.repeat(first - np.cumsum(lengths) + lengths, lengths)
        mask[self._postings[steps + np.arange(int(lengths.sum()))]] = True
        return mask

    def found(self, needle: str, *, in_title: bool) -> Mask | None:
        """The papers whose text (``in_title``: title) holds ``needle``, a plain word or one
        after a space (a word start); None when this index cannot tell."""
        value = needle.removeprefix(" ")
        if not plain(value):
            return None
        if in_title:
            return self.title_starts(value) if needle != value and len(value) < 3 else None
        pattern = f" {re.escape(value)}" if needle != value else re.escape(value)
        return self._local(self._words_matching(re.compile(pattern)))


def _give_back() -> None:
    """Hand the memory the build freed back to the system: glibc keeps freed heap that
    live objects above it pin (the build's arrays were freed there: 150 MB in a big vault)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # (AttributeError: not glibc)
            ctypes.CDLL(None).malloc_trim(0)


def _letters_and_pairs(codes: Ints) -> tuple[Ints, Ints]:
    """The letters and pairs of each text, and which text holds each."""
    breaks = codes == _BREAK
    paper = np.cumsum(breaks, dtype=np.int32) - breaks
    ones = ~breaks
    twos = ones[:-1] & ones[1:]
    pairs = _SIZE + codes[:-1][twos] * _SIZE + codes[1:][twos]
    return np.concatenate([codes[ones], pairs]), np.concatenate([paper[ones], paper[:-1][twos]])


def _word_starts(codes: Ints) -> tuple[Ints, Ints]:
    """The first letter, and the first two, of each word (after a space) and their papers."""
    breaks = codes == _BREAK
    paper = np.cumsum(breaks, dtype=np.int32) - breaks
    letter = (codes != _BREAK) & (codes != _SPACE)
    starts = np.flatnonzero(letter[1:] & (codes[:-1] == _SPACE)) + 1
    seconds = starts[letter[starts + 1]]  # (a text ends with a line break, never a letter)
    pairs = _SIZE + codes[seconds] * _SIZE + codes[seconds + 1]
    return np.concatenate([codes[starts], pairs]), np.concatenate([paper[starts], paper[seconds]])


def _spanning_pairs(codes: Ints) -> tuple[Ints, Ints]:
    """The last letter of each word with the first of the next word of its field."""
    breaks = codes == _BREAK
    paper = np.cumsum(breaks, dtype=np.int32) - breaks
    kept = np.flatnonzero(codes != _SPACE)
    before, after = kept[:-1], kept[1:]
    spanning = (after > before + 1) & (codes[before] != _BREAK) & (codes[before] != _FIELD)
    spanning &= (codes[after] != _BREAK) & (codes[after] != _FIELD)
    before, after = before[spanning], after[spanning]
    return _SIZE + codes[before] * _SIZE + codes[after], paper[before]


def _vocabulary(texts: Sequence[str]) -> tuple[str, Ints, Ints, npt.NDArray[np.int32]]:
    """The distinct words of ``texts`` (joined by spaces), where each starts, and per word
    the papers that hold it (``postings[pointers[w]:pointers[w + 1]]``, ascending)."""
    numbers: dict[str, int] = {"\0": 0}
    """Each word's number (the first: the end of a paper's text)."""
    chunks: list[Ints] = []
    """Per chunk of papers, its (word, paper) pairs as ``word * CHUNK + paper``, ascending."""
    for start in range(0, len(texts), CHUNK):
        tokens = "\0".join(texts[start : start + CHUNK]).split()
        new = dict.fromkeys(tokens).keys() - numbers.keys()  # (in C: set operations)
        numbers.update(zip(new, range(len(numbers), len(numbers) + len(new)), strict=True))
        wide = len(numbers) * CHUNK >= 2**31  # (a pair fits 32 bits below 1,048,576 words)
        kind = np.int64 if wide else np.int32
        word = np.fromiter(map(numbers.__getitem__, tokens), kind, len(tokens))
        ends = word == 0
        paper = np.cumsum(ends, dtype=kind)
        pairs = np.sort(word[~ends] * CHUNK + paper[~ends])
        chunks.append(pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])])
    counts = np.zeros(len(numbers), dtype=np.int64)
    for pairs in chunks:
        counts += np.bincount(pairs // CHUNK, minlength=len(numbers))
    pointers = np.concatenate([[0], np.cumsum(counts)])
    postings = np.zeros(int(pointers[-1]), dtype=np.int32)
    cursor = pointers[:-1].copy()
    for number, pairs in enumerate(chunks):  # each chunk's papers after the chunks before
        word = pairs // CHUNK
        first = np.flatnonzero(np.concatenate([[True], word[1:] != word[:-1]]))
        sizes = np.diff(np.concatenate([first, [len(word)]]))
        rank = np.arange(len(word)) - np.repeat(first, sizes)
        postings[cursor[word] + rank] = pairs % CHUNK + number * CHUNK
        cursor[word[first]] += sizes
    del chunks
    lengths = np.fromiter(map(len, numbers), np.int64, len(numbers))
    starts = np.concatenate([[1], 1 + np.cumsum(lengths + 1)[:-1]])
    return f" {' '.join(numbers)} ", starts, pointers, postings


def prefiltered(
    grams: GramIndex,
    value: str,
    ids: list[int],
    texts: Sequence[str],
    folded: Sequence[str],
    own: Iterable[int],
    *,
    whole: bool,
) -> list[int]:
    """The ``ids`` that pass the prefilter of ``value`` (a plain word), in their order.

    ``whole``: ``ids`` is every position, in order. The same papers as the full pass
    (``PaperIndex._select_text``): the papers the index is not sure of, and those with
    your note or tags (``own``) and those new since it was built, are tested by it.
    """
    sure, maybe = grams.prefilter(value)
    for position in np.flatnonzero(maybe).tolist():
        if value in folded[position]:  # (the text failed: the index is sure of that)
            sure[position] = True
    short = len(value) < MIN_FUZZY
    near = near_pattern(value).search
    for position in chain(own, grams.unknown):
        text = texts[position]
        if (value in text if short else near(text)) or value in folded[position]:
            sure[position] = True
    if whole:
        return np.flatnonzero(sure).tolist()
    chosen = np.fromiter(ids, np.int64, len(ids))
    return chosen[sure[chosen]].tolist()  # type: ignore[no-any-return]


def found_in(
    mask: Mask, ids: list[int], texts: Sequence[str], needle: str, own: Iterable[int]
) -> list[bool]:
    """Per id, whether ``mask`` holds it; for the papers you touched (``own``), whether
    ``needle`` is in its text (the index is built without yours)."""
    for position in own:
        mask[position] = needle in texts[position]
    return mask[np.fromiter(ids, np.int64, len(ids))].tolist()  # type: ignore[no-any-return]
