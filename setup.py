"""Build script for the one compiled part of Kavosh (everything else is in pyproject.toml).

``kavosh.analysis._scan`` is the tokenizer's token scan in C, an accelerated
implementation of ``SCAN_RE`` (``src/kavosh/analysis/tokenize.py``).  It is optional:
without a C compiler the build goes on and Kavosh uses the regular expression.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("kavosh.analysis._scan", ["src/kavosh/analysis/_scan.c"], optional=True)])
