using FollowerAudit.Core.Scoring;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers.FastTree;

namespace FollowerAudit.Learning;

/// <summary>
/// The trees of a trained FastTree ensemble in flat arrays, evaluated without ML.NET: raw scores and feature
/// contributions the way ML.NET computes them, on every core (fixed row ranges, <see cref="RowRanges"/>), with no lock.
/// </summary>
/// <remarks>
/// <para>Raw score: the leaf values of the trees, summed in double in tree order and rounded to float, as
/// <c>FastTreeBinaryModelParameters</c> does (the ensemble's bias and tree weights are not part of its output). A node
/// sends a row to its left child when the feature value ≤ the node's threshold (both float), else to its right child;
/// a negative child index c is leaf ~c.</para>
/// <para>Contribution of a row to a feature (ML.NET's <c>CalculateFeatureContribution</c>, unnormalised): over the trees,
/// for every node on the row's path that splits on the feature, the tree's output minus the output the row would get
/// had it taken the node's other branch (then gone on as usual), added up in float.</para>
/// <para>Only numerical splits are supported (the trainer's features are all numerical); a model with a categorical
/// split is not extracted and ML.NET evaluates it. Vectors never hold NaN (missing values are encoded, see
/// <see cref="ClassifierData.Missing"/>), so the missing-value defaults that ML.NET keeps internally play no part.
/// Immutable and thread-safe.</para>
/// </remarks>
internal sealed class TrainedClassifierTrees
{
    private readonly int[] _roots;
    private readonly int[] _features;
    private readonly float[] _thresholds;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _leafValues;

    private TrainedClassifierTrees(int[] roots, int[] features, float[] thresholds, int[] left, int[] right, double[] leafValues)
    {
        _roots = roots;
        _features = features;
        _thresholds = thresholds;
        _left = left;
        _right = right;
        _leafValues = leafValues;
    }

    /// <summary>Number of trees.</summary>
    public int TreeCount => _roots.Length;

    /// <summary>The trees of a loaded model, or null when it is not a calibrated FastTree binary model with numerical splits only.</summary>
    /// <param name="model">The ML.NET model.</param>
    /// <returns>The flat trees, or null.</returns>
    public static TrainedClassifierTrees? From(ITransformer model)
    {
        if (model is not ISingleFeaturePredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> predictor)
        {
            return null;
        }

        var trees = predictor.Model.SubModel.TrainedTreeEnsemble.Trees;
        var roots = new int[trees.Count];
        var features = new List<int>();
        var thresholds = new List<float>();
        var left = new List<int>();
        var right = new List<int>();
        var leafValues = new List<double>();
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                return null;
            }

            // Node and leaf indexes of the tree are shifted by where its nodes and leaves start in the flat arrays; a
            // tree without a split (one leaf) gets root −1 − its leaf, read as that leaf.
            var nodeStart = features.Count;
            roots[t] = tree.NumberOfNodes == 0 ? ~leafValues.Count : nodeStart;
            for (var node = 0; node < tree.NumberOfNodes; node++)
            {
                features.Add(tree.NumericalSplitFeatureIndexes[node]);
                thresholds.Add(tree.NumericalSplitThresholds[node]);
                left.Add(Shift(tree.LeftChild[node], nodeStart, leafValues.Count));
                right.Add(Shift(tree.RightChild[node], nodeStart, leafValues.Count));
            }

            leafValues.AddRange(tree.LeafValues);
        }

        return new TrainedClassifierTrees(roots, [.. features], [.. thresholds], [.. left], [.. right], [.. leafValues]);
    }

    private static int Shift(int child, int nodeStart, int leafStart) => child < 0 ? ~(~child + leafStart) : child + nodeStart;

    /// <summary>Raw scores of feature vectors, as ML.NET's <c>Score</c> column.</summary>
    /// <param name="vectors">Vectors in model order (no NaN).</param>
    /// <returns>Raw scores.</returns>
    public float[] RawScores(float[][] vectors)
    {
        var scores = new float[vectors.Length];
        RowRanges.For(vectors.Length, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var x = vectors[i];
                var sum = 0.0;
                foreach (var root in _roots)
                {
                    sum += _leafValues[~LeafFrom(x, root)];
                }

                scores[i] = (float)sum;
            }
        });
        return scores;
    }

    /// <summary>Per row, the <paramref name="top"/> largest positive feature contributions (feature index, contribution), largest first, ties by feature index.</summary>
    /// <param name="vectors">Vectors in model order (no NaN).</param>
    /// <param name="top">How many.</param>
    /// <returns>Contributions per row.</returns>
    public (int Feature, float Contribution)[][] Contributions(float[][] vectors, int top)
    {
        var result = new (int Feature, float Contribution)[vectors.Length][];
        RowRanges.For(vectors.Length, (start, end) =>
        {
            var width = vectors.Length == 0 ? 0 : vectors[start].Length;
            var sums = new float[width];
            var best = new (int Feature, float Contribution)[Math.Max(top, 0)];
            for (var i = start; i < end; i++)
            {
                var x = vectors[i];
                Array.Clear(sums);
                foreach (var root in _roots)
                {
                    if (root < 0)
                    {
                        // One leaf: no split, no contribution.
                        continue;
                    }

                    var output = _leafValues[~LeafFrom(x, root)];
                    var node = root;
                    while (node >= 0)
                    {
                        var goesLeft = x[_features[node]] <= _thresholds[node];
                        var otherWay = goesLeft ? _right[node] : _left[node];
                        sums[_features[node]] += (float)(output - _leafValues[~LeafFrom(x, otherWay)]);
                        node = goesLeft ? _left[node] : _right[node];
                    }
                }

                result[i] = Largest(sums, top, best);
            }
        });
        return result;
    }

    /// <summary>The <paramref name="top"/> largest positive sums (index, value), largest first, ties by index: what a stable descending sort gives.</summary>
    private static (int Feature, float Contribution)[] Largest(float[] sums, int top, (int Feature, float Contribution)[] best)
    {
        var count = 0;
        for (var j = 0; j < sums.Length; j++)
        {
            var v = sums[j];
            if (!(v > 0))
            {
                continue;
            }

            // Slide smaller entries down (the last falls off); an equal one stays ahead, as it came first.
            var at = count;
            while (at > 0 && best[at - 1].Contribution < v)
            {
                if (at < top)
                {
                    best[at] = best[at - 1];
                }

                at--;
            }

            if (at < top)
            {
                best[at] = (j, v);
                count = Math.Min(count + 1, top);
            }
        }

        return best[..count];
    }

    /// <summary>The leaf (as ~index into the flat leaf values) a row reaches from a node (or a leaf, returned as it is).</summary>
    private int LeafFrom(float[] x, int node)
    {
        while (node >= 0)
        {
            node = x[_features[node]] <= _thresholds[node] ? _left[node] : _right[node];
        }

        return node;
    }
}
