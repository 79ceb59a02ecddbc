"""Browse views report each search here; whoever records them registers a recorder.

A lower app calls ``search_made`` without knowing who listens (``insights`` registers
itself from its ``AppConfig.ready()``), so the dependency points up, never down.
"""

_recorders = []


def register_search_recorder(recorder):
    if recorder not in _recorders:
        _recorders.append(recorder)


def search_made(*, area, params, result_count):
    """A search on ``area`` ("assets", "opportunities") with these query parameters."""
    for recorder in _recorders:
        recorder(area=area, params=params, result_count=result_count)
