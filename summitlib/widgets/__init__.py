"""Interactive explorers: pick a topic, a source, a date range or a word and see the data.

Each ``explore_<thing>(data=None)`` returns an ipywidgets widget (an :class:`Explorer`) made
of labelled controls above one output area that grows with what it shows. The widgets are
thin: every change of a control calls one pure function of :mod:`summitlib.queries` or of
:mod:`summitlib.charts` and shows what it returns, so everything a widget shows can also be
computed without it.

What a widget currently shows stays inspectable from Python, which is how the tests check
the widgets without a browser:

- ``w.controls``: the controls, keyed by the keyword they feed (``w.controls["topic"]``);
- ``w.current_text``: the text shown, as light Markdown;
- ``w.current_table``: the :class:`pandas.DataFrame` shown (or behind the chart), or None;
- ``w.current_figure``: the :class:`matplotlib.figure.Figure` shown, or None;
- ``w.current_error``: ``"ExceptionType: message"`` when the last update failed, else None.

An error inside an update never disappears into a log: the output area says what went wrong.

Every explorer works from the keyboard inside JupyterLab. JupyterLab's notebook shortcuts take
the arrow keys (and single letters) from any focused element of an output that is not a text
field, so a collapsed drop-down never sees ArrowDown (ipywidgets issue 3912) and a slider's
handle never sees ArrowLeft. The controls are therefore the kinds JupyterLab leaves alone:
toggle buttons and check boxes (Tab to each, Space or Enter picks it) and number boxes (text
fields: type a number, or step it with the arrow keys). Every chart image carries its
description as alternative text, and each change is announced to screen readers by a polite
live region holding the new view's description.

The package holds the shell (``_shell``: :class:`View`, :class:`Explorer`, the output
bundles, the live region and the small controls), one module per explorer (``topic``,
``sources``, ``new_start``, ``timeline``, ``statements``) and the quiz (``quiz``).

Examples
--------
>>> from summitlib.widgets import explore_statements
>>> w = explore_statements()
>>> w.controls["text"].value = "rubbish"
>>> w.current_text.splitlines()[0]
'1 statement matches'
"""

from summitlib.widgets._controls import ALL
from summitlib.widgets._shell import Explorer, View
from summitlib.widgets.new_start import explore_new_start
from summitlib.widgets.quiz import WhoSaidItQuiz, explore_who_said_it
from summitlib.widgets.sources import explore_sources
from summitlib.widgets.statements import explore_statements
from summitlib.widgets.timeline import explore_timeline
from summitlib.widgets.topic import explore_topic

__all__ = [
    "ALL",
    "Explorer",
    "View",
    "WhoSaidItQuiz",
    "explore_new_start",
    "explore_sources",
    "explore_statements",
    "explore_timeline",
    "explore_topic",
    "explore_who_said_it",
]
