"""``python -m kavosh``: the ``kavosh`` command."""

import sys

from .cli import main

sys.exit(main())
