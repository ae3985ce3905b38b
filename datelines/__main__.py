"""`python -m datelines …`: see `datelines.cli`."""

from datelines.cli import main

raise SystemExit(main())
