"""Which model transcribes which stretch of speech, and in which language.

The first chunk of speech (``engines.chunks``) goes through language
detection, the multilingual model's, on its first 30 s. When it is English,
each later chunk goes to the English model first, and its words are kept if
they read as English (``sounds_english``: enough words per second, sure of
them; on speech in another language tiny.en writes nothing or a few unsure
words); any other chunk is detected too (docs/engines.md measures what
detection costs an English run). A chunk the detector is unsure of (its
best language below ``SURE``, or a runner-up at ``MIXED`` or more: measured
on an English introduction followed by Spanish or French in one window,
0.54-0.72 against 0.9-0.98 for one language) may
hold two languages: it is cut at its longest pause and each side detected
again (``SPLIT_DEPTH`` times at most); sides that agree are joined back.
Each stretch is then transcribed:

- no language asked for: English by the English model (the bundled tiny.en,
  fast), any other language by the multilingual model, in that language;
  with ``task="translate"``, other languages as English (Whisper's translate);
- a language asked for (``--language``), or only an English model: in that
  language, whatever was heard. Each stretch records what detection heard,
  so the pipeline can refuse a transcript in the wrong language
  (``language-mismatch``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..errors import EngineError
from ..media.audio import SAMPLE_RATE, Samples
from ..media.vad import Region
from ..models import Stretch, Transcript, Word
from . import chunks, ledger
from .base import DecodeOptions, LanguageGuess, ProgressFn
from .chunks import Chunk
from .recognizer import Recognizer

log = logging.getLogger(__name__)

SURE = 0.8
"""Detection at least this sure of one language takes the chunk whole..."""
MIXED = 0.15
"""...unless a second language gets this much."""
MIN_STRETCH_MS = 4000
"""A chunk is cut only where both sides keep this much speech."""
SPLIT_DEPTH = 2
"""Cuts per chunk at most (so up to 4 stretches, and 7 detections)."""
UNSURE = 0.5
"""Below this, detection's best guess is only a guess: a side of a cut
chunk this unsure of its language takes its surest neighbour's
(``follow_sure``), and the run warns (``language-uncertain``)."""


@dataclass(frozen=True)
class Models:
    """The models one run may use."""

    english: Recognizer | None
    """English speech, when set (the bundled tiny.en, or an English-only model)."""
    multilingual: Recognizer | None
    """Every other language (None: only an English-only model was chosen)."""
    detector: Recognizer
    """Language detection (a multilingual model)."""

    def describe(self) -> str:
        """The choice as one line: the English model, the one for other
        languages, the detector ("-": none)."""
        return " | ".join(m.label if m is not None else "-"
                          for m in (self.english, self.multilingual, self.detector))

    def used(self) -> tuple[Recognizer, ...]:
        out: list[Recognizer] = []
        for m in (self.english, self.multilingual, self.detector):
            if m is not None and all(m is not o for o in out):
                out.append(m)
        return tuple(out)


class Router:
    """A ``Transcriber`` that detects the language of each stretch of speech
    and sends it to the model for that language."""

    def __init__(self, engine: str, models: Models, model: str) -> None:
        self.engine = engine
        self.models = models
        self.model = model
        """How reports name the model choice when no speech was transcribed."""

    @property
    def workers(self) -> int:
        """Chunks transcribed at once."""
        return min(m.concurrent for m in self.models.used())

    def load(self) -> None:
        for m in self.models.used():
            m.load()

    def count_tokens(self, text: str) -> int:
        first = self.models.english or self.models.multilingual or self.models.detector
        return first.count_tokens(text)

    def transcribe(
        self, samples: Samples, options: DecodeOptions, progress: ProgressFn | None = None
    ) -> Transcript:
        if options.task == "translate" and self.models.multilingual is None:
            raise EngineError("an English-only model cannot translate: leave out --model")
        plan = chunks.plan(samples, vad=options.vad, chunk_ms=options.chunk_s * 1000)
        found: list[Stretch] = []
        lock = threading.Lock()
        # the first chunk is always detected, before the others start: when
        # it is English, later chunks try the English model first
        lead = self.stretches(samples, plan[0]) if plan and options.detect else []
        ledger.record(self.engine, self.models.describe(), samples, options, self.workers)
        english = self.models.english
        gate = (english is not None and options.language in (None, "en")
                and bool(lead) and all(g.language == "en" for _, g in lead))

        def one(chunk: Chunk, tick: chunks.Tick) -> list[Word]:
            words: list[Word] = []
            heard: list[Word] | None = None
            if gate and chunk is not plan[0]:
                assert english is not None
                heard = english.words(chunks.join(samples, chunk), chunk,
                                      replace(options, task="transcribe"), "en", tick)
                if sounds_english(heard, chunk):
                    with lock:
                        found.append(Stretch(chunk.start_ms, chunk.end_ms, "en", None, 0.0,
                                             english.label))
                    return heard
            if not options.detect:
                pieces: list[tuple[Chunk, LanguageGuess | None]] = [(chunk, None)]
            elif chunk is plan[0]:
                pieces = list(lead)
            else:
                pieces = list(self.stretches(samples, chunk))
            for piece, guess in pieces:
                language, model = self.choose(guess, options)
                if heard is not None and piece is chunk and model is english:
                    words += heard  # detection agrees with the English model's try
                    heard = None
                else:
                    language, model, got = self.heard(samples, piece, guess, options, tick)
                    words += got
                with lock:
                    found.append(Stretch(piece.start_ms, piece.end_ms, language,
                                         guess.language if guess else None,
                                         guess.probability if guess else 0.0, model.label))
            return words

        total = round(samples.size * 1000 / SAMPLE_RATE)
        words = chunks.run(plan, one, workers=self.workers, total_ms=total, progress=progress)
        found.sort(key=lambda s: s.start_ms)
        log.info("%s: %d chunks, %d stretches, %d workers", self.engine, len(plan), len(found),
                 self.workers)
        return self._transcript(words, found, options, total)

    def _transcript(self, words: Sequence[Word], found: Sequence[Stretch],
                    options: DecodeOptions, total: int) -> Transcript:
        translated = options.task == "translate" and any(s.language != "en" for s in found)
        labels = list(dict.fromkeys(s.model for s in found)) or [self.model]
        draft = Transcript("en", tuple(words), self.engine, " + ".join(labels), total,
                           tuple(found), translated)
        spoken = draft.spoken
        language = options.language or "en"
        if spoken is not None and not translated:
            language = spoken.language
        return Transcript(language, draft.words, draft.engine, draft.model, total,
                          draft.stretches, translated)

    def stretches(self, samples: Samples, chunk: Chunk,
                  depth: int = 0) -> list[tuple[Chunk, LanguageGuess]]:
        """``chunk`` as stretches of one language each, with what detection heard."""
        guess = self.models.detector.detect(chunks.join(samples, chunk))
        if (guess.probability >= SURE and guess.runner_up < MIXED) or depth >= SPLIT_DEPTH:
            return [(chunk, guess)]
        gap = longest_gap(chunk)
        if gap is None:
            return [(chunk, guess)]
        left, right = chunks.split_at(chunk, gap)
        sides = (self.stretches(samples, left, depth + 1)
                 + self.stretches(samples, right, depth + 1))
        settled = follow_sure([g for _, g in sides])
        if settled is None:  # the detector cannot place the sides: one stretch
            return [(chunk, guess)]
        sides = list(zip([c for c, _ in sides], settled, strict=True))
        if len({g.language for _, g in sides}) > 1:
            log.info("languages %s within %d-%d ms", [g.language for _, g in sides],
                     chunk.start_ms, chunk.end_ms)
            return sides
        weight = sum(c.speech_ms for c, _ in sides)
        mean = sum(g.probability * c.speech_ms for c, g in sides) / max(1, weight)
        return [(chunk, LanguageGuess(sides[0][1].language, round(mean, 4), guess.ranked))]

    def heard(self, samples: Samples, piece: Chunk, guess: LanguageGuess | None,
              options: DecodeOptions, tick: chunks.Tick) -> tuple[str, Recognizer, list[Word]]:
        """The words of ``piece`` in the language detection chose; when that
        gives almost no words for its speech (``sparse``), the next languages
        of detection's ranking are tried (``second_guesses``) and the one
        that hears most is kept: the language, its model, its words."""
        audio = chunks.join(samples, piece)
        best: tuple[str, Recognizer, list[Word]] | None = None
        tries = [guess.language, *second_guesses(guess)] if guess is not None else [None]
        for k, candidate in enumerate(tries):
            if k and options.language is not None:
                break  # a language asked for is never second-guessed
            choice = guess if k == 0 or guess is None else LanguageGuess(candidate or "", 0.0)
            language, model = self.choose(choice, options)
            if best is not None and language == best[0]:
                continue
            told = options if language != "en" else replace(options, task="transcribe")
            got = model.words(audio, piece, told, language, tick)
            if k:
                log.info("%d-%d ms: %s heard %d words, %s %d", piece.start_ms, piece.end_ms,
                         best[0] if best else "-", said(best[2]) if best else 0, language,
                         said(got))
            if best is None or said(got) > said(best[2]):
                best = (language, model, got)
            if not sparse(best[2], piece.speech_ms):
                break
        assert best is not None
        return best

    def choose(self, guess: LanguageGuess | None,
               options: DecodeOptions) -> tuple[str, Recognizer]:
        """The language to transcribe a stretch in, and the model (no guess:
        detection is off, and ``options.language`` or English is trusted)."""
        m = self.models
        language = options.language or (guess.language if guess else "en")
        if m.multilingual is None:  # only an English model: English, whatever was heard
            assert m.english is not None
            return options.language or "en", m.english
        if language == "en" and m.english is not None:
            return language, m.english
        return language, m.multilingual


def follow_sure(guesses: Sequence[LanguageGuess]) -> list[LanguageGuess] | None:
    """The guesses for the sides of a cut chunk, in order, each one below
    ``UNSURE`` given the language of the surer of its neighbours when that
    one is sure (its probability for that language, from its ranking);
    None when the sides still disagree and one of them is unsure: the chunk
    is not cut. A cut is for a chunk that holds two languages, each side
    heard clearly (0.9-0.98 measured), and must not scatter speech the
    detector cannot place over guesses ("la 0.51 | en 0.28 | la 0.87" on
    synthetic Portuguese gave a stretch of invented English)."""
    out = list(guesses)
    for k, g in enumerate(guesses):
        if g.probability >= UNSURE:
            continue
        near = [n for n in (guesses[k - 1] if k else None,
                            guesses[k + 1] if k + 1 < len(guesses) else None)
                if n is not None and n.probability >= UNSURE]  # fmt: skip
        if near:
            language = max(near, key=lambda n: n.probability).language
            p = dict(g.ranked).get(language, 0.0)
            out[k] = LanguageGuess(language, p, g.ranked)
    if len({g.language for g in out}) > 1 and any(g.probability < UNSURE for g in out):
        return None
    return out


SPARSE_WORDS_PER_S = 0.5
"""Fewer words than this per second of speech: the stretch was not
transcribed in the language spoken (speech gives 2-3 words a second in any
language; synthetic Brazilian Portuguese, detected as Latin at p = 0.59,
gave no words at all in Latin)."""
SECOND_GUESSES = 2
"""Languages tried after detection's first choice gives sparse words..."""
SECOND_GUESS_MIN = 0.05
"""...among those it ranked at least this likely."""


def said(words: Sequence[Word]) -> int:
    """How many of ``words`` hold a letter or digit (not "––––" or "...")."""
    return sum(any(ch.isalnum() for ch in w.text) for w in words)


def sparse(words: Sequence[Word], speech_ms: int) -> bool:
    """Whether ``words`` are too few for this much speech to be what was said."""
    return said(words) * 1000 < SPARSE_WORDS_PER_S * max(1, speech_ms)


def second_guesses(guess: LanguageGuess) -> list[str]:
    """The languages to try when ``guess``'s gives sparse words, most likely first."""
    return [lang for lang, p in guess.ranked[1:] if p >= SECOND_GUESS_MIN][:SECOND_GUESSES]


ENGLISH_WORDS_PER_S = 1.2
"""Below this many words per second of speech, the English model's output
does not count as English (it writes a few words, or none, for speech in
another language: 0-0.7 on Spanish, French and Portuguese, 2.0-3.0 on English)."""
ENGLISH_MEAN_PROBABILITY = 0.75
"""Nor below this mean word probability (0.47 on Portuguese, 0.88-0.97 on English)..."""
ENGLISH_UNSURE_SHARE = 0.2
"""...nor with more than this share of its words below 0.5 (0.56; 0.02-0.05)."""


def sounds_english(words: Sequence[Word], chunk: Chunk) -> bool:
    """Whether the English model's words for ``chunk`` read as English
    speech: enough words, and sure of them (else language detection decides)."""
    if not words:
        return False
    mean = sum(w.probability for w in words) / len(words)
    unsure = sum(w.probability < 0.5 for w in words) / len(words)
    per_s = len(words) * 1000 / max(1, chunk.speech_ms)
    return (per_s >= ENGLISH_WORDS_PER_S and mean >= ENGLISH_MEAN_PROBABILITY
            and unsure <= ENGLISH_UNSURE_SHARE)


def longest_gap(chunk: Chunk) -> Region | None:
    """The longest pause inside ``chunk`` that leaves ``MIN_STRETCH_MS`` of
    speech on either side (None: there is none)."""
    best = None
    for gap in chunk.gaps:
        before = sum(min(p.end_ms, gap.start_ms) - p.start_ms
                     for p in chunk.parts if p.start_ms < gap.start_ms)
        after = chunk.speech_ms - before - sum(
            min(p.end_ms, gap.end_ms) - max(p.start_ms, gap.start_ms)
            for p in chunk.parts if p.start_ms < gap.end_ms and p.end_ms > gap.start_ms)
        if min(before, after) < MIN_STRETCH_MS:
            continue
        if best is None or gap.end_ms - gap.start_ms > best.end_ms - best.start_ms:
            best = gap
    return best
