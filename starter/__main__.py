"""``python -m starter``: the same command line as ``redress-starter``."""

import sys

from starter.cli import main

if __name__ == "__main__":
    sys.exit(main())
