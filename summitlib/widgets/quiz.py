"""The "Who said it?" quiz: a quote, a button per speaker, feedback and a running score."""

from __future__ import annotations

import random

import ipywidgets as widgets
import pandas as pd

from summitlib import _validate
from summitlib.queries import PRESIDENTS, _locator, _short_names, _tables, _topic_titles
from summitlib.widgets._shell import Explorer, View


class WhoSaidItQuiz:
    """A quote quiz over the quoted statements, in a seeded random order.

    Parameters
    ----------
    data : DataFrame, dict of str to DataFrame, or None, default=None
        The statements table (or ``{"statements": ..., "people": ..., "topics": ...}``);
        None for the bundled.
    seed : int or None, default=None
        The same seed gives the same sequence of quotes; None gives a fresh order.
    min_words : int, default=3
        Quotes shorter than this ("private", "We agree.") say too little to guess from.

    Attributes
    ----------
    speakers : dict of str to str
        The candidate speakers (``speaker_id`` to name), Trump and Putin first.
    score, answered : int
        Right answers and answered questions so far, in this round.
    finished : bool
        Whether the round is over: every quote has been shown once. ``next()`` then starts a
        new round, in a new order, with the score back at zero.

    Examples
    --------
    >>> from summitlib.widgets import WhoSaidItQuiz
    >>> quiz = WhoSaidItQuiz(seed=1)
    >>> quiz.answer(quiz.current["speaker_id"]).startswith("Correct")
    True
    >>> quiz.score_text()
    'Score: 1 of 1'
    """

    def __init__(self, data=None, *, seed=None, min_words=3):
        tables = _tables(data, "statements", "people", "topics")
        statements = tables["statements"]
        quotes = statements[statements["statement_kind"].astype(str) == "quote"]
        quotes = quotes[quotes["quote"].fillna("").str.split().str.len() >= min_words]
        if quotes.empty:
            raise ValueError(
                f"There are no quotes of {min_words} or more words to ask about; "
                "pass statements with statement_kind 'quote' or a smaller min_words."
            )
        self._quotes = quotes.sort_values("statement_id").reset_index(drop=True)
        self._rng = random.Random(seed)
        self._titles = _topic_titles(tables["topics"])
        names = _short_names(tables["people"])
        counts = self._quotes["speaker_id"].astype(str).value_counts()
        order = [p for p in PRESIDENTS if p in counts] + [
            p for p in counts.index if p not in PRESIDENTS
        ]
        self.speakers = {p: names.get(p, p) for p in order}
        self._start_round()

    def _start_round(self) -> None:
        self.score = 0
        self.answered = 0
        self.feedback = ""
        self.finished = False
        self._order = list(range(len(self._quotes)))
        self._rng.shuffle(self._order)
        self._position = 0
        self._answered_current = False

    @property
    def current(self) -> pd.Series:
        """The statement being asked about."""
        return self._quotes.iloc[self._order[self._position]]

    @property
    def total(self) -> int:
        """How many quotes one round asks about."""
        return len(self._order)

    def next(self) -> None:
        """Move on to the next quote; after the last one the round ends (``finished``), and
        ``next()`` on a finished round starts a new one."""
        if self.finished:
            self._start_round()
            return
        if self._position + 1 >= len(self._order):
            self.finished = True
            self.feedback = ""
            return
        self._position += 1
        self._answered_current = False
        self.feedback = ""

    def answer(self, speaker_id: str) -> str:
        """Answer the current quote with a speaker id; returns (and keeps) the feedback."""
        _validate.one_of("speaker_id", speaker_id, list(self.speakers), none=None)
        if self.finished:
            return self.feedback
        if self._answered_current:
            # A second click is answered too, so the student knows it was seen.
            if not self.feedback.startswith("You have already answered"):
                self.feedback = (f"You have already answered this one. {self.feedback}. "
                                 "Press “Next quote” for another.")
            return self.feedback
        row = self.current
        who = self.speakers.get(str(row["speaker_id"]), str(row["speaker_id"]))
        self.answered += 1
        self._answered_current = True
        if speaker_id == str(row["speaker_id"]):
            self.score += 1
            self.feedback = f"Correct — {who}, {_locator(row)}"
        else:
            self.feedback = f"Not quite: that was {who} ({_locator(row)})"
        return self.feedback

    def score_text(self) -> str:
        """The running score out of the quotes answered, as ``"Score: 2 of 3"``."""
        return f"Score: {self.score} of {self.answered}"

    def text(self) -> str:
        """The current state as light Markdown: the quote, its topic, feedback, score."""
        if self.finished:
            skipped = self.total - self.answered
            also = f" ({skipped} skipped)" if skipped else ""
            return "\n".join([
                f"**End of the quiz.** You answered {self.answered} of the {self.total} "
                f"quotes{also} and got {self.score} right.",
                "",
                "Press “Start again” for a new round, in another order.",
                "",
                f"Final score: {self.score} of {self.answered}",
            ])
        row = self.current
        topic = self._titles.get(str(row["topic_id"]), str(row["topic_id"]))
        lines = [
            f"**Quote {self._position + 1} of {len(self._quotes)}** (topic: {topic})",
            "",
            f"“{row['quote']}”",
            "",
            self.feedback or "Who said it? Press a name.",
            "",
            self.score_text(),
        ]
        return "\n".join(lines)


@_validate.public
def explore_who_said_it(data=None, *, seed=None) -> Explorer:
    """A "Who said it?" quiz: a quote, a button per speaker, feedback and a running score.

    Parameters
    ----------
    data, seed
        As for :class:`WhoSaidItQuiz`: the tables to ask about (None for the bundled) and
        the seed of the order (the same seed, the same sequence of quotes).

    Returns
    -------
    Explorer
        Controls: ``answers`` (an HBox of Buttons, one per speaker; the buttons are also in
        ``explorer.answer_buttons``, keyed by ``speaker_id``) and ``next`` (a Button).
        ``explorer.quiz`` is the :class:`WhoSaidItQuiz` behind it.

    Examples
    --------
    >>> from summitlib.widgets import explore_who_said_it
    >>> w = explore_who_said_it(seed=3)
    >>> right = w.quiz.current["speaker_id"]
    >>> w.answer_buttons[right].click()
    >>> w.current_text.splitlines()[-1]
    'Score: 1 of 1'
    """
    quiz = WhoSaidItQuiz(data, seed=seed)
    buttons = {
        speaker: widgets.Button(description=name, tooltip=f"{name} said it",
                                layout=widgets.Layout(width="auto"))
        for speaker, name in quiz.speakers.items()
    }
    next_button = widgets.Button(description="Next quote", icon="arrow-right",
                                 button_style="primary")
    answers = widgets.HBox(
        [widgets.Label("Who said it?"), *buttons.values()],
        layout=widgets.Layout(flex_flow="row wrap"),
    )
    explorer = Explorer(
        {"answers": answers, "next": next_button},
        lambda: View(text=quiz.text()),
        intro="Read the quote and press the name of whoever said it.",
        height="220px",
        cache_size=0,
    )
    explorer.quiz = quiz
    explorer.answer_buttons = buttons
    for speaker, button in buttons.items():
        button.on_click(lambda _b, s=speaker: explorer.show(lambda: _answered(quiz, s)))
    next_button.on_click(lambda _b: explorer.show(lambda: _advanced(quiz, next_button)))
    return explorer


def _answered(quiz, speaker) -> View:
    quiz.answer(speaker)
    return View(text=quiz.text())


def _advanced(quiz, next_button) -> View:
    quiz.next()
    next_button.description = "Start again" if quiz.finished else "Next quote"
    return View(text=quiz.text())
