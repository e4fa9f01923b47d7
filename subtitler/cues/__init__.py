"""Cues from timed words: grouping, line breaks and timing under a profile
(``segment.build``, then ``timing.settle``)."""
