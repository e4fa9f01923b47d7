"""How subtitles look in an ASS file and when burned in: the style presets.

Sizes and margins are fractions of the picture, so a preset looks the same
at any resolution (the ASS canvas, ``PlayResX``/``PlayResY``, is the video's
own size). Every preset keeps the text inside the title-safe area: the
central 90% of the picture (EBU R 95; SMPTE ST 2046-1), and for ``vertical``
inside the area short-video platforms leave free of their buttons and
captions (about the bottom 20-35% and a strip on the right: TikTok, Reels,
Shorts guidance).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pysubs2
from pysubs2 import Alignment, Color

FONT_FAMILY = "DejaVu Sans"
"""The family of the font that ships with subtitler (``media/fonts``)."""

TITLE_SAFE = 0.05
"""Margin of the title-safe area on each side, as a share of the picture."""


@dataclass(frozen=True)
class Preset:
    """A style preset; lengths are shares of the picture's shorter side
    (``size``, ``outline``) or of its width and height (margins)."""

    name: str
    description: str
    size: float
    outline: float
    margin_x: float
    margin_bottom: float
    box: bool = False
    bold: bool = False


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset("default", "bottom centre, white with a dark outline", 0.052, 0.0035,
               TITLE_SAFE, TITLE_SAFE),
        Preset("box", "white on a translucent dark box, for busy backgrounds", 0.05, 0.014,
               TITLE_SAFE, TITLE_SAFE, box=True),
        Preset("vertical", "9:16 video: larger, bold, above the platforms' buttons", 0.058,
               0.0045, 0.12, 0.28, bold=True),
    )
}


@dataclass(frozen=True)
class Look:
    """A preset on a canvas of ``width`` x ``height`` pixels (the video's)."""

    preset: str = "default"
    width: int = 1920
    height: int = 1080

    @property
    def style(self) -> Preset:
        return PRESETS[self.preset]

    def margins(self) -> tuple[int, int, int]:
        """``(left/right, bottom, top)`` margins in pixels: the text box."""
        p = self.style
        pad = math.ceil(self.outline())  # the outline or box reaches beyond the text
        side = math.ceil(self.width * p.margin_x) + pad
        bottom = math.ceil(self.height * p.margin_bottom) + pad
        return side, bottom, math.ceil(self.height * TITLE_SAFE) + pad

    def font_size(self) -> int:
        return max(8, round(min(self.width, self.height) * self.style.size))

    def outline(self) -> float:
        return max(1.0, round(min(self.width, self.height) * self.style.outline, 1))


def styled_file(look: Look) -> pysubs2.SSAFile:
    """An empty ASS file whose ``Default`` style is ``look``."""
    subs = pysubs2.SSAFile()
    subs.info.update({
        "Title": "subtitler",
        "PlayResX": str(look.width),
        "PlayResY": str(look.height),
        "WrapStyle": "0",
        "ScaledBorderAndShadow": "yes",
        "YCbCr Matrix": "None",
    })
    p = look.style
    side, bottom, _ = look.margins()
    subs.styles = {"Default": pysubs2.SSAStyle(
        fontname=FONT_FAMILY,
        fontsize=look.font_size(),
        primarycolor=Color(255, 255, 255, 0),
        secondarycolor=Color(255, 255, 0, 0),
        outlinecolor=Color(0, 0, 0, 0x50 if p.box else 0),
        backcolor=Color(0, 0, 0, 0x80),
        bold=p.bold,
        borderstyle=3 if p.box else 1,
        outline=look.outline(),
        shadow=0,
        alignment=Alignment.BOTTOM_CENTER,
        marginl=side,
        marginr=side,
        marginv=bottom,
    )}
    return subs
