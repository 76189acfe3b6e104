"""Mark one written question across the whole class, inside JupyterLab.

``mark("submissions/", exercise="04:q5")`` returns a widget that shows every student's answer
to that question in turn, with the marking guide and the source passages it cites beside it,
the rubric's criteria as buttons, a comment box, Previous / Next, a progress count and a
filter for unmarked and empty answers. Every mark is saved at once to the marks file
(:mod:`summitlib.instructor.marks`); opening the view again resumes at the first answer not
fully marked.

Answers are read from the notebook files as data
(:mod:`summitlib.instructor.written_answers`): nothing a student wrote is ever run.

Keyboard: Tab moves between controls, Space or Enter presses the focused button. The criteria
are toggle buttons, not radio buttons or dropdowns, because JupyterLab takes the arrow keys
from a focused control inside a notebook's output for moving between cells (see ipywidgets
issue 3912).
"""

from __future__ import annotations

import getpass
import html
import random
from pathlib import Path

from summitlib.instructor.marks import COMMENT_ROW, MarksFile
from summitlib.instructor.written_answers import collect_answers

FILTERS = ("All answers", "Unmarked", "Empty")


def resolve_exercise(exercise):
    """The WrittenExercise named ``"04:q5"`` (or the exercise itself)."""
    from summitlib.exercises import WrittenExercise, get_module
    from summitlib.instructor.marks import written_exercises

    if isinstance(exercise, WrittenExercise):
        return exercise
    known = ", ".join(f"'{nb}:{q}'" for nb, q in written_exercises())
    if not isinstance(exercise, str) or exercise.count(":") != 1:
        raise ValueError(f"The 'exercise' parameter of mark must be a notebook number and an "
                         f"exercise such as '04:q5', one of [{known}]. Got {exercise!r} instead.")
    number, name = (part.strip() for part in exercise.split(":"))
    number = number.removeprefix("nb").zfill(2)
    try:
        module = get_module(f"nb{number}")
    except ValueError:
        module = None
    q = next((q for q in getattr(module, "EXERCISES", []) if q.name == name), None)
    if not isinstance(q, WrittenExercise):
        raise ValueError(f"The 'exercise' parameter of mark must be a written exercise, one of "
                         f"[{known}]. Got {exercise!r} instead.")
    return q


def default_marks_path(submissions) -> Path:
    """``marks.csv`` next to the submissions folder (not inside it, where students' folders are)."""
    return Path(submissions).resolve().parent / "marks.csv"


def ordered_answers(answers, *, blind: bool = False, seed: int = 0) -> list:
    """Answers by student name, or shuffled with ``seed`` when blind (the same seed, the same
    order, so reopening keeps it).

    Examples
    --------
    >>> from summitlib.instructor.written_answers import WrittenAnswer
    >>> answers = [WrittenAnswer(s, "nb04", "q5", "...") for s in ("cem", "ali", "bea")]
    >>> [a.student for a in ordered_answers(answers)]
    ['ali', 'bea', 'cem']
    >>> blind = [a.student for a in ordered_answers(answers, blind=True, seed=1)]
    >>> blind == [a.student for a in ordered_answers(answers, blind=True, seed=1)]
    True
    """
    ordered = sorted(answers, key=lambda a: a.student)
    if blind:
        random.Random(seed).shuffle(ordered)
    return ordered


def _paragraph_html(exercise) -> str:
    from summitlib.datasets import load_passages, load_source_text

    crs = dict(zip(load_source_text("crs")["paragraph"], load_source_text("crs")["text"],
                   strict=True))
    passages = load_passages()
    cgtn = passages[passages["source_id"].astype(str) == "cgtn"]
    summaries = dict(zip(cgtn["paragraph"], cgtn["summary"], strict=True))
    parts = []
    for source_id, number in exercise.source_paragraphs():
        if source_id == "crs":
            text = crs.get(number, "")
            parts.append(f"<p><strong>CRS Insight, paragraph {number}.</strong> "
                         f"{html.escape(text)}</p>")
        else:
            text = summaries.get(number, "")
            parts.append(f"<p><strong>CGTN, paragraph {number}</strong> (our summary; the "
                         f"article is copyrighted): {html.escape(str(text))}</p>")
    return "".join(parts)


def is_marked(marks: MarksFile, exercise, answer) -> bool:
    """Every criterion of ``exercise`` has points in ``marks``, for the answer's text as it is."""
    found = marks.answer_marks(answer.student, answer.notebook, answer.exercise)
    return (set(found["points"]) >= {c.name for c in exercise.rubric}
            and found["answer_hash"] in ("", answer.digest))


def progress(submissions, exercise, *, marks=None) -> tuple[int, int]:
    """(answers fully marked, answers) of one written exercise, without opening the view."""
    q = resolve_exercise(exercise)
    marks_file = MarksFile(marks if marks is not None else default_marks_path(submissions))
    answers = collect_answers(submissions, q)
    return sum(is_marked(marks_file, q, a) for a in answers), len(answers)


class MarkingView:
    """The marking view of one written exercise. Display ``view.widget`` (or the view itself).

    Attributes for tests and scripts: ``answers`` (in marking order), ``visible`` (after the
    filter), ``current`` (the answer shown), ``controls`` ({criterion: ToggleButtons}),
    ``comment``, ``previous``, ``next``, ``filter``, ``progress_text``, ``marks``.
    """

    def __init__(self, submissions, exercise, *, marks=None, blind=False, seed=0, marker=None):
        import ipywidgets as widgets

        self.exercise = resolve_exercise(exercise)
        self.answers = ordered_answers(collect_answers(submissions, self.exercise), blind=blind,
                                       seed=seed)
        if not self.answers:
            raise ValueError(f"{str(submissions)!r} holds no student folders; expected one "
                             "sub-folder per student, such as submissions/alice/.")
        self.blind = blind
        self.marks = MarksFile(marks if marks is not None else default_marks_path(submissions))
        self.marker = marker if marker is not None else _user()
        self._loading = False
        q = self.exercise

        self.title = widgets.HTML(
            f"<h3 style='margin:0.2em 0'>Notebook {q.notebook[2:]}, {q.name}: written answer "
            f"({q.points} points)</h3><p style='margin:0.2em 0'>{html.escape(q.prompt)}</p>")
        self.progress = widgets.HTML()
        self.filter = widgets.ToggleButtons(options=FILTERS, value=FILTERS[0],
                                            description="Show", tooltips=[
                                                "every student's answer",
                                                "answers not fully marked yet",
                                                "empty answers only"])
        self.previous = widgets.Button(description="Previous", icon="arrow-left",
                                       tooltip="the previous answer")
        self.next = widgets.Button(description="Next", icon="arrow-right",
                                   tooltip="the next answer")
        self.answer = widgets.HTML()
        self.controls = {}
        rows = []
        for c in q.rubric:
            label = c.name.replace("_", " ").capitalize()
            toggle = widgets.ToggleButtons(
                options=[(str(p), p) for p in range(c.points + 1)], value=None,
                description=label, style={"button_width": "3em", "description_width": "7em"},
                tooltips=[f"{label}: {p} of {c.points}" for p in range(c.points + 1)])
            toggle.observe(lambda change, name=c.name: self._on_points(name, change), "value")
            self.controls[c.name] = toggle
            rows.append(widgets.VBox([
                toggle,
                widgets.HTML(f"<span>{html.escape(c.descriptor)} "
                             f"({c.points} point{'s' if c.points > 1 else ''})</span>")]))
        self.comment = widgets.Textarea(placeholder="Comment for the student (saved when you "
                                                    "leave the box)",
                                        description="Comment", continuous_update=False,
                                        layout=widgets.Layout(width="95%", height="5em"))
        self.comment.observe(self._on_comment, "value")
        # The guide scrolls inside a focusable region, so keyboard users can scroll it too.
        guide = widgets.HTML(
            "<div role='region' aria-label='Marking guide and passages' tabindex='0' "
            "style='max-height:34em;overflow:auto;padding:0 0.5em;border:1px solid #757575'>"
            "<h4 style='margin:0.2em 0'>Marking guide</h4><ul>"
            + "".join(f"<li>{html.escape(g.text)}"
                      + (f" <em>({html.escape(g.locators())})</em>" if g.sources else "")
                      + "</li>" for g in q.marking_guide)
            + "</ul><h4 style='margin:0.2em 0'>The passages it cites</h4>"
            + _paragraph_html(q) + "</div>")
        guide.layout = widgets.Layout(width="45%")
        left = widgets.VBox([self.answer, *rows, self.comment],
                            layout=widgets.Layout(width="55%"))
        self.widget = widgets.VBox([
            self.title, self.progress,
            widgets.HBox([self.previous, self.next, self.filter]),
            widgets.HBox([left, guide]),
        ])
        self.widget.add_class("summitlib-marking")
        self.previous.on_click(lambda _: self.go(-1))
        self.next.on_click(lambda _: self.go(+1))
        self.filter.observe(lambda _: self._refilter(), "value")
        self.visible = list(self.answers)
        self.position = next((i for i, a in enumerate(self.visible) if not self.is_marked(a)),
                             len(self.visible) - 1)
        self._show()

    # --- state ------------------------------------------------------------------------------

    def _marks_of(self, answer) -> dict:
        return self.marks.answer_marks(answer.student, answer.notebook, answer.exercise)

    def is_marked(self, answer) -> bool:
        """Every criterion has points, for the text as it is now."""
        return is_marked(self.marks, self.exercise, answer)

    @property
    def current(self):
        return self.visible[self.position] if self.visible else None

    @property
    def progress_text(self) -> str:
        done = sum(self.is_marked(a) for a in self.answers)
        return f"{done} of {len(self.answers)} marked"

    def _label(self, answer) -> str:
        if self.blind:
            return f"Answer {self.answers.index(answer) + 1}"
        return answer.student

    # --- actions ----------------------------------------------------------------------------

    def go(self, step: int) -> None:
        """Show the answer ``step`` places on (negative: back), within the filtered list."""
        if self.visible:
            self.position = min(max(self.position + step, 0), len(self.visible) - 1)
        self._show()

    def _refilter(self) -> None:
        choice = self.filter.value
        if choice == "Unmarked":
            self.visible = [a for a in self.answers if not self.is_marked(a)]
        elif choice == "Empty":
            self.visible = [a for a in self.answers if a.empty]
        else:
            self.visible = list(self.answers)
        self.position = 0
        self._show()

    def _on_points(self, criterion, change) -> None:
        answer = self.current
        if self._loading or answer is None or change["new"] is None:
            return
        self.marks.set(answer.student, answer.notebook, answer.exercise, criterion,
                       points=int(change["new"]), marker=self.marker, answer_hash=answer.digest)
        self._show_progress()

    def _on_comment(self, change) -> None:
        answer = self.current
        if self._loading or answer is None:
            return
        self.marks.set(answer.student, answer.notebook, answer.exercise, COMMENT_ROW,
                       comment=change["new"], marker=self.marker, answer_hash=answer.digest)

    # --- display ----------------------------------------------------------------------------

    def _show_progress(self) -> None:
        where = (f"{self._label(self.current)}: answer {self.position + 1} of "
                 f"{len(self.visible)} shown" if self.visible else "no answer to show")
        self.progress.value = (f"<div role='status' aria-live='polite'><strong>"
                               f"{self.progress_text}</strong> · {html.escape(where)} "
                               f"({html.escape(self.filter.value.lower())})<br>"
                               f"{html.escape(self.current_marks_text)}</div>")

    @property
    def current_marks_text(self) -> str:
        """The marks of the answer shown, in words (the buttons' state, for every reader)."""
        if self.current is None:
            return ""
        found = self._marks_of(self.current)["points"]
        if not found:
            return "This answer: not marked yet."
        parts = [f"{c.name} {found.get(c.name, '-')}/{c.points}" for c in self.exercise.rubric]
        total = sum(found.values())
        return f"This answer: {', '.join(parts)} ({total} of {self.exercise.points} points)."

    def _show(self) -> None:
        answer = self.current
        self._loading = True
        try:
            self.previous.disabled = answer is None or self.position == 0
            self.next.disabled = answer is None or self.position >= len(self.visible) - 1
            if answer is None:
                self.answer.value = ("<p><em>No answer matches this filter. Choose "
                                     "<strong>All answers</strong>.</em></p>")
                for toggle in self.controls.values():
                    toggle.value = None
                    toggle.disabled = True
                self.comment.value, self.comment.disabled = "", True
                return
            marks = self._marks_of(answer)
            notes = []
            if marks["answer_hash"] and marks["answer_hash"] != answer.digest:
                notes.append("This answer changed after it was marked: mark it again.")
            if answer.problem:
                notes.append(f"Note: {answer.problem}.")
            body = (f"<div style='white-space:pre-wrap;border-left:4px solid #0d47a1;"
                    f"padding:0.3em 0.8em'>{html.escape(answer.text)}</div>"
                    if not answer.empty else "<p><em>(empty: nothing written)</em></p>")
            words = len(answer.text.split())
            self.answer.value = (
                f"<h4 style='margin:0.3em 0'>{html.escape(self._label(answer))}'s answer "
                f"({words} word{'s' if words != 1 else ''})</h4>"
                + "".join(f"<p role='alert'><strong>{html.escape(n)}</strong></p>"
                          for n in notes) + body)
            for name, toggle in self.controls.items():
                toggle.disabled = False
                toggle.value = marks["points"].get(name)
            self.comment.disabled = False
            self.comment.value = marks["comment"]
        finally:
            self._loading = False
            self._show_progress()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return ""


def mark(submissions, exercise, *, marks=None, blind: bool = False, seed: int = 0,
         marker: str | None = None) -> MarkingView:
    """Open the marking view of one written exercise for a folder of submissions.

    Parameters
    ----------
    submissions : str or Path
        One sub-folder per student, as for ``summitlib grade``.
    exercise : str or WrittenExercise
        ``"04:q5"``: the notebook's number and the exercise.
    marks : str or Path, default=None
        The marks file; default ``marks.csv`` next to the submissions folder.
    blind : bool, default=False
        Hide the students' names and shuffle the order (with ``seed``; the same seed gives the
        same order every time the view opens).
    seed : int, default=0
    marker : str, default=None
        Written in the marks file's ``marker`` column; default the user name.

    Returns
    -------
    MarkingView
        Displays as the widget in Jupyter.
    """
    return MarkingView(submissions, exercise, marks=marks, blind=blind, seed=seed,
                       marker=marker)
