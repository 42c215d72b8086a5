"""``python -m safetystation``: the headless command line."""

from safetystation.cli import main

raise SystemExit(main())
