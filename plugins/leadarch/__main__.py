from __future__ import annotations

import sys

from leadarch.cli import main

sys.exit(main())
