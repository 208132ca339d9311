# The package is described in pyproject.toml; this file lets older tooling install it too.
from setuptools import setup

setup()
