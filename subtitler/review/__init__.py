"""``subtitler review``: a local web page to watch, check, correct and save
subtitles. ``setup`` turns the command line into a ``session.Setup``,
``session`` owns the file being edited (``state``, ``edits``, ``journal``,
``saving``), ``recheck`` runs ``subtitler check``'s code after each edit,
``marks`` and ``report_data`` bring in what the run report knows,
``answers`` holds what a person answered, ``translation`` the glossary
panel of translator mode, ``view`` is what the page is sent, ``app`` and
``security`` serve it, ``serve`` runs uvicorn, ``export`` writes the
read-only page."""
