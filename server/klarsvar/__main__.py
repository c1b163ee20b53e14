"""`python -m klarsvar`: the same as the `klarsvar` command."""

import sys

from .cli import main

sys.exit(main())
