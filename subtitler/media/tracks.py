"""Which audio track to subtitle, when a file has several.

A track asked for (``--audio-track N``) is used as it is. Otherwise, of
several tracks: the one tagged with the language asked for (``--language``),
else the one with speech: every track is decoded and the voice-activity
detector measures its speech; the default track wins unless another has
clearly more (twice as much). The choice and its reason go in the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import MediaError
from ..wording import counted
from .audio import AudioTrack, Samples, audio_tracks, check_media_path, load_audio
from .vad import speech_regions

# ISO 639-1 codes (what --language takes) of the ISO 639-2 tags containers carry,
# where the two differ beyond the first two letters (B and T forms both)
_ISO639_2 = {
    "ger": "de", "deu": "de", "fre": "fr", "fra": "fr", "spa": "es", "chi": "zh", "zho": "zh",
    "dut": "nl", "nld": "nl", "gre": "el", "ell": "el", "per": "fa", "fas": "fa", "cze": "cs",
    "ces": "cs", "rum": "ro", "ron": "ro", "arm": "hy", "hye": "hy", "geo": "ka", "kat": "ka",
    "ice": "is", "isl": "is", "mac": "mk", "mkd": "mk", "may": "ms", "msa": "ms", "bur": "my",
    "mya": "my", "slo": "sk", "slk": "sk", "alb": "sq", "sqi": "sq", "wel": "cy", "cym": "cy",
    "baq": "eu", "eus": "eu", "tib": "bo", "bod": "bo", "swe": "sv", "jpn": "ja", "kor": "ko",
    "heb": "he", "ukr": "uk", "por": "pt", "tur": "tr", "vie": "vi", "pol": "pl", "dan": "da",
    "fin": "fi", "hun": "hu", "nor": "no", "nob": "no", "srp": "sr", "hrv": "hr", "slv": "sl",
    "est": "et", "lav": "lv", "lit": "lt", "ind": "id", "tgl": "tl", "swa": "sw", "urd": "ur",
    "ben": "bn", "tam": "ta", "tel": "te", "mar": "mr", "hin": "hi", "rus": "ru", "ara": "ar",
}


@dataclass(frozen=True)
class Chosen:
    samples: Samples
    number: int
    of: int
    why: str
    language: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"number": self.number, "of": self.of, "why": self.why,
                "language": self.language}


def two_letter(tag: str | None) -> str | None:
    if not tag:
        return None
    tag = tag.lower()
    return _ISO639_2.get(tag, tag[:2] if len(tag) == 3 else tag)


def _speech_s(samples: Samples) -> float:
    return sum(r.end_ms - r.start_ms for r in speech_regions(samples)) / 1000


def choose_track(path: Path, asked: int | None = None, language: str | None = None) -> Chosen:
    """The audio to subtitle from ``path``, and which track it is and why."""
    check_media_path(path)
    tracks = audio_tracks(path)
    if asked is not None:
        if not 1 <= asked <= max(1, len(tracks)):
            count = counted(len(tracks), "audio track")
            raise MediaError(f"has {count}: there is no --audio-track {asked}", path=path)
        return _chosen(path, tracks, asked, "asked for with --audio-track")
    if len(tracks) <= 1:
        return Chosen(load_audio(path), 1, len(tracks), "the only audio track")
    if language is not None:
        tagged = [t for t in tracks if two_letter(t.language) == language.lower().split("-")[0]]
        if len(tagged) == 1:
            return _chosen(path, tracks, tagged[0].number, f"tagged {tagged[0].language}, "
                           f"the language asked for")
    return _by_speech(path, tracks)


def _chosen(path: Path, tracks: tuple[AudioTrack, ...], number: int, why: str) -> Chosen:
    lang = tracks[number - 1].language if number <= len(tracks) else None
    return Chosen(load_audio(path, number), number, len(tracks), why, lang)


def _by_speech(path: Path, tracks: tuple[AudioTrack, ...]) -> Chosen:
    """Decode each track (one at a time: only the best is kept in memory)."""
    default = next((t for t in tracks if t.default), tracks[0])
    best: tuple[float, AudioTrack, Samples] | None = None
    default_s = 0.0
    for t in tracks:
        samples = load_audio(path, t.number)
        seconds = _speech_s(samples)
        if t is default:
            default_s = seconds
        if best is None or seconds > best[0]:
            best = (seconds, t, samples)
    assert best is not None
    seconds, track, samples = best
    if track is not default and seconds > 2 * default_s:
        why = (f"the track with speech ({seconds:.0f} s of it; the default track "
               f"{default.number} has {default_s:.0f} s)")
    else:
        track = default
        samples = samples if best[1] is default else load_audio(path, default.number)
        why = f"the default track, with {default_s:.0f} s of speech"
    return Chosen(samples, track.number, len(tracks), why, track.language)
