"""Lets `python -m interviewer` behave exactly like the console script."""

from interviewer.launch import main

raise SystemExit(main())
