"""Lets `python -m interviewer` behave exactly like the console script."""

from interviewer.cli import main

raise SystemExit(main())
