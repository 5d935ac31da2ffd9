"""`python -m benchmarks`: every figure in one table (see run.py)."""

import sys

from .run import main

sys.exit(main())
