from __future__ import annotations

import sys

from leadarch.client import main

sys.exit(main())
