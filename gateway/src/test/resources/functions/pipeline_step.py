#!/usr/bin/env python3
"""A classic (fork per call) pipeline step for the tests.

Prints one JSON object: {"tag", "step", "run", "task", "attempt", "config", "input"}, where
input is stdin parsed as JSON when it is JSON, else the text. Options:
  --tag T                    put T in the output
  --log FILE                 append "<step> <run> <attempt>" to FILE (counts the calls)
  --fail                     fail every call: a message on stderr, exit 1, nothing on stdout
  --fail-before-attempt N    fail while X-Step-Attempt is below N
  --sleep S                  wait S seconds first
  --sleep-first S            wait S seconds on this step's first call of a run only (needs --log)
"""
import json
import os
import sys
import time


def main(argv):
    opts = {}
    i = 0
    while i < len(argv):
        if argv[i] == "--fail":
            opts["fail"] = True
            i += 1
        else:
            opts[argv[i][2:]] = argv[i + 1]
            i += 2
    step = os.environ.get("Http_X_Step_Id", "")
    run = os.environ.get("Http_X_Run_Id", "")
    attempt = int(os.environ.get("Http_X_Step_Attempt", "0") or 0)
    if "sleep-first" in opts:
        try:
            with open(opts["log"]) as log:
                called = any(line.startswith("%s %s " % (step, run)) for line in log)
        except FileNotFoundError:
            called = False
        if not called:
            opts["sleep"] = opts["sleep-first"]
    if "log" in opts:
        with open(opts["log"], "a") as log:
            log.write("%s %s %d\n" % (step, run, attempt))
    if "sleep" in opts:
        time.sleep(float(opts["sleep"]))
    if opts.get("fail") or attempt < int(opts.get("fail-before-attempt", "0")):
        sys.stderr.write("step %s failed on purpose (attempt %d)\n" % (step, attempt))
        return 1
    raw = sys.stdin.read()
    try:
        data = json.loads(raw)
    except ValueError:
        data = raw
    config = os.environ.get("Http_X_Step_Config")
    out = {
        "tag": opts.get("tag", ""),
        "step": step,
        "run": run,
        "task": os.environ.get("Http_X_Task_Id", ""),
        "attempt": attempt,
        "config": json.loads(config) if config else None,
        "input": data,
    }
    sys.stdout.write(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
