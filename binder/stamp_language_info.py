"""Write this environment's kernel ``language_info`` into the notebooks, once, at build time.

JupyterLab copies the kernel's ``language_info`` (with the exact Python version, "3.12.7") into
a notebook's metadata when it opens it; unless the stored value is exactly the same, a notebook
the student only read asks "Save changes?" when closed (jupyter/notebook issue 2123). The
repository's notebooks cannot know Binder's patch version, so ``binder/postBuild`` runs this
script in the built image. Only the metadata changes; the file is written back in nbformat's
own layout (one-space indent, a final newline), so nothing else moves.

Usage: ``python binder/stamp_language_info.py notebooks``
"""

import json
import sys
from pathlib import Path


def kernel_language_info() -> dict:
    """What ipykernel's kernel_info_reply reports as ``language_info`` in this environment."""
    from ipykernel.ipkernel import IPythonKernel

    return json.loads(json.dumps(IPythonKernel.language_info))


def stamp(folder: Path) -> list[Path]:
    """Set ``metadata.language_info`` of every notebook in ``folder``; return the files changed."""
    info = kernel_language_info()
    changed = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        if nb.get("metadata", {}).get("language_info") == info:
            continue
        nb.setdefault("metadata", {})["language_info"] = info
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        changed.append(path)
    return changed


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: python binder/stamp_language_info.py NOTEBOOK_FOLDER "
                 f"(got {sys.argv[1:]!r}; pass the folder that holds the .ipynb files)")
    for changed in stamp(Path(sys.argv[1])):
        print(f"language_info set in {changed}")
