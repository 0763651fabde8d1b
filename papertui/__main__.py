"""`python -m papertui` runs the command line."""

from papertui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
