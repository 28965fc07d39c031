"""`python -m geo`: the Incident Atlas command line."""

import sys

from geo.cli.main import main

sys.exit(main())
