"""The HTML report in a real browser: headless Chromium renders the chart and
the tables, at desktop and at phone width (CI installs chromium; locally the
test skips without it).  Look at the screenshots yourself after a change to
the templates: they are left in pytest's temporary folder."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from matplotlib import image
from test_report import PERIOD, png_size

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def chromium(tmp_path, *args: str) -> subprocess.CompletedProcess:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    proc = subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from click.testing import CliRunner

    from assessor.cli import cli

    folder = tmp_path_factory.mktemp("browser")
    result = CliRunner().invoke(cli, ["report", "finland", "sweden", *PERIOD, "-o", str(folder / "r.html")])
    assert result.exit_code == 0, result.output
    return folder / "r.html"


def test_chart_and_tables_are_in_the_rendered_dom(page, tmp_path):
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert "<svg" in dom and "Risk score over time" in dom
    for country in ("finland", "sweden"):
        assert f'id="{country}"' in dom
    for table in ("summary", "stack waterfall", "stack moments", "stack counterfactuals", "stack events"):
        assert f'<table class="{table}">' in dom
    assert dom.count('<table class="stack moments">') == 2
    assert 'href="https://www.nato.int/cps/en/natohq/topics_49594.htm"' in dom


@pytest.mark.parametrize("width", [1200, 400])
def test_screenshot(page, tmp_path, width):
    shot = tmp_path / f"shot-{width}.png"
    chromium(tmp_path, f"--screenshot={shot}", f"--window-size={width},3000", "--hide-scrollbars", page.as_uri())
    assert png_size(shot.read_bytes()) == (width, 3000)
    pixels = (image.imread(shot)[..., :3] * 255).round()
    assert (pixels < 250).any(axis=-1).mean() > 0.05  # not a blank page
    low_band = (abs(pixels - (0xDC, 0xEF, 0xD9)) <= 2).all(axis=-1)  # the chart's "low" band, drawn by the browser
    assert low_band[:1600].sum() > 2000
