"""An installed (not editable) assessor carries every package of the source tree.

setup.py lists its packages by hand (the bundled rules, profiles and world
records are mapped under assessor._defaults); a new subpackage missing there
works in a development checkout and fails only after `pip install .`.
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_source_package_is_listed_in_setup_py():
    text = (ROOT / "setup.py").read_text(encoding="utf-8")
    listed = set(re.findall(r'"(assessor(?:\.[\w]+)*)"', text))
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "assessor").rglob("__init__.py")
             if "__pycache__" not in p.parts}
    assert found - listed == set(), "add these to setup.py packages"
