"""scikit-learn's IsolationForest on the data the C# comparison wrote, timed the same way (fit, then score all rows).

Usage: python3 iforest_sklearn.py DATA.f64 LABELS.u8 ROWS COLS REPEATS
Prints one JSON object: fit and score seconds per repeat, and ROC AUC.
"""
import json
import sys
import time

import numpy as np
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score

path, labels_path, rows, cols, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
x = np.fromfile(path, dtype="<f8").reshape(rows, cols)
y = np.fromfile(labels_path, dtype=np.uint8)
runs = []
for r in range(repeats):
    t0 = time.perf_counter()
    forest = IsolationForest(n_estimators=100, max_samples=256, n_jobs=2, random_state=r).fit(x)
    t1 = time.perf_counter()
    scores = -forest.score_samples(x)
    t2 = time.perf_counter()
    runs.append({"fit": t1 - t0, "score": t2 - t1, "auc": roc_auc_score(y, scores)})
print(json.dumps({"runs": runs}))
