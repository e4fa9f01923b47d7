"""One file on every core: the audio cut at pauses into chunks, the chunks
transcribed concurrently, the words put back in order on the file's timeline.

``plan`` decides the chunks from the audio alone (voice activity and the
chunk length in ``DecodeOptions``), never from the number of workers: the
same file gives the same chunks, so the same words, however many cores
transcribe it. The model hears only speech: the regions faster-whisper's own
``vad_filter`` keeps (Silero, 2 s minimum silence, 400 ms padding), joined
without the silence between them, as faster-whisper does for a whole file.
A chunk ends only between two such regions or in the middle of a pause
(at least ``PAUSE_MS`` below the voice threshold), never inside speech.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

import numpy as np

from ..media.audio import SAMPLE_RATE, Samples, duration_ms
from ..media.vad import Region, pauses, regions_from, speech_probabilities
from ..models import Word
from .base import ProgressFn

VAD_MIN_SILENCE_MS = 2000
"""faster-whisper's ``VadOptions`` defaults: what ``vad_filter`` keeps."""
VAD_PAD_MS = 400
PAUSE_MS = 300
"""Shortest pause a chunk may end in."""
ONSET_LEAD_MS = 50
"""Whisper stamps the first word of a window at the window's start, so after
a cut (or the 400 ms of padding before a speech region) it came out up to the
whole pause early. No word starts more than this before the voice onset of
its part: on 10 corpus recordings, the median sentence onset error went from
171 ms (147 ms transcribing whole files) to 78 ms (bench/chunk_quality.py)."""


@dataclass(frozen=True)
class Chunk:
    """Spans of the file's timeline (ms) whose audio is joined and
    transcribed in one call."""

    parts: tuple[Region, ...]
    onsets: tuple[int, ...] = ()
    """Where the voice starts in each part (none: no floor for word starts)."""
    gaps: tuple[Region, ...] = ()
    """The pauses inside the chunk (between its parts, and of at least
    ``PAUSE_MS`` inside them): where it may be split (``split_at``)."""

    def place(self, start_ms: int, end_ms: int) -> tuple[int, int]:
        """A span of the chunk's joined audio on the file's timeline, its start
        no earlier than ``ONSET_LEAD_MS`` before the voice of its part."""
        i = _part_index(start_ms, end_ms, self.parts)
        start, end = to_timeline(start_ms, end_ms, self.parts)
        if self.onsets:
            floor = min(self.onsets[i] - ONSET_LEAD_MS, self.parts[i].end_ms)
            if start < floor:
                start, end = floor, max(end, floor)
        return start, end

    @property
    def start_ms(self) -> int:
        return self.parts[0].start_ms

    @property
    def end_ms(self) -> int:
        return self.parts[-1].end_ms

    @property
    def speech_ms(self) -> int:
        return sum(p.end_ms - p.start_ms for p in self.parts)


@dataclass(frozen=True)
class _Cut:
    joined_ms: int
    """Where in the joined speech."""
    at_ms: int
    """Where on the timeline."""
    pause_ms: int


def plan(samples: Samples, *, vad: bool, chunk_ms: int) -> list[Chunk]:
    """The chunks to transcribe ``samples`` in: the speech (all of the audio
    without ``vad``) in chunks of at most ``chunk_ms`` of speech where a
    pause allows (0: one chunk). Empty when there is no speech."""
    total = duration_ms(samples)
    if total == 0:
        return []
    if not vad and chunk_ms <= 0:
        return [Chunk((Region(0, total),))]
    probs = speech_probabilities(samples)
    if vad:
        speech = regions_from(probs, samples.size, min_silence_ms=VAD_MIN_SILENCE_MS,
                              pad_ms=VAD_PAD_MS)
    else:
        speech = [Region(0, total)]
    voice = regions_from(probs, samples.size, min_silence_ms=PAUSE_MS)
    if chunk_ms <= 0:
        plan = [Chunk(tuple(speech))] if speech else []
    else:
        plan = split(speech, pauses(voice), chunk_ms)
    return [with_onsets(c, voice) for c in plan]


def with_onsets(chunk: Chunk, voice: Sequence[Region]) -> Chunk:
    """``chunk`` with the voice onset of each part (the start of the first
    ``voice`` region in it, or the part's start when the voice began
    before) and the pauses inside it (between its parts and ``voice``'s)."""
    starts, ends = [r.start_ms for r in voice], [r.end_ms for r in voice]
    onsets = []
    for p in chunk.parts:
        i = bisect.bisect_right(ends, p.start_ms)
        inside = i < len(starts) and starts[i] < p.end_ms
        onsets.append(max(p.start_ms, starts[i]) if inside else p.start_ms)
    between = [Region(a.end_ms, b.start_ms) for a, b in zip(chunk.parts, chunk.parts[1:],
                                                             strict=False)]
    within = [g for g in pauses(list(voice))
              if any(p.start_ms < g.start_ms and g.end_ms < p.end_ms for p in chunk.parts)]
    gaps = sorted(between + within, key=lambda g: g.start_ms)
    return Chunk(chunk.parts, tuple(onsets), tuple(gaps))


def split_at(chunk: Chunk, gap: Region) -> tuple[Chunk, Chunk]:
    """``chunk`` cut in the middle of one of its ``gaps``: the two chunks
    before and after, each with its own parts, onsets and gaps."""
    at = (gap.start_ms + gap.end_ms) // 2
    left: list[Region] = []
    right: list[Region] = []
    for p in chunk.parts:
        if p.end_ms <= at:
            left.append(p)
        elif p.start_ms >= at:
            right.append(p)
        else:
            left.append(Region(p.start_ms, at))
            right.append(Region(at, p.end_ms))
    onsets = dict(zip((p.start_ms for p in chunk.parts), chunk.onsets, strict=False))
    onsets.setdefault(at, gap.end_ms)  # the voice after a cut starts where the pause ends

    def part(parts: list[Region]) -> Chunk:
        first = tuple(max(p.start_ms, onsets.get(p.start_ms, p.start_ms)) for p in parts)
        inner = tuple(g for g in chunk.gaps
                      if g != gap and parts[0].start_ms <= g.start_ms < parts[-1].end_ms)
        return Chunk(tuple(parts), first if chunk.onsets else (), inner)

    return part(left), part(right)


def split(speech: Sequence[Region], gaps: Sequence[Region], chunk_ms: int) -> list[Chunk]:
    """``speech`` (sorted regions) cut into chunks of at most ``chunk_ms`` of
    speech, between regions or in the middle of one of ``gaps``: at the
    longest pause between half the length and the full length; where there
    is none, at the last pause before; only where there is none at all, at
    the first pause after (a chunk is then longer than ``chunk_ms``)."""
    speech = [r for r in speech if r.end_ms > r.start_ms]
    cuts = _cuts(speech, gaps)
    joined = [c.joined_ms for c in cuts]
    total = sum(r.end_ms - r.start_ms for r in speech)
    chosen: list[int] = []
    start = 0
    while total - start > chunk_ms:
        lo = bisect.bisect_left(joined, start + chunk_ms // 2)
        hi = bisect.bisect_right(joined, start + chunk_ms)
        first = bisect.bisect_right(joined, start)
        if lo < hi:  # the longest pause in the second half
            best = max(cuts[lo:hi], key=lambda c: (c.pause_ms, c.joined_ms))
        elif first < lo:  # else the last in the first half: never longer than a window
            best = cuts[lo - 1]
        elif hi < len(cuts):  # else the first after: only too long if it must be
            best = cuts[hi]
        else:
            break
        chosen.append(best.at_ms)
        start = best.joined_ms
    return _chunks(speech, chosen)


def _cuts(speech: Sequence[Region], gaps: Sequence[Region]) -> list[_Cut]:
    """Every place a chunk may end, in order: the middle of each gap inside a
    region, and the end of every region but the last."""
    out: list[_Cut] = []
    offset = 0
    mids = sorted(((g.start_ms + g.end_ms) // 2, g.end_ms - g.start_ms) for g in gaps)
    for i, r in enumerate(speech):
        for mid, length in mids[bisect.bisect_right(mids, (r.start_ms, 1 << 62)):]:
            if mid >= r.end_ms:
                break
            out.append(_Cut(offset + mid - r.start_ms, mid, length))
        offset += r.end_ms - r.start_ms
        if i + 1 < len(speech):
            out.append(_Cut(offset, r.end_ms, speech[i + 1].start_ms - r.end_ms))
    return out


def _chunks(speech: Sequence[Region], cuts: Sequence[int]) -> list[Chunk]:
    """``speech`` split at the timeline positions ``cuts`` (increasing)."""
    chunks: list[Chunk] = []
    parts: list[Region] = []
    k = 0
    for r in speech:
        start = r.start_ms
        while k < len(cuts) and cuts[k] <= r.end_ms:
            if cuts[k] > start:
                parts.append(Region(start, cuts[k]))
                start = cuts[k]
            if parts:
                chunks.append(Chunk(tuple(parts)))
            parts = []
            k += 1
        if r.end_ms > start:
            parts.append(Region(start, r.end_ms))
    if parts:
        chunks.append(Chunk(tuple(parts)))
    return chunks


def join(samples: Samples, chunk: Chunk) -> Samples:
    """The audio of ``chunk``: its parts, without the silence between them."""
    ms = SAMPLE_RATE // 1000
    pieces = [samples[p.start_ms * ms : p.end_ms * ms] for p in chunk.parts]
    return pieces[0] if len(pieces) == 1 else np.concatenate(pieces)


def _offsets(parts: Sequence[Region]) -> list[int]:
    offsets = [0]
    for p in parts[:-1]:
        offsets.append(offsets[-1] + p.end_ms - p.start_ms)
    return offsets


def _part_index(start_ms: int, end_ms: int, parts: Sequence[Region]) -> int:
    """The part of the joined audio that holds the middle of a span."""
    return max(0, bisect.bisect_right(_offsets(parts), (start_ms + end_ms) / 2) - 1)


def to_timeline(start_ms: int, end_ms: int, parts: Sequence[Region]) -> tuple[int, int]:
    """Map a span in the joined audio of ``parts`` back to the original timeline.
    The part holding the span's middle decides; the result stays inside it."""
    i = _part_index(start_ms, end_ms, parts)
    part, shift = parts[i], parts[i].start_ms - _offsets(parts)[i]
    start = min(max(start_ms + shift, part.start_ms), part.end_ms)
    end = min(max(end_ms + shift, start), part.end_ms)
    return start, end


Tick = Callable[[int], None]
"""Reports the timeline ms a chunk's transcription has reached."""
ChunkFn = Callable[[Chunk, Tick], list[Word]]
"""Transcribes one chunk; reports progress as the timeline ms reached; the
words come back on the file's timeline."""


class Stopped(Exception):
    """Raised in a worker that should stop (another chunk failed)."""


def run(
    chunks: Sequence[Chunk],
    transcribe: ChunkFn,
    *,
    workers: int,
    total_ms: int,
    progress: ProgressFn | None = None,
) -> list[Word]:
    """The words of every chunk, in timeline order, transcribed by up to
    ``workers`` threads (the longest chunks first, so the last to finish are
    short). ``progress`` gets the seconds of the file done so far. A failure
    in one chunk stops the others and is raised."""
    tracker = _Progress(chunks, total_ms, progress)

    def one(i: int) -> list[Word]:
        words = transcribe(chunks[i], tracker.reporter(i))
        tracker.finish(i)
        return words

    if workers <= 1 or len(chunks) <= 1:
        return _ordered([one(i) for i in range(len(chunks))])
    order = sorted(range(len(chunks)), key=lambda i: -chunks[i].speech_ms)
    pool = ThreadPoolExecutor(min(workers, len(chunks)), thread_name_prefix="chunk")
    try:
        futures: dict[int, Future[list[Word]]] = {i: pool.submit(one, i) for i in order}
        done, _ = wait(futures.values(), return_when=FIRST_EXCEPTION)
        for f in done:
            if f.exception() is not None:
                tracker.stop.set()
                raise f.exception()  # type: ignore[misc]
        return _ordered([futures[i].result() for i in range(len(chunks))])
    except BaseException:
        tracker.stop.set()  # Ctrl-C too: running chunks stop at their next segment
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _ordered(results: Sequence[list[Word]]) -> list[Word]:
    """The chunks' words joined; a start never goes back (as within a chunk)."""
    out: list[Word] = []
    for words in results:
        for w in words:
            if out and w.start_ms < out[-1].start_ms:
                w = Word(out[-1].start_ms, max(w.end_ms, out[-1].start_ms), w.text, w.probability)
            out.append(w)
    return out


class _Progress:
    """Seconds of the file done: each chunk owns the stretch of the timeline
    from the previous chunk's end to its own (the last, to the file's end)."""

    def __init__(self, chunks: Sequence[Chunk], total_ms: int, progress: ProgressFn | None):
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._progress = progress
        starts = [0] + [c.end_ms for c in chunks[:-1]]
        ends = [c.end_ms for c in chunks[:-1]] + [max(total_ms, chunks[-1].end_ms if chunks else 0)]
        self._spans = list(zip(starts, ends, strict=True))
        self._done = [0] * len(chunks)

    def reporter(self, i: int) -> Tick:
        start, end = self._spans[i]

        def report(reached_ms: int) -> None:
            if self.stop.is_set():
                raise Stopped
            if self._progress is not None:
                with self._lock:
                    self._done[i] = max(self._done[i], min(end, reached_ms) - start)
                    self._progress(sum(self._done) / 1000)

        return report

    def finish(self, i: int) -> None:
        """Chunk ``i`` is done: all of its stretch counts."""
        self.reporter(i)(self._spans[i][1])
