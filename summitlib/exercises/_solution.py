"""A solution written as a Python function, and the answer-cell code shown from its source.

An exercise's solution is a real function, so ruff lints it and the tests call it::

    def q1(declarations, limits):
        row = declarations[declarations["country"] == "Russia"]
        return int(limit - row["declared_count"].iloc[0])

Its parameters name the variables of the notebook's setup cell, and its body is what a student
types in the answer cell. :func:`answer_cell_code` turns it into that cell's code, read from the
function's source (comments and line breaks kept): the body, one indentation level out, with
the final ``return x`` written as ``answer_1 = x`` (dropped when it returns ``answer_1`` itself).
Kaggle's learntools keeps its solutions as strings (``CodeSolution("color = 'blue'")``) that no
linter or test reads; here the shown code and the tested code are the same text.
"""

from __future__ import annotations

import ast
import inspect
import io
import textwrap
import tokenize


def parameters(function) -> list[str]:
    """The setup-cell variables a solution reads: its parameter names, in order."""
    return list(inspect.signature(function).parameters)


def answer_cell_code(function, variable: str, *, tail: str = "") -> str:
    """The answer cell's code for a solution function (see the module's docstring).

    Parameters
    ----------
    function : function
        A module-level function; its body ends with ``return <the answer>`` unless ``tail``
        gives the last line instead.
    variable : str
        The answer variable, ``"answer_1"``.
    tail : str, default=""
        A last line to add (a choice's ``answer_4 = 'C'``, derived from the expected answer);
        the body must then end without a ``return``.

    Raises
    ------
    ValueError
        The function returns anywhere but at its end, or ends without the answer.
    """
    source = textwrap.dedent(inspect.getsource(function))
    node = ast.parse(source).body[0]
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # a docstring is not part of the answer cell
    returns = _ends_with_return(body, f"{function.__module__}.{function.__name__}", variable,
                                tail)
    if not body:
        return tail
    lines, inside = source.splitlines(), _string_interior_lines(source)
    first, last, indent = body[0].lineno, body[-1], body[0].col_offset
    floor = node.body[0].end_lineno if body is not node.body else node.lineno
    # Keep the comment lines right above the first statement (they follow the header).
    while first - 1 > floor and lines[first - 2].strip().startswith("#"):
        first -= 1
    # `return f(\n    a,\n)` keeps its hanging indent; `return (a\n        + b)` its alignment.
    hanging = returns and lines[last.lineno - 1].rstrip().endswith(("(", "[", "{"))
    out = []
    for number in range(first, last.end_lineno + 1):
        line = lines[number - 1]
        if number in inside:
            out.append(line)
        elif returns and number >= last.lineno:
            out.append(_assigned(line, number - last.lineno, indent, variable, hanging))
        else:
            out.append(_outdented(line, indent))
    if returns and isinstance(last.value, ast.Name) and last.value.id == variable:
        out = out[: last.lineno - first]  # `return answer_2`: the cell already assigned it
    code = "\n".join(out).rstrip()
    return f"{code}\n{tail}" if tail else code


def _ends_with_return(body: list, where: str, variable: str, tail: str) -> bool:
    """Whether the body ends with ``return <value>``; ValueError where it cannot be a cell."""
    last = body[-1] if body else None
    returns = isinstance(last, ast.Return)
    if any(_returns(s) for s in body[:-1]) or (last is not None and not returns
                                               and _returns(last)):
        raise ValueError(f"The solution {where} returns before its last line or inside a "
                         "block; a solution is the answer cell's code, so return the answer "
                         "once, on the last line.")
    if tail and returns:
        raise ValueError(f"The solution {where} returns a value, but its last line is derived "
                         f"({tail!r}); end it without a return.")
    if not tail and not (returns and last.value is not None):
        raise ValueError(f"The solution {where} ends without `return <the answer>`; end it "
                         f"with the value to assign to {variable}.")
    return returns


def _outdented(line: str, indent: int) -> str:
    return line[indent:] if line[:indent].strip() == "" else line.lstrip()


def _assigned(line: str, offset: int, indent: int, variable: str, hanging: bool) -> str:
    """One line of the final ``return``: the first made an assignment, the rest moved along
    with it (unless they hang from an opening bracket)."""
    prefix = f"{variable} = "
    if offset == 0:
        return prefix + line[indent:].removeprefix("return").lstrip()
    shift = 0 if hanging else len(prefix) - len("return ")
    text = _outdented(line, indent)
    return " " * shift + text if shift >= 0 else text[min(-shift, _lead(text)):]


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _returns(statement) -> list:
    """The ``return`` statements in a statement, not counting nested functions'."""
    found, todo = [], [statement]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Return):
            found.append(node)
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
                            | ast.ClassDef):
            todo.extend(ast.iter_child_nodes(node))
    return found


def _string_interior_lines(source: str) -> set[int]:
    """Line numbers inside a multi-line string, after its first line: kept exactly as written."""
    inside = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING and token.end[0] > token.start[0]:
            inside.update(range(token.start[0] + 1, token.end[0] + 1))
    return inside
