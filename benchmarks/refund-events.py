#!/usr/bin/env python3
"""Writes N events of the refunds example as JSON lines, for timing `capfence check --events`.

Usage: python3 benchmarks/refund-events.py [N] [no-approvals] > events.jsonl   (N defaults to 1,000,000)

Per ten events: four large refunds (each a new approval request), one to an unknown merchant (denied),
five small ones (allowed). With no-approvals the four large refunds are small ones instead.
"""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
approvals = not (len(sys.argv) > 2 and sys.argv[2] == "no-approvals")
out = sys.stdout
for i in range(n):
    k = i % 10
    large = k < 4 and approvals
    amount = 1001 + i if large else 20 if k == 4 else 1 + i % 1000
    merchant = "unknown" if k == 4 else "m_%d" % (i % 500)
    out.write('{"id":"refund-%d","actor":"support-agent","capability":"payments.refund",'
              '"payload":{"amount":%d,"merchant_id":"%s"}}\n' % (i, amount, merchant))
