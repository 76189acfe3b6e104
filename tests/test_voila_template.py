"""summitlib's Voilà template: the presentation page asks for nothing beyond its own server.

The browser test (tests/browser/test_voila_page.py) serves the page and checks that no request
leaves the server; these checks say why, without a browser.
"""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "share" / "jupyter" / "voila" / "templates" / "summitlib"
PAGE = REPO / "notebooks" / "Explore-the-summit.ipynb"


def test_the_presentation_page_asks_voila_for_summitlibs_template():
    metadata = json.loads(PAGE.read_text(encoding="utf-8"))["metadata"]
    assert metadata["voila"] == {"template": "summitlib"}
    assert (TEMPLATE / "index.html.j2").is_file()


def test_the_template_is_voilas_lab_template_without_cdn_requests():
    conf = json.loads((TEMPLATE / "conf.json").read_text(encoding="utf-8"))
    assert conf["base_template"] == "lab"
    text = (TEMPLATE / "index.html.j2").read_text(encoding="utf-8")
    assert "{%- extends 'voila/templates/lab/index.html.j2' -%}" in text
    # Each thing Voilà's own template would fetch from a CDN is switched off here.
    assert "fullMathjaxUrl=None" in text
    assert "{%- block html_head_js_mermaidjs -%}\n{%- endblock html_head_js_mermaidjs -%}" in text
    assert "if 'https://' not in line" in text


def test_the_wheel_installs_the_template_where_voila_looks():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    shared = project["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    assert shared == {"share/jupyter/voila/templates/summitlib":
                      "share/jupyter/voila/templates/summitlib"}
