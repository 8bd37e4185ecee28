"""`python -m sucai.cli …` runs the `sucai` command."""

from . import main

main()
