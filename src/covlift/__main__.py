"""``python -m covlift``: the only place that calls ``sys.exit``."""

import sys

from covlift.cli import main

if __name__ == "__main__":
    sys.exit(main())
