"""PM4Py on an XES log, the process-mining peer `leadarch measure` is compared with:
import the log, then token-based replay fitness against a model discovered from it.

    python bench/pm4py_peer.py LOG.xes.gz   # prints {"import_s": …, "replay_s": …}

Only the import and the replay are timed (what `leadarch measure` does: read the log and
check it against a designed process); discovering the model is PM4Py's stand-in for the
design leadarch already has. PM4Py is AGPL-3.0: it is installed by the `bench` extra only
and never imported by leadarch.
"""

from __future__ import annotations

import json
import sys
import time


def main() -> int:
    import pm4py

    started = time.perf_counter()
    log = pm4py.read_xes(sys.argv[1])
    imported = time.perf_counter()
    net, initial, final = pm4py.discover_petri_net_inductive(log, noise_threshold=0.2)
    discovered = time.perf_counter()
    fitness = pm4py.fitness_token_based_replay(log, net, initial, final)
    replayed = time.perf_counter()
    print(
        json.dumps(
            {
                "import_s": imported - started,
                "replay_s": replayed - discovered,
                "fitness": fitness,
            },
            default=float,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
