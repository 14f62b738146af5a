"""The HTML report in a real browser: headless Chromium renders the chart and
the tables, at desktop and at phone width (CI installs chromium; locally the
test skips without it).  Look at the screenshots yourself after a change to
the templates: they are left in pytest's temporary folder.

The report has no scripts and keeps none: to measure its layout, a probe page
(not shipped) holds the report in an ``<iframe srcdoc>`` of the width to test
and writes what it measured into its own DOM, which ``--dump-dom`` prints.
"""

from __future__ import annotations

import html
import re
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


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshot(page, tmp_path, width):
    shot = tmp_path / f"shot-{width}.png"
    chromium(tmp_path, f"--screenshot={shot}", f"--window-size={width},3000", "--hide-scrollbars", page.as_uri())
    assert png_size(shot.read_bytes()) == (width, 3000)
    pixels = (image.imread(shot)[..., :3] * 255).round()
    assert (pixels < 250).any(axis=-1).mean() > 0.05  # not a blank page
    low_band = (abs(pixels - (0xDC, 0xEF, 0xD9)) <= 2).all(axis=-1)  # the chart's "low" band, drawn by the browser
    assert low_band[:1600].sum() > 2000


def test_headlines_and_labelled_markers_are_rendered(page, tmp_path):
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    text = lambda markup: html.unescape(re.sub(r"<[^>]+>", "", markup))  # noqa: E731
    headlines = [text(h) for h in re.findall(r'<p class="headline">(.*?)</p>', dom)]
    assert [h.split(" peaked at ")[0] for h in headlines] == ["Finland", "Sweden"]
    # rules 3.0.0: each country's biggest level change is its membership
    assert "joining NATO on 2023-04-04 brought it to low" in headlines[0]
    assert "joining NATO on 2024-03-07 brought it to low" in headlines[1]
    lede = text(re.search(r'<p class="lede">(.*?)</p>', dom).group(1))
    assert re.fullmatch(r"On 2022-\d\d-\d\d, Finland is the most exposed of the 2 countries: \d+\.\d, elevated, pushed up "
                        r"most by window of vulnerability \(\+25 points\)\. Sweden is the least exposed, at \d+\.\d, "
                        r"\w+\.", lede), lede
    assert "Finland's peak:" in text(dom) and "choose another" not in text(dom)
    assert dom.count("<details") >= 4 and "<script" not in dom
    wide = dom.index('<div class="wide">')
    svg = dom[dom.index("<svg", wide):dom.index("</svg>", wide)]
    texts = {html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)}
    assert {"applied", "invited", "member", "ratified", "war nearby"} <= texts  # labels beside the markers, as SVG text
    assert any(t.startswith("assessor ") and "rules assessor-default" in t for t in texts)  # the provenance stamp


PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="report" width="{width}" height="3000" style="border:0" srcdoc="{page}"></iframe>
<pre id="measured"></pre>
<script>
window.addEventListener("load", () => {{
  const doc = document.getElementById("report").contentDocument;
  const root = doc.documentElement;
  const wide = [];
  for (const el of doc.querySelectorAll("body *")) {{
    // inside an <svg>, drawing is clipped by the svg element (overflow: hidden), which is measured itself
    if (el.getBoundingClientRect().right > root.clientWidth + 0.5 && !el.closest(".table")
        && !(el.ownerSVGElement)) {{
      wide.push(el.tagName.toLowerCase() + "." + el.getAttribute("class"));
    }}
  }}
  document.getElementById("measured").textContent = JSON.stringify(
    {{scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(0, 20),
      charts: [...doc.querySelectorAll("figure.chart > div")].filter(d => d.getBoundingClientRect().height > 0)
                .map(d => [d.className, Math.round(d.querySelector("svg").getBoundingClientRect().right)])}});
}});
</script></body></html>"""


@pytest.mark.parametrize("width", [1280, 390])
def test_nothing_overflows_the_page(page, tmp_path, width):
    """The page is never wider than the screen: wide tables scroll inside their
    own wrapper, the chart and the map shrink to the width (a phone gets its own
    layout of the chart, legend and stamp inside the frame), long addresses break."""
    import json

    probe = tmp_path / "probe.html"
    probe.write_text(PROBE.format(width=width, page=html.escape(page.read_text(), quote=True)))
    dom = chromium(tmp_path, "--hide-scrollbars", "--virtual-time-budget=10000", "--window-size=1400,3000",
                   "--dump-dom", probe.as_uri()).stdout
    measured = json.loads(html.unescape(re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S).group(1)))
    assert measured["clientWidth"] == width
    assert measured["scrollWidth"] <= width and measured["wide"] == [], measured
    # one chart shows: on a phone its own narrow layout, whole (legend and stamp inside the frame), no sideways scroll
    ((shown, right),) = measured["charts"]
    assert shown == ("narrow" if width < 600 else "wide") and right <= width, measured
    assert "<script" not in page.read_text()  # the shipped report stays script-free
