"""Run one command and write its wall time and its own peak RSS as JSON.

    python bench/_rusage.py RESULT_FILE COMMAND [ARGS...]

Why a wrapper: on Linux a child's ru_maxrss also counts the memory of the process it
was forked from (exec folds the old address space's high-water mark into the new
one). Measured straight from the benchmark, a small child would report the
benchmark's own size. This wrapper is small (a bare interpreter, about 10 MB) and
imports nothing else, so the figure it reports is the command's own peak.
"""

import json
import os
import sys
import time


def main() -> int:
    result_file, argv = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(result_file, "w") as handle:
        json.dump({"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "returncode": code,
                   "wrapper_maxrss_kb": __import__("resource").getrusage(0).ru_maxrss}, handle)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
