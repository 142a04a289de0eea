"""Plain-Python core of the guide: load, validate, model and render to Markdown.

Nothing here imports MkDocs; the hooks in ``hooks/*.py`` adapt it to MkDocs.
"""

from .errors import DataError, Problem
from .loader import Catalogue, load
from .model import LANGUAGES

__all__ = ["Catalogue", "DataError", "LANGUAGES", "Problem", "load"]
