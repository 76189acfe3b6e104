"""Written answers marked by hand: a rubric for students, a marking guide for the marker.

A :class:`WrittenExercise` is a :class:`~summitlib.exercises.ReflectionExercise` that carries
points. Its ``check`` only says whether something was written (and shows the rubric); the
points come from the instructor's marks (``summitlib.instructor.mark``), never from the
student's kernel, so its feedback always reports 0 points of the rubric's total.

The rubric (criteria, each with points and a one-line descriptor) is shown to students; the
marking guide (what a strong answer mentions, with the source paragraphs it rests on) is shown
in the answer key and the marking view only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summitlib import _text
from summitlib.exercises._feedback import Feedback, _show
from summitlib.exercises._kinds import ReflectionExercise

#: Documents a guide point may cite, as the ``source_id`` of ``summitlib.load_sources()``.
GUIDE_SOURCES = ("crs", "cgtn")


@dataclass(frozen=True)
class Criterion:
    """One line of a rubric: ``Criterion("evidence", 2, "Cites both documents ...")``."""

    name: str
    points: int
    descriptor: str

    def __post_init__(self):
        if not (isinstance(self.name, str) and self.name.isidentifier()):
            raise ValueError(f"A criterion name is one word such as 'evidence'; got "
                             f"{self.name!r}.")
        if not isinstance(self.points, int) or isinstance(self.points, bool) or self.points < 1:
            raise ValueError(f"Criterion {self.name!r}: points must be a whole number of 1 or "
                             f"more; got {self.points!r}.")
        if not self.descriptor.strip() or "\n" in self.descriptor.strip():
            raise ValueError(f"Criterion {self.name!r}: the descriptor is one line of text.")


def criteria(*, evidence: str, reasoning: str, attribution: str) -> list[Criterion]:
    """The rubric of every written answer: what each of its three criteria asks for.

    The criteria and their points are the course's (evidence 2, reasoning 2, attribution 1:
    5 points), written once here; an exercise says what each asks of its question.

    Examples
    --------
    >>> [(c.name, c.points) for c in criteria(evidence="Cites.", reasoning="Weighs.",
    ...                                       attribution="Own words.")]
    [('evidence', 2), ('reasoning', 2), ('attribution', 1)]
    """
    return [Criterion("evidence", 2, evidence), Criterion("reasoning", 2, reasoning),
            Criterion("attribution", 1, attribution)]


@dataclass(frozen=True)
class GuidePoint:
    """What a strong answer mentions, and where: ``GuidePoint("...", [("cgtn", 51)])``."""

    text: str
    sources: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "sources", tuple(tuple(s) for s in self.sources))
        for source in self.sources:
            if (len(source) != 2 or source[0] not in GUIDE_SOURCES
                    or not isinstance(source[1], int) or source[1] < 1):
                raise ValueError(f"A guide point cites (source_id, paragraph) pairs with "
                                 f"source_id in {GUIDE_SOURCES}; got {source!r}.")

    def locators(self) -> str:
        """Where the point's paragraphs are, in words.

        Examples
        --------
        >>> GuidePoint("...", [("cgtn", 51), ("cgtn", 52), ("crs", 11)]).locators()
        'CRS Insight, paragraph 11; CGTN, paragraphs 51-52'
        """
        parts = []
        for source_id in GUIDE_SOURCES:
            numbers = sorted(p for s, p in self.sources if s == source_id)
            if numbers:
                name = _text.source_label(source_id, full=True)
                parts.append(f"{name}, paragraph{'s' if len(numbers) > 1 else ''} "
                             f"{_ranges(numbers)}")
        return "; ".join(parts)


def _ranges(numbers: list[int]) -> str:
    runs, start = [], numbers[0]
    for previous, current in zip(numbers, [*numbers[1:], None], strict=True):
        if current != previous + 1:
            runs.append(str(start) if start == previous else f"{start}-{previous}")
            start = current
    return ", ".join(runs)


class MarkedByHand:
    """What a written exercise does in any edition (the key's, the student edition's).

    The kernel never awards its points: the instructor's marks do. A subclass says where its
    rubric comes from with ``_rubric_text()``.
    """

    def _feedback(self, outcome, message) -> Feedback:
        return Feedback(outcome, message, exercise=self.name, notebook=self.notebook,
                        points=0, max_points=self.points)

    def _correct_message(self) -> str:
        return (f"Your answer is saved with the notebook. Your instructor marks it by hand, out "
                f"of {self.points} points: see the rubric with `ex.{self.name}.show_rubric()`.")

    def show_rubric(self) -> None:
        """Show the rubric this answer is marked with."""
        _show(Feedback("hint", "\n" + self._rubric_text().replace("*Marked", "Marked", 1)
                       .replace("points:*", "points:", 1),
                       exercise=self.name, notebook=self.notebook))


@dataclass(eq=False, repr=False)
class WrittenExercise(MarkedByHand, ReflectionExercise):
    """A written answer worth points, marked by hand against a rubric.

    Parameters
    ----------
    rubric : list of Criterion
        The criteria; the exercise's points are their sum.
    marking_guide : list of GuidePoint
        What a strong answer mentions, with the source paragraphs (shown to markers only).
    min_words : int, default=20
        Fewer words read as "write a little more" in the student's check.
    """

    rubric: list = field(default_factory=list)
    marking_guide: list = field(default_factory=list)
    min_words: int = 20

    def __post_init__(self):
        super().__post_init__()
        if not self.rubric or not all(isinstance(c, Criterion) for c in self.rubric):
            raise ValueError(f"WrittenExercise {self.name!r} needs a rubric: a list of "
                             "Criterion(name, points, descriptor).")
        names = [c.name for c in self.rubric]
        if len(set(names)) != len(names):
            raise ValueError(f"WrittenExercise {self.name!r}: criterion names repeat: {names}.")
        if not self.marking_guide or not all(isinstance(g, GuidePoint)
                                             for g in self.marking_guide):
            raise ValueError(f"WrittenExercise {self.name!r} needs a marking guide: a list of "
                             "GuidePoint(text, sources).")
        self.points = sum(c.points for c in self.rubric)

    def rubric_markdown(self) -> str:
        """The rubric as Markdown, as students see it."""
        lines = [f"*Marked by your instructor, {self.points} points:*", ""]
        lines += [f"- **{c.name.replace('_', ' ').capitalize()}** ({c.points} "
                  f"point{'s' if c.points > 1 else ''}): {c.descriptor}" for c in self.rubric]
        return "\n".join(lines)

    def _rubric_text(self) -> str:
        return self.rubric_markdown()

    def source_paragraphs(self) -> list[tuple[str, int]]:
        """Every (source_id, paragraph) the guide cites, in order, without repeats."""
        seen: list[tuple[str, int]] = []
        for point in self.marking_guide:
            seen += [s for s in point.sources if s not in seen]
        return seen
