"""`python -m docgen` runs the command-line interface."""

from docgen.cli import main

main()
