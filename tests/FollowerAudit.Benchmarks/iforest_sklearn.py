"""scikit-learn's IsolationForest on the data the C# comparison wrote, timed the same way (fit, then score all rows).

Usage: python3 iforest_sklearn.py DATA.f64 LABELS.u8 ROWS COLS
Loads the data once and prints "ready"; then, for each seed read from stdin (one per line), fits and scores once and
prints one JSON line: fit and score seconds (wall), CPU seconds of the process, and ROC AUC. The C# side alternates its own runs with these.
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score

path, labels_path, rows, cols = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
x = np.fromfile(path, dtype="<f8").reshape(rows, cols)
y = np.fromfile(labels_path, dtype=np.uint8)
print("ready", flush=True)
for line in sys.stdin:
    seed = int(line)
    c0 = time.process_time()
    t0 = time.perf_counter()
    forest = IsolationForest(n_estimators=100, max_samples=256, n_jobs=2, random_state=seed).fit(x)
    t1 = time.perf_counter()
    scores = -forest.score_samples(x)
    t2 = time.perf_counter()
    cpu = time.process_time() - c0
    print(json.dumps({"fit": t1 - t0, "score": t2 - t1, "cpu": cpu, "auc": roc_auc_score(y, scores)}), flush=True)
