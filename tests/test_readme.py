"""The README's commands are the ones CI runs, so CI cannot pass where a new user fails."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _readme_command(section: str) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    body = readme.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    (command,) = re.findall(r"```bash\n(.+?)\n```", body, flags=re.S)
    return command.strip()


def test_ci_types_the_readme_test_command_into_a_fresh_virtual_environment():
    command = _readme_command("Test")
    assert command == 'python -m pip install -e ".[test]" && python -m pytest'
    lines = [ln.strip() for ln in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert command in lines
    venv = next(i for i, ln in enumerate(lines) if ln.startswith("python3 -m venv "))
    activate = next(i for i, ln in enumerate(lines) if ln.endswith("/bin/activate"))
    assert venv < activate < lines.index(command)


def test_readme_start_command_installs_the_lab_extra_and_opens_the_first_notebook():
    command = _readme_command("Start")
    assert command.startswith('python -m pip install -e ".[lab]" && jupyter lab ')
    assert command.endswith("notebooks/00-Start-here.ipynb")
    assert (REPO / "notebooks" / "00-Start-here.ipynb").is_file()


def test_readme_presentation_command_installs_the_present_extra_and_serves_the_page():
    command = _readme_command("Presentation mode: the explorers without code")
    assert command == ('python -m pip install -e ".[present]" && '
                       "voila notebooks/Explore-the-summit.ipynb")
    assert (REPO / "notebooks" / "Explore-the-summit.ipynb").is_file()
