"""The pipeline: media -> audio -> transcript -> [script] -> [glossary] -> cues
-> checks -> subtitle files (every format asked for, from the same cues) +
report. ``Pipeline`` loads the engine once and processes many files; ``run``
is the one-call library API the CLI wraps."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import rules
from ..cues import segment, timing, voice
from ..cues.units import NO_TERMS
from ..engines import cache, get_engine
from ..engines.base import DecodeOptions, ProgressFn, Transcriber
from ..engines.languages import check_language
from ..errors import UsageError
from ..formats.content import Subtitles
from ..formats.registry import FORMATS, parse_formats
from ..formats.transcript import pause_paragraphs
from ..fsutil import sha256_file
from ..glossary.model import Change
from ..glossary.stage import GlossaryStage, number_changes
from ..glossary.stage import record as glossary_record
from ..media import audio, vad
from ..media.audio import Samples
from ..media.tracks import choose_track
from ..models import Cue, Finding, Transcript, Word, validate_cues
from ..profiles import Profile
from ..script.align import align_script, deviation_findings
from ..script.align import report_json as align_report
from ..script.read import Script, read_script
from . import outputs, spoken
from .report import Report, word_records, write_report
from .settings import RunOptions, effective_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    media: Path
    subtitles: Path
    """The subtitle file written (of the first format asked for)."""
    report_path: Path
    cues: tuple[Cue, ...]
    words: tuple[Word, ...]
    """The words the cues were built from (after script and glossary)."""
    report: Report
    files: dict[str, Path] = field(default_factory=dict)
    """Format name -> file written, in the order asked for."""
    translation: RunResult | None = None
    """With ``translate``: the machine-translated English draft's run."""
    kept: tuple[str, ...] = ()
    """Where each version of a person's this run replaced was kept
    (``files.Wrote.note``: "your version of talk.srt was kept: ...")."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.report.findings


@dataclass
class _Stages:
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - t0


@dataclass(frozen=True)
class _Text:
    """What the script and glossary stages make of a transcript."""

    words: tuple[Word, ...]
    breaks: frozenset[int] = frozenset()
    findings: tuple[Finding, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)
    changes: tuple[Change, ...] = ()
    paragraph_ends: frozenset[int] | None = None
    """Word indices a script paragraph ends after (None: no script)."""


def _no_speech(profile: Profile) -> Finding:
    message = "no speech found: the subtitle file is empty (is this the right file?)"
    return profile.finding("no-speech", None, message)


class Pipeline:
    """Runs files through the stages; the engine is loaded once, on first need."""

    def __init__(self, options: RunOptions | None = None, command: str = "run") -> None:
        self.options = options or RunOptions()
        self.command = command
        """How the ledger and history name this pipeline's writes (``run``, ``batch``)."""
        check_language(self.options.decode.language, self.options.model)
        parse_formats(self.options.formats)  # an unknown name fails here, before any file
        self._engine: Transcriber | None = None
        self._engine_lock = threading.Lock()
        self._preloading = False
        o = self.options
        spelling_only = o.spelling not in (None, "off")
        self.glossary = (
            GlossaryStage.load(o.glossary, o.spelling) if o.glossary or spelling_only else None
        )

    def engine(self) -> Transcriber:
        with self._engine_lock:  # the preloading thread may be building it
            if self._engine is None:
                o = self.options
                self._engine = get_engine(o.engine, o.model, o.threads, o.workers)
            return self._engine

    def _key(self, media_hash: str, decode: DecodeOptions) -> str:
        o = self.options
        return cache.cache_key(media_hash, o.engine, o.model or "default", decode)

    def preload(self, media_hash: str | None, decode: DecodeOptions) -> None:
        """Start loading the model in the background, so that it loads while
        the audio is decoded: unless already started, or the transcript of
        ``media_hash`` is cached. A failure is left for the transcription to
        meet (and report) again."""
        if self._preloading or media_hash is None:
            return
        if self.options.use_cache and cache.has(self._key(media_hash, decode)):
            return
        self._preloading = True
        threading.Thread(target=self._load_quietly, name="load-model", daemon=True).start()

    def _load_quietly(self) -> None:
        try:
            self.engine().load()
        except Exception as err:  # raised again where the model is needed
            log.debug("loading the model in the background failed: %s", err)

    def transcribe(
        self,
        samples: Samples,
        media_hash: str,
        decode: DecodeOptions,
        progress: ProgressFn | None = None,
    ) -> tuple[Transcript, bool]:
        """The transcript of ``samples`` and whether it came from the cache."""
        o = self.options
        key = self._key(media_hash, decode)
        if o.use_cache and (hit := cache.load(key)) is not None:
            return hit, True
        transcript = self.engine().transcribe(samples, decode, progress)
        if o.use_cache:
            cache.store(key, transcript)
        return transcript, False

    def process(
        self,
        media: str | Path,
        *,
        subtitles: Path | None = None,
        language: str | None = None,
        script: Path | None = None,
        progress: Callable[[float, float], None] | None = None,
        task: str = "transcribe",
    ) -> RunResult:
        """Subtitle one media file. ``subtitles`` overrides where the subtitle
        file goes (the report goes beside it), ``language`` and ``script`` the options';
        ``progress(done_s, total_s)`` is called while transcribing; ``task``
        "translate": English subtitles (see ``translate``). Raises
        SubtitlerError subclasses for bad input."""
        o = self.options
        settings = effective_settings(o, language, script)
        decode, script = settings.decode, settings.script
        decode = replace(decode, language=check_language(decode.language, o.model), task=task)
        media = Path(media)
        named = subtitles is None and o.name_with_language
        if named and decode.language is not None:  # the name is known before the run
            subtitles, named = outputs.named_for(media, o.output_dir, decode.language), False
        targets = outputs.targets_for(media, o.output_dir, subtitles, o.formats)
        writes = outputs.run_writes(self.command + (" --force" if o.force else ""), media,
                                    script, o.glossary)
        claims = {} if named else outputs.claim(writes, targets, o.force)
        st = _Stages()
        extras: dict[str, Any] = {}
        text_of_script = read_script(script) if script is not None else None
        plan = None
        if self.glossary is not None and o.hotwords:
            decode, plan = self.glossary.prompt(self.engine(), decode)
        with st.stage("audio"):
            media_hash = _hash(media)
            self.preload(media_hash, decode)
            track = choose_track(media, o.audio_track, decode.language)
            samples = track.samples
            media_hash = media_hash or sha256_file(media)
        total_s = samples.size / audio.SAMPLE_RATE
        tick: ProgressFn | None = (
            (lambda s: progress(min(s, total_s), total_s)) if progress else None
        )
        with st.stage("transcribe"):
            heard = media_hash if track.of <= 1 else f"{media_hash}:audio-track-{track.number}"
            transcript, hit = self.transcribe(samples, heard, decode, tick)
        if named:  # named after the language heard
            subtitles = outputs.named_for(media, o.output_dir, transcript.language)
            targets = outputs.targets_for(media, o.output_dir, subtitles, o.formats)
            claims = outputs.claim(writes, targets, o.force)
        profile = settings.profile.for_language(transcript.language)
        text = self._text(transcript, text_of_script, st, profile)
        words, findings, extras = text.words, list(text.findings), dict(text.extras)
        extras[spoken.RECORD] = spoken.record(transcript, decode.language, o.model)
        findings += spoken.findings(transcript, profile, decode.language, o.model)
        if profile is not settings.profile:
            extras["profile_for_language"] = spoken.profile_record(profile, settings.profile)
        # each language its own rules (an English introduction, then Spanish); a
        # script is in one language
        runs = (spoken.language_runs(transcript, words) if text_of_script is None
                else [(0, transcript.language)])
        if track.of > 1:
            extras["audio_track"] = track.to_json()
        with st.stage("segment"):
            regions = vad.speech_regions(samples)  # the speech `check --media` compares with
            made, cues, pauses = self.cues(words, text.breaks, samples, regions,
                                           transcript.language, profile,
                                           script=script is not None, runs=runs)
            built, words = made.built, made.words  # the words with their sentence marks
            if made.marks:
                extras["sentence_marks"] = [m.to_json() for m in made.marks]
            paragraphs = (text.paragraph_ends if text.paragraph_ends is not None
                          else pause_paragraphs(words, pauses.ms))
        with st.stage("check"):
            checked = spoken.check_by_language(
                cues, [b.first for b in built], runs,
                lambda lang: settings.profile.for_language(lang), transcript.language)
            findings += segment.explain(checked, built)
            findings += segment.wide_units(built, profile)
            findings += rules.media_findings(cues, regions, profile)
            if not cues:
                findings.append(_no_speech(profile))
            if self.glossary is not None:
                findings += self.glossary.findings(cues, transcript.language, profile)
                numbered = number_changes(text.changes, [words[b.first].start_ms for b in built])
                extras["glossary"] = glossary_record(self.glossary, plan, numbered)
        with st.stage("compose"):
            validate_cues(cues)  # before anything is written
            content = Subtitles(tuple(cues), words, paragraphs, transcript.language)
            data = {f: FORMATS[f].text_for(content, targets.path(f)).encode("utf-8")
                    for f in targets.formats}
        for c in claims.values():
            c.check()  # a person may have edited a file during the run
        written = outputs.records(targets, data)
        first = written[targets.formats[0]]
        report = Report(
            input=str(media),
            output=str(targets.path(targets.formats[0])),
            media_sha256=media_hash,
            subtitles_sha256=first["sha256"],
            previous_subtitles_sha256=first["previous_sha256"],
            duration_ms=audio.duration_ms(samples),
            language=transcript.language,
            engine=transcript.engine,
            model=transcript.model,
            options=settings.to_json(decode),
            settings_sha256=settings.sha256(),  # of what was asked for, not what was sent
            profile=o.profile.name,
            cache_hit=hit,
            timings_s=st.timings,
            cue_count=len(cues),
            word_count=len(words),
            findings=tuple(findings),
            extras=extras,
            outputs=written,
            earlier_outputs=outputs.earlier_records(targets),
            words=word_records(words, segment.cue_of_word(built)),
        )
        # report first; each file is checked once more right before it is replaced,
        # and the ledger knows whose the old one is if the run stops in between
        write_report(targets.report, report, writes)
        outputs.write_files(claims, data)
        result = RunResult(media, targets.path(targets.formats[0]), targets.report, tuple(cues),
                           words, report, targets.files, kept=tuple(writes.notes))
        if o.translate and task == "transcribe" and spoken.translatable(transcript):
            draft = self.translate(media, targets, language, transcript.language, progress)
            return replace(result, translation=draft)
        return result

    def translate(
        self, media: Path, source: outputs.Targets, language: str | None, spoken_in: str,
        progress: Callable[[float, float], None] | None = None,
    ) -> RunResult:
        """The machine-translated English draft beside the transcript's
        subtitles ``source`` (in language ``spoken_in``): ``<stem>.en.srt``
        (and its report), for a translator to correct against the source
        (``subtitler review --source``)."""
        stem = source.subtitles.stem
        if self.options.name_with_language:
            stem = stem.removesuffix(f".{spoken_in}")
        draft = source.subtitles.with_name(f"{stem}.en.srt")
        if draft == source.subtitles:
            raise UsageError("--translate: the transcript is English already", path=media)
        return self.process(media, subtitles=draft, language=language, progress=progress,
                            task="translate")

    def _text(
        self, transcript: Transcript, script: Script | None, st: _Stages, profile: Profile
    ) -> _Text:
        """The words to subtitle: the script's (aligned to the speech) when
        there is one, else the recognised words with the glossary's fixes."""
        if script is not None:
            with st.stage("align"):
                alignment = align_script(transcript, script)
                return _Text(
                    alignment.words,
                    alignment.breaks,
                    tuple(deviation_findings(alignment, profile)),
                    align_report(alignment, script),
                    paragraph_ends=alignment.paragraph_breaks,
                )
        if self.glossary is not None:
            with st.stage("glossary"):
                words, changes = self.glossary.correct(transcript.words, transcript.language)
                return _Text(words, changes=changes)
        return _Text(transcript.words)

    def cues(
        self,
        words: Sequence[Word],
        breaks: frozenset[int],
        samples: Samples,
        regions: Sequence[vad.Region],
        language: str | None,
        profile: Profile | None = None,
        *,
        script: bool = False,
        runs: Sequence[tuple[int, str]] = (),
    ) -> tuple[segment.CuePlan, list[Cue], voice.Pauses]:
        """Cues built from ``words``, started at the voice (found in the
        audio unless ``refine_onsets`` is off) and timed to ``profile``
        (default: the options', for ``language``), and the pauses around
        each word they were cut by. The glossary's terms are units no break
        splits; a ``script`` keeps its own punctuation. ``runs``: where each
        language starts in ``words`` (default: all in ``language``); each is
        cut by its own language's rules and ``profile``'s numbers for it."""
        o = self.options
        profile = profile or o.profile.for_language(language)
        heard = voice.Voice(samples, regions, o.cues) if o.refine_onsets else None
        pauses = voice.pauses(words, heard)

        def run(start: int, lang: str | None) -> segment.Run:
            terms = self.glossary.units(lang) if self.glossary is not None else NO_TERMS
            own = profile if lang == language else profile.for_language(lang)
            return segment.Run(start, lang, own, terms)

        chosen = [run(a, lang) for a, lang in runs] or [run(0, language)]
        made = segment.plan_runs(words, chosen, breaks, pauses, o.cues, full_stops=not script)
        return made, timing.settle([b.cue for b in made.built], profile), pauses


def _hash(media: Path) -> str | None:
    """The SHA-256 of ``media``, or None when it cannot be read (decoding
    then says why)."""
    try:
        return sha256_file(media) if media.is_file() else None
    except OSError:
        return None


def run(media: str | Path, options: RunOptions | None = None) -> RunResult:
    """Subtitle one media file with ``options``: the library's one-call API."""
    return Pipeline(options).process(media)
