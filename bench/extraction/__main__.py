"""`python -m bench.extraction` runs the benchmark (same as `python -m bench.extraction.run`)."""

import sys

from bench.extraction.run import main

sys.exit(main())
