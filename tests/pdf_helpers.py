"""Reading PDFs back with poppler-utils (pdftotext, pdfinfo), as a reader of the file would."""

import subprocess
import tempfile
from pathlib import Path


def _run(command, data):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        to_stdout = ["-"] if command[0] == "pdftotext" else []
        return subprocess.run(
            [*command, handle.name, *to_stdout], check=True, capture_output=True, text=True
        ).stdout


def text(data):
    return _run(["pdftotext", "-layout"], data)


def words(data):
    """Every word with its page and box: dicts of page, left, top, width, text."""
    out = []
    for line in _run(["pdftotext", "-tsv"], data).splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) == 12 and fields[0] == "5":
            out.append(
                {
                    "page": int(fields[1]),
                    "left": float(fields[6]),
                    "top": float(fields[7]),
                    "width": float(fields[8]),
                    "text": fields[11],
                }
            )
    return out


def info(data):
    lines = _run(["pdfinfo"], data).splitlines()
    return {key.strip(): value.strip() for key, value in (line.split(":", 1) for line in lines)}


def page_size_pt(data):
    width, _x, height = info(data)["Page size"].split()[:3]
    return float(width), float(height)


def saved(tmp_path: Path, data, name="matrix.pdf"):
    path = tmp_path / name
    path.write_bytes(data)
    return path
