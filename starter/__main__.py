"""``python -m starter``: the same command line as ``redress-starter``."""

from starter.cli import main

if __name__ == "__main__":
    main()
