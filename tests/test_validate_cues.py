"""``models.validate_cues``: the cue invariants checked before subtitles are
written (by run, review's save and the SRT writer alike)."""

from __future__ import annotations

import pytest

from subtitler.errors import SubtitlerError
from subtitler.formats.srt_write import compose
from subtitler.models import Cue, validate_cues

GOOD = Cue(0, 1000, ("Sex workers' rights",))


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (Cue(-1, 1000, ("Text",)), "cue 2 has invalid times -1-1000 ms"),
        (Cue(1000, 1000, ("Text",)), "cue 2 has invalid times 1000-1000 ms"),
        (Cue(2000, 1000, ("Text",)), "cue 2 has invalid times 2000-1000 ms"),
        (Cue(1000, 2000, ("  ", "")), "cue 2 has no text"),
    ],
)
def test_a_cue_a_player_cannot_show_is_named(bad: Cue, message: str) -> None:
    with pytest.raises(SubtitlerError) as err:
        validate_cues([GOOD, bad])
    assert str(err.value) == message
    with pytest.raises(SubtitlerError, match=message):
        compose([GOOD, bad])
    assert compose([GOOD, bad], validate=False).count("-->") == 2  # --fix keeps it


def test_good_cues_pass() -> None:
    validate_cues([GOOD, Cue(1000, 2500, ("Count Me In!",))])
    validate_cues([])
