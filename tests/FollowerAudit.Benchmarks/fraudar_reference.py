"""Runs the FRAUDAR authors' reference implementation on an edge list, for the C# side-by-side comparison.

Usage: python3 fraudar_reference.py REFERENCE_DIR EDGES
REFERENCE_DIR holds the authors' greedy.py and MinTree.py (for example fraudar/export of the rgmining/fraudar package,
which ships them unchanged). Times what the reference's own run_greedy.py does for one block (readData, then
logWeightedAveDegree) and prints one JSON line: read and detect seconds (wall), CPU seconds, and the block's rows and
columns, so the C# side can check both found the same block.
"""
import importlib
import json
import os
import sys
import time

reference, edges = os.path.abspath(sys.argv[1]), sys.argv[2]
# greedy.py imports MinTree relatively, so load the folder as a package.
sys.path.insert(0, os.path.dirname(reference))
greedy = importlib.import_module(os.path.basename(reference) + ".greedy")

c0 = time.process_time()
t0 = time.perf_counter()
matrix = greedy.readData(edges)
t1 = time.perf_counter()
sys.stdout = sys.stderr  # the reference prints progress lines; keep stdout for the result
(rows, cols), score = greedy.logWeightedAveDegree(matrix)
t2 = time.perf_counter()
sys.stdout = sys.__stdout__
print(json.dumps({"read": t1 - t0, "detect": t2 - t1, "cpu": time.process_time() - c0,
                  "rows": sorted(int(r) for r in rows), "cols": sorted(int(c) for c in cols)}), flush=True)
