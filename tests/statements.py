"""Short statements in several languages, spoken by espeak-ng (Debian's
``espeak-ng``), with the texts they read and English reference translations
(all written for this project).

Synthetic voices are a weak test of a language: Whisper base hears some of
espeak-ng's voices as another language (its plain Portuguese voices as
Latin or Spanish, its French ``+f2`` variant at p=0.78), so each language
lists voices it was measured to hear as that language, at least three
(docs/engines.md, "Languages").
"""

from __future__ import annotations

import shutil
import subprocess
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Statement:
    language: str
    text: str
    english: str
    """A reference English translation (for ``--translate``)."""
    voices: tuple[str, ...]
    """espeak-ng voices (``-v``), each with its speed in words per minute."""


_EN_REF = (
    "Sex workers from across the region met in {city} to {demand}. The criminalisation of "
    "sex work puts the lives of thousands of people in danger. We ask governments to listen "
    "to communities and to protect their health."
)

STATEMENTS: dict[str, Statement] = {
    "es": Statement(
        "es",
        "Las trabajadoras sexuales de toda la región se reunieron en Bogotá para exigir sus "
        "derechos laborales. La criminalización del trabajo sexual pone en peligro la vida "
        "de miles de personas. Pedimos a los gobiernos que escuchen a las comunidades y que "
        "protejan su salud.",
        _EN_REF.format(city="Bogotá", demand="demand their labour rights"),
        ("es:150", "es-419:150", "es+m3:150"),
    ),
    "fr": Statement(
        "fr",
        "Les travailleuses du sexe de toute la région se sont réunies à Genève pour défendre "
        "leurs droits. La criminalisation du travail du sexe met en danger la vie de "
        "milliers de personnes. Nous demandons aux gouvernements d'écouter les communautés "
        "et de protéger leur santé.",
        _EN_REF.format(city="Geneva", demand="defend their rights"),
        ("fr+m2:150", "fr-BE:150", "fr:150"),
    ),
    "pt": Statement(
        "pt",
        "As trabalhadoras do sexo de toda a região reuniram-se em Lisboa para defender os "
        "seus direitos. A criminalização do trabalho sexual coloca em perigo a vida de "
        "milhares de pessoas. Pedimos aos governos que ouçam as comunidades e que protejam "
        "a sua saúde.",
        _EN_REF.format(city="Lisbon", demand="defend their rights"),
        ("pt-BR+Mario:150", "pt-BR+robert:150", "pt-BR+iven3:150"),
    ),
    "en": Statement(
        "en",
        "Good morning. My name is Vera and I work with the Red Umbrella Fund. I will now "
        "read our statement in Spanish.",
        "",
        ("en-us:150", "en+m3:150"),
    ),
}


def espeak() -> str:
    """The espeak-ng binary (installed by .ci/run)."""
    found = shutil.which("espeak-ng")
    if found is None:
        raise RuntimeError("espeak-ng is not installed (apt-get install espeak-ng)")
    return found


def speak(text: str, voice: str, dst: Path) -> Path:
    """``text`` spoken by espeak-ng ``voice`` ("es+m3:175": voice and speed)
    into the WAV file ``dst``."""
    name, _, speed = voice.partition(":")
    subprocess.run([espeak(), "-v", name, "-s", speed or "175", "-w", str(dst), text],
                   check=True, capture_output=True)
    return dst


def join(parts: Sequence[Path | float], dst: Path) -> Path:
    """WAV files and seconds of silence, one after another (same format as
    the first file) into ``dst``."""
    first = next(p for p in parts if isinstance(p, Path))
    with wave.open(str(first)) as w:
        params = w.getparams()
    chunks = []
    for part in parts:
        if isinstance(part, Path):
            with wave.open(str(part)) as w:
                chunks.append(np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16))
        else:
            chunks.append(np.zeros(round(part * params.framerate), dtype=np.int16))
    with wave.open(str(dst), "wb") as out:
        out.setparams(params)
        out.writeframes(np.concatenate(chunks).tobytes())
    return dst
