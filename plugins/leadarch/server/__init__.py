"""`leadarch server`: a resident lint process for the commit loop, like mypy's daemon.

    leadarch server start    # beside the catalog: .leadarch_cache/server.sock
    leadarch lint            # unchanged: answered by the server while it runs
    leadarch server status
    leadarch server stop

A lint in a fresh process pays for the interpreter, leadarch's imports and building every
file of the catalog. The server pays for those once and keeps a `Workspace`: a request
re-reads every file but parses, checks and builds again only those whose bytes changed,
then runs all rules as a cold lint would. The answer is byte for byte what `leadarch
lint` prints in a fresh process, with the same exit code.

Safety: the socket is the user's own (mode 0600 in a cache folder no one else can write
to, peers checked with SO_PEERCRED where the system has it); it answers only `lint`
command lines the client would send, from the same leadarch version and Python
environment; when leadarch's code or schemas change on disk it refuses and exits, so it
never answers with stale rules. Each connection is read in a thread of its own within a
size bound and a deadline, so a silent, slow or malformed client holds no one up and
cannot stop it; lints run one at a time, while `status` and `stop` are answered at once.
It exits by itself after a quiet spell (two hours unless told otherwise).
"""
