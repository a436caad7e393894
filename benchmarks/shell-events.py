#!/usr/bin/env python3
"""Writes N events of the seed scenario (examples/shell.yaml) as JSON lines, for timing `capfence check --events`.

Usage: python3 benchmarks/shell-events.py [N] > events.jsonl   (N defaults to 1,000,000)

Per four events: an `rm -rf` in production (denied by the rule), an `ls` in production (no rule allows it),
two reads in the read-only environment (allowed).
"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
out = sys.stdout
for i in range(n):
    k = i % 4
    environment, command = (("production", "rm -rf /var/lib/postgresql/%d" % i) if k == 0
                            else ("production", "ls -la /var/lib/%d" % i) if k == 1
                            else ("readonly", "cat /etc/hosts %d" % i))
    out.write('{"id":"e-%d","actor":"ops-agent","resource":"shell","action":"exec","environment":"%s",'
              '"payload":{"command":"%s"}}\n' % (i, environment, command))
