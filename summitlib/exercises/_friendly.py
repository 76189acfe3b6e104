"""Plain-language help in a student's kernel: which answer ran, and beginner errors in words.

Importing :mod:`summitlib.exercises` inside IPython or Jupyter (the notebooks' setup cell does)
calls :func:`install`, which does two small things to the running shell and nothing outside it:

1. **A record of the last run of each answer.** IPython's ``pre_run_cell`` and
   ``post_run_cell`` events (https://ipython.readthedocs.io/en/stable/config/callbacks.html)
   note, for every variable a cell assigns (``answer_4 = C``), whether the last run of that
   cell got to the end. ``q.check()`` asks :func:`last_run` before judging, so a check never
   judges a value left over from an earlier run when the answer cell just failed.
2. **An error translator.** For the errors beginners meet first (a word without quotes, an
   unclosed quote, ``&`` without round brackets, a name from a cell not yet run, a column or id
   in the wrong case) the red box under the cell holds one sentence saying what happened and
   what to type instead; Python's full message stays one click away, in a *Show Python's full
   message* box below it. Any other error, including a real bug in the student's own logic,
   is shown exactly as Python reports it. Runtime errors go through IPython's documented
   ``set_custom_exc``; syntax errors never reach it (they happen before the cell runs), so
   :func:`install` also wraps the shell's ``showsyntaxerror``.

What it cannot do: the kernel never sees a cell being edited, only cells being run, so "edited
but not run again" cannot be detected. A *Not yet* therefore quotes the answer line it judged
("as you last ran it"), which makes the difference visible. And nothing here exists before the
setup cell has run: a check run first says Python's ``name 'ex' is not defined``; every check
cell's comment says what to do about that, in words.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import html
import re
import sys
import textwrap
from dataclasses import dataclass

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_ASSIGNED_LINE = re.compile(r"^[ \t]*([A-Za-z_]\w*)[ \t]*(?:\[[^\n]*\])?[ \t]*=(?!=)", re.M)

#: Names the notebooks' setup cells define: a NameError for one of them means the setup cell
#: (or the cell making it) has not run in this kernel.
SETUP_NAMES = frozenset({
    "ex", "summitlib", "plt", "pd", "display", "statements", "election", "declarations",
    "limits", "arsenals", "sources", "topics", "people", "passages", "events", "fact_checks",
})


@dataclass(frozen=True)
class Run:
    """The last run of a cell that assigns a variable.

    Attributes
    ----------
    ok : bool
        Whether the cell ran to its end.
    error : str
        The kind of error that stopped it (``"NameError"``), empty when ``ok``.
    source : str
        The cell as it was run.
    execution_count : int or None
        The ``[n]`` Jupyter showed next to it.
    """

    ok: bool
    error: str
    source: str
    execution_count: int | None


class _State:
    def __init__(self):
        self.runs: dict[str, Run] = {}
        self.running: frozenset = frozenset()
        self.source = ""  # the cell now running
        # (error name, sentence, Python's full message): folded under the error box once the
        # cell has finished, so that the fold comes after the box.
        self.pending: tuple | None = None
        self.shell = None
        self.original_showsyntaxerror = None


_state = _State()


# --- the record of runs --------------------------------------------------------------------------

def assigned_names(source: str) -> frozenset:
    """The variables a cell assigns, read from its text (also when it is not valid Python).

    >>> sorted(assigned_names("answer_4 = C"))
    ['answer_4']
    >>> sorted(assigned_names("answer_5 = 'it's"))
    ['answer_5']
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return frozenset(_ASSIGNED_LINE.findall(source))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    # answer_2["headroom"] = ... changes the answer as much as an assignment does.
    names.update(_ASSIGNED_LINE.findall(source))
    return frozenset(names)


def _pre_run_cell(info) -> None:
    _state.source = getattr(info, "raw_cell", "") or ""
    _state.running = assigned_names(_state.source)
    _state.pending = None


def _post_run_cell(result) -> None:
    info = getattr(result, "info", None)
    source = getattr(info, "raw_cell", "") or ""
    error = result.error_before_exec or result.error_in_exec
    run = Run(ok=error is None, error=type(error).__name__ if error is not None else "",
              source=source, execution_count=getattr(result, "execution_count", None))
    for name in assigned_names(source):
        _state.runs[name] = run
    _state.running = frozenset()
    pending, _state.pending = _state.pending, None
    if pending is not None:
        _display_details(*pending)


def last_run(variable: str) -> Run | None:
    """The last run of the cell assigning ``variable``; None when the record knows nothing.

    Also None while that cell is itself running (an answer and its check in one cell).
    """
    if variable in _state.running:
        return None
    return _state.runs.get(variable)


def stale_message(variable: str) -> str | None:
    """Why the value of ``variable`` must not be judged, in plain words, or None."""
    run = last_run(variable)
    if run is None or run.ok:
        return None
    when = f" (the cell marked [{run.execution_count}])" if run.execution_count else ""
    return (f"Your answer cell{when} stopped with an error ({run.error}) the last time you "
            f"ran it, so `{variable}` does not hold the answer you typed. Read the message "
            "under the answer cell, fix the cell, run it again (Shift+Enter), then run this "
            "check again.")


def judged_line(variable: str) -> str | None:
    """The line ``variable = ...`` of the answer cell as last run, when it fits on one line."""
    run = last_run(variable)
    if run is None or not run.ok:
        return None
    lines = [line.strip() for line in run.source.splitlines()
             if re.match(rf"\s*{re.escape(variable)}\s*=(?!=)", line)]
    if len(lines) == 1 and len(lines[0]) <= 90 and "`" not in lines[0]:
        return lines[0]
    return None


# --- the translator -------------------------------------------------------------------------------

def _cell_line(source: str, lineno) -> str:
    lines = source.splitlines()
    if isinstance(lineno, int) and 1 <= lineno <= len(lines):
        return lines[lineno - 1].strip()
    return ""


def _known_names(shell) -> list[str]:
    ns = getattr(shell, "user_ns", {}) or {}
    return [n for n in ns if isinstance(n, str) and not n.startswith("_")]


def _words_in_case(shell, key: str) -> list[str]:
    """Column names and short texts in the student's tables equal to ``key`` but for case."""
    import pandas as pd

    found = []
    folded = key.casefold()
    for value in list((getattr(shell, "user_ns", {}) or {}).values())[:200]:
        if isinstance(value, pd.DataFrame) and value.size <= 200_000:
            candidates = [str(c) for c in value.columns]
            for column in value.columns:
                series = value[column]
                if isinstance(series.dtype, pd.CategoricalDtype):
                    candidates.extend(str(c) for c in series.cat.categories)
                elif series.dtype == object and len(series) <= 5000:
                    candidates.extend(str(v) for v in series.dropna().unique()[:500]
                                      if isinstance(v, str) and len(v) <= 40)
            found.extend(c for c in candidates if c.casefold() == folded and c != key)
    return sorted(set(found))


def _name_error(shell, value, source) -> str | None:
    match = re.search(r"name '(\w+)' is not defined", str(value))
    if not match:
        return None
    name = match.group(1)
    if name in SETUP_NAMES:
        return (f"`{name}` is made by the setup cell near the top of the notebook, which has "
                "not run since the kernel started. Run it (click in it, Shift+Enter), or use "
                "Run > Run All Cells, then run this cell again.")
    run = _state.runs.get(name)
    if run is not None and not run.ok:
        return (f"The answer cell stopped with an error ({run.error}) the last time you ran it, "
                f"so `{name}` was never set. Read the message under the answer cell, fix the "
                "cell and run it again (Shift+Enter), then run this cell again.")
    if re.fullmatch(r"answer_\w+", name):
        return (f"`{name}` does not exist yet: run the answer cell above this one first "
                "(click in it, Shift+Enter), then run this cell again.")
    close = difflib.get_close_matches(name, _known_names(shell), n=1, cutoff=0.8)
    if close and close[0] != name:
        return (f"Python knows no variable called `{name}`; did you mean `{close[0]}`? Names "
                "must be spelled exactly, capitals included.")
    return (f"Python read `{name}` as the name of a variable, and there is none. If you meant "
            f"the text {name}, put it in quotes: `\"{name}\"`. If it is a variable from an "
            "earlier cell, run that cell first.")


def _syntax_error(value, source) -> str | None:
    message = str(getattr(value, "msg", "") or "")
    lineno = getattr(value, "lineno", None)
    where = f"line {lineno}" if lineno else "this cell"
    triple = source.count('"""') % 2 == 1 or source.count("'''") % 2 == 1
    if "unterminated triple-quoted string" in message or (
            "incomplete input" in message and triple):
        return (f"The three quote marks `\"\"\"` that open your text on {where} are never "
                "closed: put three quote marks `\"\"\"` again at the end of your text.")
    line = _cell_line(source, lineno)
    inner = re.search(r"[A-Za-z]+'[A-Za-z]+", line)
    if inner and ("invalid syntax" in message or "unterminated string" in message):
        return (f"The apostrophe in `{inner.group(0)}` ends your text early, because the text "
                "is between single quote marks `'...'`. Put it between double quotes instead, "
                "`\"Putin's offer\"`, or between three quote marks `\"\"\"...\"\"\"`.")
    if "unterminated string" in message or "EOL while scanning" in message:
        line = _cell_line(source, lineno)
        apostrophe = ("'" in line and line.count("'") % 2 == 1) or "’" in line
        tip = (" If your text contains an apostrophe (Putin's), put double quotes around "
               "it: `\"Putin's offer\"`, or use three quote marks `\"\"\"...\"\"\"`."
               if apostrophe else "")
        return (f"A text on {where} opens with a quote mark but does not close it on the same "
                f"line. Text needs a quote mark at each end, like `\"putin\"`.{tip}")
    if "incomplete input" in message or "was never closed" in message:
        return (f"A bracket `(` or `[` opened on {where} is never closed: each `(` needs its "
                "`)` and each `[` its `]`, in the same cell.")
    line = _cell_line(source, lineno)
    assignment = re.match(r"(answer_\w+)\s*=\s*(.+)$", line)
    if assignment and re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", assignment.group(2)) and not (
            re.search(r"[\"'(\[]", assignment.group(2))):
        return (f"The words after `{assignment.group(1)} =` on {where} are not in quote "
                "marks, so Python tries to read them as code. Put text in quotes: "
                f"`{assignment.group(1)} = \"your words\"`.")
    return None


def _type_error(value, source) -> str | None:
    message = str(value)
    combining = ("unsupported operand type(s) for &" in message
                 or "unsupported operand type(s) for |" in message
                 or re.search(r"Cannot perform '(r?and_|r?or_)'", message)
                 or re.search(r"'(r?and_|r?or_)' not supported", message))
    if combining and re.search(r"[&|]", source):
        return ("When you join two conditions with `&` (and) or `|` (or), put each condition "
                "in its own round brackets: `(election[\"speaker_id\"] == \"putin\") & "
                "(election[\"statement_kind\"] == \"quote\")`. Without them Python joins the "
                "wrong parts first.")
    return None


def _value_error(value, source) -> str | None:
    if "truth value of a Series is ambiguous" in str(value):
        return ("To combine two conditions on a table, use `&` for and, `|` for or, with "
                "each condition in round brackets: `(a == 1) & (b == 2)`. The words `and` / "
                "`or` do not work on whole columns.")
    return None


def _key_error(shell, value, source) -> str | None:
    key = value.args[0] if getattr(value, "args", None) else None
    if not isinstance(key, str):
        return None
    same = _words_in_case(shell, key)
    if same:
        return (f"There is no `\"{key}\"` here, but there is `\"{same[0]}\"`: capitals count. "
                "In this dataset ids such as `speaker_id` are lowercase (`\"putin\"`), "
                "while names such as `country` are capitalised (`\"Russia\"`).")
    return None


def translate(shell, etype, value, source: str = "") -> str | None:
    """One sentence for a classic beginner error (Markdown with `code`), or None.

    Parameters
    ----------
    shell : InteractiveShell or None
        Where the student's variables are (for "did you mean" and case hints).
    etype : type
        The exception's class.
    value : BaseException
        The exception.
    source : str, default=""
        The text of the cell that raised it.
    """
    try:
        if issubclass(etype, SyntaxError):
            return _syntax_error(value, source)
        if issubclass(etype, NameError):
            return _name_error(shell, value, source)
        if issubclass(etype, KeyError):
            return _key_error(shell, value, source)
        if issubclass(etype, TypeError):
            return _type_error(value, source)
        if issubclass(etype, ValueError):
            return _value_error(value, source)
    except Exception:  # a translator that fails must leave Python's own message in place
        return None
    return None


def _plain(markdown: str) -> str:
    return markdown.replace("`", "")


def _display_details(etype_name: str, sentence: str, full: str) -> None:
    """The full traceback, folded, under the error box (HTML), or in full as text elsewhere."""
    from IPython.display import display

    body = (
        "<details style='margin:0.2em 0'><summary>Show Python's full message "
        f"({html.escape(etype_name)})</summary><pre style='white-space:pre-wrap'>"
        f"{html.escape(full)}</pre></details>"
    )
    display({
        "text/plain": f"{_plain(sentence)}\n\nPython's full message:\n{full}",
        # The sentence itself is in the error box just above; here only the fold.
        "text/html": body,
    }, raw=True)


def _full_text(shell, etype, value, tb, tb_offset=None, syntax=False) -> str:
    try:
        if syntax:
            stb = shell.SyntaxTB.structured_traceback(etype, value, [])
        else:
            stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
        return _ANSI.sub("", "\n".join(stb))
    except Exception:
        import traceback

        return "".join(traceback.format_exception(etype, value, tb))


def _friendly_stb(etype, sentence: str) -> list[str]:
    # Broken at spaces: JupyterLab's error box is monospaced and would break words at its edge
    # (76 characters fit beside the file browser in a 1024-pixel window).
    return [textwrap.fill(f"{etype.__name__}: {_plain(sentence)}", width=76,
                          break_long_words=False, break_on_hyphens=False)]


def _custom_exc(shell, etype, value, tb, tb_offset=None):
    """``set_custom_exc`` handler: a friendly error box, or Python's own traceback.

    IPython 9 calls it for errors while compiling a cell too (SyntaxError is an Exception).
    """
    sentence = translate(shell, etype, value, _state.source)
    if sentence is None:
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None
    _state.pending = (etype.__name__, sentence,
                      _full_text(shell, etype, value, tb, tb_offset,
                                 syntax=issubclass(etype, SyntaxError)))
    _show_error_box(shell, etype, value, sentence)
    return None


def _show_error_box(shell, etype, value, sentence) -> None:
    # There is no public method that shows a given structured traceback; _showtraceback is the
    # one ipykernel overrides to send Jupyter's "error" message, and the one IPython's own
    # showtraceback and showsyntaxerror end in. Through it the box is an ordinary error output:
    # Run All stops there and a grader reading the notebook sees an error, as before.
    shell._showtraceback(etype, value, _friendly_stb(etype, sentence))


def _showsyntaxerror(filename=None, running_compiled_code=False, **kwargs):
    shell = _state.shell
    original = _state.original_showsyntaxerror
    etype, value, _tb = sys.exc_info()
    sentence = None
    if etype is not None and issubclass(etype, SyntaxError):
        sentence = translate(shell, etype, value, _state.source)
    if sentence is None:
        return original(filename, running_compiled_code, **kwargs)
    _state.pending = (etype.__name__, sentence,
                      _full_text(shell, etype, value, None, syntax=True))
    _show_error_box(shell, etype, value, sentence)
    return None


def install(shell=None) -> bool:
    """Start the record of runs and the error translator in ``shell`` (default: the running one).

    Does nothing outside IPython; safe to call again (the notebooks' setup cell may run many
    times). Returns whether it is installed.
    """
    if shell is None:
        if "IPython" not in sys.modules:
            return False
        try:
            from IPython import get_ipython

            shell = get_ipython()
        except Exception:
            return False
    if shell is None or not hasattr(shell, "events"):
        return False
    if _state.shell is shell:
        return True
    if _state.shell is not None:
        uninstall()
    shell.events.register("pre_run_cell", _pre_run_cell)
    shell.events.register("post_run_cell", _post_run_cell)
    shell.set_custom_exc((Exception,), _custom_exc)
    _state.original_showsyntaxerror = shell.showsyntaxerror
    shell.showsyntaxerror = _showsyntaxerror
    _state.shell = shell
    return True


def uninstall() -> None:
    """Undo :func:`install`: Python's own error messages, no record of runs."""
    shell = _state.shell
    if shell is None:
        return
    for event, callback in (("pre_run_cell", _pre_run_cell), ("post_run_cell", _post_run_cell)):
        with contextlib.suppress(ValueError):
            shell.events.unregister(event, callback)
    shell.set_custom_exc((), None)
    if _state.original_showsyntaxerror is not None:
        shell.showsyntaxerror = _state.original_showsyntaxerror
    _state.__init__()
