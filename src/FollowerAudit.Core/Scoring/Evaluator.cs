using System.Globalization;
using System.Text;
using System.Text.Json;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Core.Scoring;

/// <summary>Trains a scorer on labeled accounts (used inside cross-validation folds and for train-on-A test-on-B).</summary>
public interface IScorerTrainer
{
    /// <summary>Name of the scorers it trains.</summary>
    string Name { get; }

    /// <summary>Trains a scorer.</summary>
    /// <param name="training">A context over the training accounts with features already extracted.</param>
    /// <param name="isFake">The training labels, in the context's row order.</param>
    /// <returns>A scorer ready to score other contexts with the same features.</returns>
    IFollowerScorer Train(AuditContext training, IReadOnlyList<bool> isFake);
}

/// <summary>Per-account scores of every measured scorer, for <c>evaluate --scores</c>.</summary>
/// <param name="Population">Per account, the dataset it came from.</param>
/// <param name="AccountId">Per account, its id.</param>
/// <param name="IsFake">Per account, its label.</param>
/// <param name="Columns">Per scorer row (named like its <see cref="MetricsRow.Name"/>), one score per account; NaN where that row did not score the account.</param>
public sealed record ScoredAccounts(IReadOnlyList<string> Population, IReadOnlyList<long> AccountId, IReadOnlyList<bool> IsFake, IReadOnlyList<(string Name, double[] Scores)> Columns)
{
    /// <summary>Accounts with the given scores and no scorer columns yet.</summary>
    /// <param name="population">The dataset name of all of them.</param>
    /// <param name="dataset">The dataset.</param>
    /// <param name="rows">Its account rows.</param>
    /// <returns>The table.</returns>
    public static ScoredAccounts For(string population, AuditDataset dataset, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(rows);
        return new ScoredAccounts([.. Enumerable.Repeat(population, rows.Count)], [.. rows.Select(r => dataset.Accounts.AccountId[r])], Evaluator.IsFake(dataset, rows), []);
    }

    /// <summary>Adds a scorer column.</summary>
    /// <param name="name">The row name.</param>
    /// <param name="scores">One score per account.</param>
    /// <returns>A new table.</returns>
    /// <exception cref="ArgumentException">Wrong length.</exception>
    public ScoredAccounts With(string name, double[] scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return scores.Length != AccountId.Count
            ? throw new ArgumentException($"{scores.Length} scores for {AccountId.Count} accounts.", nameof(scores))
            : this with { Columns = [.. Columns, (name, scores)] };
    }

    /// <summary>Stacks the accounts of several tables (columns matched by name; NaN where a table lacks one).</summary>
    /// <param name="parts">The tables.</param>
    /// <returns>One table.</returns>
    public static ScoredAccounts Concat(IReadOnlyList<ScoredAccounts> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var names = parts.SelectMany(p => p.Columns.Select(c => c.Name)).Distinct(StringComparer.Ordinal).ToArray();
        var columns = names.Select(n => (n, parts.SelectMany(p =>
            p.Columns.FirstOrDefault(c => c.Name == n).Scores ?? Enumerable.Repeat(double.NaN, p.AccountId.Count).ToArray()).ToArray())).ToList();
        return new ScoredAccounts([.. parts.SelectMany(p => p.Population)], [.. parts.SelectMany(p => p.AccountId)], [.. parts.SelectMany(p => p.IsFake)], columns);
    }

    /// <summary>CSV: <c>population,account_id,label,&lt;one column per scorer row&gt;</c>; label is fake/genuine, empty cell where a row did not score the account.</summary>
    /// <returns>The CSV text (header first, invariant culture, RFC 4180 quoting).</returns>
    public string ToCsv()
    {
        static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
        var sb = new StringBuilder();
        sb.Append("population,account_id,label");
        foreach (var (name, _) in Columns)
        {
            sb.Append(',').Append(Quote(name));
        }

        sb.Append('\n');
        for (var i = 0; i < AccountId.Count; i++)
        {
            sb.Append(Quote(Population[i])).Append(',').Append(AccountId[i].ToString(CultureInfo.InvariantCulture)).Append(',').Append(IsFake[i] ? "fake" : "genuine");
            foreach (var (_, scores) in Columns)
            {
                sb.Append(',');
                if (!double.IsNaN(scores[i]))
                {
                    sb.Append(scores[i].ToString("0.######", CultureInfo.InvariantCulture));
                }
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }
}

/// <summary>Metrics of several scorers on one labeled dataset, side by side.</summary>
/// <param name="Dataset">Name of the dataset (and subsample).</param>
/// <param name="Rows">Number of labeled accounts scored.</param>
/// <param name="Scorers">One row per scorer.</param>
public sealed record EvaluationReport(string Dataset, int Rows, IReadOnlyList<MetricsRow> Scorers)
{
    /// <summary>Per-account scores behind the rows, when kept.</summary>
    public ScoredAccounts? Accounts { get; init; }

    /// <summary>Notes printed under the table (e.g. a label-free part left out of the combined score, and why).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// JSON: <c>{"dataset":…,"rows":N,"scorers":[{"name","evaluation","precision","recall","f1","accuracy","mcc","auc",
    /// "threshold","specificity","positives","negatives","roc":[{"threshold","fpr","tpr"}…]}],"notes":[…]}</c>
    /// (AUC is null when undefined; an infinite ROC threshold is null).
    /// </summary>
    /// <returns>Indented JSON.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("dataset", Dataset);
            w.WriteNumber("rows", Rows);
            w.WriteStartArray("scorers");
            foreach (var r in Scorers)
            {
                w.WriteStartObject();
                w.WriteString("name", r.Name);
                if (r.Evaluation is { } how)
                {
                    w.WriteString("evaluation", how);
                }

                void Num(string key, double v)
                {
                    if (double.IsFinite(v))
                    {
                        w.WriteNumber(key, Math.Round(v, 4));
                    }
                    else
                    {
                        w.WriteNull(key);
                    }
                }

                Num("precision", r.Precision);
                Num("recall", r.Recall);
                Num("f1", r.F1);
                Num("accuracy", r.Accuracy);
                Num("mcc", r.Mcc);
                Num("auc", r.Auc);
                Num("threshold", r.Threshold);
                Num("specificity", r.Specificity);
                w.WriteNumber("positives", r.Positives);
                w.WriteNumber("negatives", r.Negatives);
                if (r.Roc is { } roc)
                {
                    w.WriteStartArray("roc");
                    foreach (var point in roc)
                    {
                        w.WriteStartObject();
                        Num("threshold", point.Threshold);
                        Num("fpr", point.FalsePositiveRate);
                        Num("tpr", point.TruePositiveRate);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("notes");
            foreach (var note in Notes)
            {
                w.WriteStringValue(note);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A Markdown table of the rows.</summary>
    /// <returns>The table, with a header line naming the dataset.</returns>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Dataset} ({Rows} accounts)\n\n");
        sb.Append("| scorer | precision | recall | F1 | accuracy | MCC | AUC | threshold |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var r in Scorers)
        {
            sb.Append(r.ToMarkdown()).Append('\n');
        }

        var how = Scorers.Where(r => r.Evaluation is not null).Select(r => $"- {r.Name}: {r.Evaluation}").ToList();
        if (how.Count > 0)
        {
            sb.Append("\nHow each row was measured:\n").Append(string.Join('\n', how)).Append('\n');
        }

        foreach (var note in Notes)
        {
            sb.Append("\nNote: ").Append(note).Append('\n');
        }

        return sb.ToString();
    }
}

/// <summary>Out-of-fold results of a cross-validated trainer.</summary>
/// <param name="Metrics">Metrics of the pooled out-of-fold scores, each judged at its own fold's threshold.</param>
/// <param name="Rows">The evaluated account rows.</param>
/// <param name="IsFake">Their labels.</param>
/// <param name="Scores">Their out-of-fold scores.</param>
/// <param name="Folds">Each row's fold.</param>
public sealed record CrossValidationResult(MetricsRow Metrics, int[] Rows, bool[] IsFake, double[] Scores, int[] Folds);

/// <summary>
/// Scores ALL labeled accounts of a dataset (not the followers of one account) with any extractors and scorers,
/// and reports precision, recall, F1, accuracy, MCC and ROC AUC side by side; stratified K-fold cross-validation
/// for trained scorers; train-on-A test-on-B.
/// </summary>
public static class Evaluator
{
    /// <summary>Labels of rows as fake flags.</summary>
    /// <param name="dataset">The dataset (must have a label column).</param>
    /// <param name="rows">Rows.</param>
    /// <returns>True where the label is fake.</returns>
    /// <exception cref="ArgumentException">The dataset has no labels.</exception>
    public static bool[] IsFake(AuditDataset dataset, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(rows);
        var labels = dataset.Accounts.Label ?? throw new ArgumentException("The dataset has no label column; evaluation needs labeled accounts.", nameof(dataset));
        return [.. rows.Select(r => labels[r] == AccountLabel.Fake)];
    }

    /// <summary>Runs a pipeline's extractors and scorers over all labeled accounts and measures each scorer.</summary>
    /// <param name="labeled">Labeled accounts (follows are ignored).</param>
    /// <param name="pipeline">Supplies extractors, scorers and options.</param>
    /// <param name="datasetName">Name for the report.</param>
    /// <param name="rows">Rows to evaluate; all labeled rows when <see langword="null"/>.</param>
    /// <returns>The report.</returns>
    public static EvaluationReport Evaluate(AuditDataset labeled, AuditPipeline pipeline, string datasetName, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return Evaluate(labeled, pipeline.FeatureExtractors, pipeline.Scorers, datasetName, rows, pipeline.Options);
    }

    /// <summary>Runs extractors and scorers over labeled accounts and measures each scorer at its own threshold.</summary>
    /// <param name="labeled">Labeled accounts.</param>
    /// <param name="extractors">Feature extractors, in order.</param>
    /// <param name="scorers">Scorers to measure.</param>
    /// <param name="datasetName">Name for the report.</param>
    /// <param name="rows">Rows to evaluate; all labeled rows when <see langword="null"/>.</param>
    /// <param name="options">Options (seed).</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">No labeled rows.</exception>
    public static EvaluationReport Evaluate(
        AuditDataset labeled, IReadOnlyList<IFeatureExtractor> extractors, IReadOnlyList<IFollowerScorer> scorers,
        string datasetName, IReadOnlyList<int>? rows = null, AuditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentNullException.ThrowIfNull(extractors);
        ArgumentNullException.ThrowIfNull(scorers);
        rows ??= ScoringContext.LabeledRows(labeled);
        if (rows.Count == 0)
        {
            throw new ArgumentException("The dataset has no labeled accounts (label column absent or all unknown).", nameof(labeled));
        }

        var isFake = IsFake(labeled, rows);
        var context = Prepare(labeled, rows, extractors, options);
        var accounts = ScoredAccounts.For(datasetName, labeled, rows);
        var results = new List<MetricsRow>();
        var notes = new List<string>();
        foreach (var s in scorers)
        {
            // Scorers that combine earlier ones (unsupervised) read their outputs from the context, as in an audit.
            var out_ = s.Score(context);
            context.ScorerOutputs = [.. context.ScorerOutputs, out_];
            results.Add(ClassificationMetrics.Compute(s.Name, isFake, out_.Scores, out_.Threshold) with { Roc = ClassificationMetrics.RocPoints(isFake, out_.Scores) });
            accounts = accounts.With(s.Name, out_.Scores);
            notes.AddRange(out_.Notes.Select(note => $"{s.Name}: {note}"));
        }

        return new EvaluationReport(datasetName, rows.Count, results) { Accounts = accounts, Notes = notes };
    }

    /// <summary>Creates a context over rows and runs the extractors on it.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="rows">Account rows.</param>
    /// <param name="extractors">Extractors.</param>
    /// <param name="options">Options.</param>
    /// <returns>The context with features.</returns>
    public static AuditContext Prepare(AuditDataset dataset, IReadOnlyList<int> rows, IReadOnlyList<IFeatureExtractor> extractors, AuditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(extractors);
        var context = ScoringContext.ForAccountRows(dataset, rows, options);
        foreach (var extractor in extractors)
        {
            extractor.Extract(context);
        }

        return context;
    }

    /// <summary>
    /// Stratified K-fold cross-validation of a trainer: each fold's scorer is trained on the other folds only, and
    /// every account is scored once, out of fold.
    /// </summary>
    /// <param name="labeled">Labeled accounts.</param>
    /// <param name="extractors">Feature extractors.</param>
    /// <param name="trainer">The trainer.</param>
    /// <param name="folds">K ≥ 2.</param>
    /// <param name="seed">Seed of the fold split.</param>
    /// <param name="rows">Rows to use; all labeled rows when <see langword="null"/>.</param>
    /// <param name="options">Options passed to contexts.</param>
    /// <param name="scoreWholeSet">
    /// For scorers that judge followers relative to each other (clone density): each fold's scorer scores all rows as
    /// one slice, as an audit would, and only the held-out rows are kept. No labels of held-out rows are used.
    /// </param>
    /// <returns>Pooled out-of-fold metrics (named "<c>name (cv K)</c>") and scores.</returns>
    public static CrossValidationResult CrossValidate(
        AuditDataset labeled, IReadOnlyList<IFeatureExtractor> extractors, IScorerTrainer trainer, int folds, int seed,
        IReadOnlyList<int>? rows = null, AuditOptions? options = null, bool scoreWholeSet = false)
    {
        ArgumentNullException.ThrowIfNull(labeled);
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var all = (rows ?? ScoringContext.LabeledRows(labeled)).ToArray();
        var isFake = IsFake(labeled, all);
        var fold = StratifiedFolds(isFake, folds, seed);
        var scores = new double[all.Length];
        var flagged = new bool[all.Length];
        var thresholds = new double[folds];
        var whole = scoreWholeSet ? Prepare(labeled, all, extractors, options) : null;
        for (var k = 0; k < folds; k++)
        {
            var trainIdx = Enumerable.Range(0, all.Length).Where(i => fold[i] != k).ToArray();
            var testIdx = Enumerable.Range(0, all.Length).Where(i => fold[i] == k).ToArray();
            if (testIdx.Length == 0)
            {
                continue;
            }

            var train = Prepare(labeled, [.. trainIdx.Select(i => all[i])], extractors, options);
            var scorer = trainer.Train(train, [.. trainIdx.Select(i => isFake[i])]);
            var test = whole ?? Prepare(labeled, [.. testIdx.Select(i => all[i])], extractors, options);
            var result = scorer.Score(test);
            thresholds[k] = result.Threshold;
            for (var j = 0; j < testIdx.Length; j++)
            {
                var at = whole is null ? j : testIdx[j];
                scores[testIdx[j]] = result.Scores[at];
                flagged[testIdx[j]] = result.Scores[at] >= result.Threshold;
            }
        }

        var metrics = ClassificationMetrics.Compute(
            string.Create(CultureInfo.InvariantCulture, $"{trainer.Name} (cv {folds})"), isFake, scores, flagged, thresholds.Average());
        return new CrossValidationResult(metrics, all, isFake, scores, fold);
    }

    /// <summary>Trains on one labeled dataset and measures on another (e.g. Twitter → Instagram).</summary>
    /// <param name="train">Training accounts.</param>
    /// <param name="test">Test accounts.</param>
    /// <param name="extractors">Feature extractors.</param>
    /// <param name="trainer">The trainer.</param>
    /// <param name="name">Row name.</param>
    /// <param name="options">Options.</param>
    /// <returns>Metrics on <paramref name="test"/>.</returns>
    public static MetricsRow TrainTest(AuditDataset train, AuditDataset test, IReadOnlyList<IFeatureExtractor> extractors, IScorerTrainer trainer, string name, AuditOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var trainRows = ScoringContext.LabeledRows(train);
        var testRows = ScoringContext.LabeledRows(test);
        var scorer = trainer.Train(Prepare(train, trainRows, extractors, options), IsFake(train, trainRows));
        var result = scorer.Score(Prepare(test, testRows, extractors, options));
        return ClassificationMetrics.Compute(name, IsFake(test, testRows), result.Scores, result.Threshold);
    }

    /// <summary>Assigns each item to one of K folds so every fold has (almost) the same share of fakes.</summary>
    /// <param name="isFake">Labels.</param>
    /// <param name="folds">K.</param>
    /// <param name="seed">Shuffle seed.</param>
    /// <returns>The fold (0..K-1) of each item.</returns>
    public static int[] StratifiedFolds(IReadOnlyList<bool> isFake, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(isFake);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var random = new Random(seed);
        var fold = new int[isFake.Count];
        foreach (var cls in new[] { false, true })
        {
            var members = Enumerable.Range(0, isFake.Count).Where(i => isFake[i] == cls).ToArray();
            random.Shuffle(members);
            for (var j = 0; j < members.Length; j++)
            {
                fold[members[j]] = j % folds;
            }
        }

        return fold;
    }

    /// <summary>All genuine rows plus a seeded random sample of <paramref name="fakeCount"/> fake rows, in table order.</summary>
    /// <param name="dataset">Labeled dataset.</param>
    /// <param name="fakeCount">Fakes to keep.</param>
    /// <param name="seed">Sampling seed.</param>
    /// <returns>The rows.</returns>
    public static int[] SubsampleFakes(AuditDataset dataset, int fakeCount, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var rows = ScoringContext.LabeledRows(dataset);
        var isFake = IsFake(dataset, rows);
        var fakes = rows.Where((_, i) => isFake[i]).ToArray();
        new Random(seed).Shuffle(fakes);
        var keep = fakes.Take(fakeCount).ToHashSet();
        return [.. rows.Where((r, i) => !isFake[i] || keep.Contains(r))];
    }
}
