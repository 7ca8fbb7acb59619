using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Model;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace FollowerAudit.Learning;

/// <summary>
/// A trained follower classifier: an ML.NET FastTree binary model over profile features, a Platt calibration fitted
/// on out-of-fold scores, the flag threshold and the error rates measured by cross-validation at that threshold.
/// Saved as a .zip holding the ML.NET model (<c>mlnet-model.zip</c>) and <c>followeraudit-model.json</c>.
/// Immutable and thread-safe for scoring.
/// </summary>
public sealed class TrainedClassifier
{
    private const string ModelEntry = "mlnet-model.zip";
    private const string MetadataEntry = "followeraudit-model.json";
    private const string ReferenceEntry = "training-reference.json";
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private readonly MLContext _ml;
    private readonly ITransformer _model;


    // One MLContext serves every audit of a run, and audits of different accounts run in parallel: ML.NET does not
    // promise that a context and a transformer may be used from two threads at once.
    private readonly Lock _gate = new();

    internal TrainedClassifier(MLContext ml, ITransformer model, ClassifierMetadata metadata, FeatureReference? reference = null)
    {
        _ml = ml;
        _model = model;
        Trees = TrainedClassifierTrees.From(model);
        Metadata = metadata;
        Reference = reference;
    }

    /// <summary>
    /// The model's trees in flat arrays, evaluated on every core without the lock; null for a model they cannot
    /// represent, which ML.NET then evaluates.
    /// </summary>
    internal TrainedClassifierTrees? Trees { get; }

    /// <summary>
    /// What the training accounts looked like, feature by feature (entry <c>training-reference.json</c>), or
    /// <see langword="null"/> for a model saved before it existed; the estimate checks audited followers against it.
    /// </summary>
    public FeatureReference? Reference { get; }

    /// <summary>The same model with another training reference (used to add one to a model trained before references existed).</summary>
    /// <param name="reference">The reference.</param>
    /// <returns>The model with the reference.</returns>
    public TrainedClassifier WithReference(FeatureReference reference) => new(_ml, _model, Metadata, reference);

    /// <summary>What the model was trained on and how well it did.</summary>
    public ClassifierMetadata Metadata { get; }

    /// <summary>Feature names in model-vector order.</summary>
    public IReadOnlyList<string> Features => Metadata.Features;

    /// <summary>
    /// Error rates measured by the internal cross-validation at <see cref="ClassifierMetadata.Threshold"/>, with the
    /// sensitivity range over groups of at least <see cref="MinimumGroupFakes"/> fakes when groups were given. For a
    /// model trained on several populations: the means of <see cref="ClassifierMetadata.Populations"/> (each measured
    /// leave-one-population-out), with the sensitivity range over those populations.
    /// </summary>
    public ErrorRates ErrorRates
    {
        get
        {
            if (Metadata.Populations is { Count: > 0 } populations)
            {
                return new ErrorRates(Metadata.Sensitivity, Metadata.Specificity, Metadata.Positives, Metadata.Negatives,
                    $"leave-one-population-out on {string.Join(", ", populations.Select(p => p.Population))} (mean over populations)")
                {
                    SensitivityRange = (populations.Min(p => p.Sensitivity), populations.Max(p => p.Sensitivity)),
                    SpecificityRange = (populations.Min(p => p.Specificity), populations.Max(p => p.Specificity)),
                };
            }

            var groups = Metadata.FakeGroups?.Where(g => g.Fakes >= MinimumGroupFakes).ToList() ?? [];
            return new ErrorRates(Metadata.Sensitivity, Metadata.Specificity, Metadata.Positives, Metadata.Negatives,
                string.Create(CultureInfo.InvariantCulture, $"{Metadata.CalibrationFolds}-fold cross-validation on {Metadata.TrainingSource}"))
            {
                SensitivityRange = groups.Count < 2 ? null : (groups.Min(g => g.Sensitivity), groups.Max(g => g.Sensitivity)),
            };
        }
    }

    /// <summary>Smallest group of fakes whose sensitivity counts towards <see cref="Core.Pipeline.ErrorRates.SensitivityRange"/>.</summary>
    public const int MinimumGroupFakes = 30;

    /// <summary>
    /// The default model: trained on every labeled population the project has (Cresci 2015 E13+INT Twitter, Instagram
    /// Kaggle, Instagram Purba 2020) with <see cref="TrainOptions.Portable"/>; its per-population error rates are in
    /// <see cref="ClassifierMetadata.Populations"/> (docs/accuracy.md, "The default model").
    /// </summary>
    public const string DefaultName = "portable";

    /// <summary>The previous default, trained on Cresci 2015 E13 (genuine) + INT (bought) Twitter accounts only; for comparison and 2015-Twitter-like data.</summary>
    public const string CresciName = "cresci-2015";

    /// <summary>A model trained on a generated world (see docs/accuracy.md): for auditing synthetic data such as the demo.</summary>
    public const string SyntheticName = "synthetic";

    // Built-in model name → embedded resource (FollowerAudit.Learning.csproj); the first is the default.
    private static readonly (string Name, string Resource)[] BuiltIns =
    [
        (DefaultName, "FollowerAudit.Learning.portable-classifier.zip"),
        (CresciName, "FollowerAudit.Learning.cresci-2015-classifier.zip"),
        (SyntheticName, "FollowerAudit.Learning.synthetic-classifier.zip"),
    ];

    /// <summary>Names of the models shipped inside the tool, for <c>audit --model NAME</c>; the first is the default.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = [.. BuiltIns.Select(b => b.Name)];

    /// <summary>Loads the default model shipped with the tool (<see cref="DefaultName"/>; see docs/accuracy.md).</summary>
    /// <returns>The model.</returns>
    public static TrainedClassifier LoadDefault() => LoadBuiltIn(DefaultName);

    /// <summary>Loads a model shipped with the tool by name (<see cref="BuiltInNames"/>).</summary>
    /// <param name="name">The name.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException">Not a built-in name.</exception>
    public static TrainedClassifier LoadBuiltIn(string name)
    {
        var resource = BuiltIns.FirstOrDefault(b => b.Name == name).Resource
            ?? throw new ArgumentException($"'{name}' is not a built-in model; built-in models are {string.Join(", ", BuiltInNames)}.", nameof(name));
        using var stream = typeof(TrainedClassifier).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The model resource '{resource}' is missing from the build.");
        return Load(stream, $"the built-in model '{name}'");
    }

    /// <summary>Loads a model file, or a built-in model when no such file exists and the text is a built-in name.</summary>
    /// <param name="pathOrName">A .zip written by <c>followeraudit train</c>, or one of <see cref="BuiltInNames"/>.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InputDataException">No such file and not a built-in name, or not a model.</exception>
    public static TrainedClassifier LoadFileOrBuiltIn(string pathOrName)
    {
        ArgumentNullException.ThrowIfNull(pathOrName);
        if (File.Exists(pathOrName))
        {
            return Load(pathOrName);
        }

        return BuiltInNames.Contains(pathOrName, StringComparer.Ordinal)
            ? LoadBuiltIn(pathOrName)
            : throw new InputDataException($"--model {pathOrName}: no such file, and not a built-in model. Built-in models: {string.Join(", ", BuiltInNames)}{Closest(pathOrName)}; or give a .zip written by 'followeraudit train'.");
    }

    // " (did you mean 'cresci-2015'?)" when a built-in name differs only in punctuation or case.
    private static string Closest(string text)
    {
        static string Letters(string s) => new([.. s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
        var match = BuiltInNames.FirstOrDefault(n => Letters(n) == Letters(text));
        return match is null ? "" : $" (did you mean '{match}'?)";
    }

    /// <summary>Loads a model saved by <see cref="Save(string)"/>.</summary>
    /// <param name="path">The .zip file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InputDataException">Missing or not a FollowerAudit model.</exception>
    public static TrainedClassifier Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw InputDataException.Missing(path, "a model .zip written by ClassifierTrainer (followeraudit train)");
        }

        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <summary>Loads a model from a stream.</summary>
    /// <param name="stream">The .zip content.</param>
    /// <param name="name">Name for messages.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InputDataException">Not a FollowerAudit model.</exception>
    public static TrainedClassifier Load(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            var metaEntry = zip.GetEntry(MetadataEntry) ?? throw new InvalidDataException($"entry '{MetadataEntry}' not found");
            var modelEntry = zip.GetEntry(ModelEntry) ?? throw new InvalidDataException($"entry '{ModelEntry}' not found");
            ClassifierMetadata metadata;
            using (var s = metaEntry.Open())
            {
                metadata = JsonSerializer.Deserialize<ClassifierMetadata>(s) ?? throw new InvalidDataException("empty metadata");
            }

            var ml = new MLContext(metadata.Seed);
            using var buffer = new MemoryStream();
            using (var s = modelEntry.Open())
            {
                s.CopyTo(buffer);
            }

            buffer.Position = 0;
            var model = ml.Model.Load(buffer, out _);
            FeatureReference? reference = null;
            if (zip.GetEntry(ReferenceEntry) is { } referenceEntry)
            {
                using var s = referenceEntry.Open();
                reference = FeatureReference.Load(s);
            }

            return new TrainedClassifier(ml, model, metadata, reference);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or FormatException or InvalidOperationException)
        {
            throw new InputDataException($"{name}: not a FollowerAudit classifier model ({ex.Message}). Train one with 'followeraudit train'.", ex);
        }
    }

    /// <summary>Saves the model (ML.NET model + metadata) to a .zip, replacing the file.</summary>
    /// <param name="path">Target path.</param>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var temp = path + ".tmp";
        using (var file = File.Create(temp))
        {
            Save(file);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Saves the model to a stream.</summary>
    /// <param name="stream">Target.</param>
    public void Save(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var s = zip.CreateEntry(MetadataEntry, CompressionLevel.Optimal).Open())
        {
            JsonSerializer.Serialize(s, Metadata, JsonOptions);
        }

        if (Reference is not null)
        {
            using var s = zip.CreateEntry(ReferenceEntry, CompressionLevel.Optimal).Open();
            Reference.Save(s);
        }

        using var buffer = new MemoryStream();
        _ml.Model.Save(_model, ClassifierData.Schema(_ml, Features.Count), buffer);
        using (var s = zip.CreateEntry(ModelEntry, CompressionLevel.NoCompression).Open())
        {
            buffer.Position = 0;
            buffer.CopyTo(s);
        }
    }

    /// <summary>Raw (uncalibrated) FastTree scores of feature vectors (the model's own trees; ML.NET for a model they cannot represent).</summary>
    /// <param name="vectors">Vectors in <see cref="Features"/> order, imputed.</param>
    /// <returns>Raw scores.</returns>
    internal float[] RawScores(float[][] vectors) => Trees?.RawScores(vectors) ?? MlNetRawScores(vectors);

    /// <summary>Raw scores as ML.NET computes them (single-threaded, under the lock): the reference the flat trees are tested against.</summary>
    /// <param name="vectors">Vectors in <see cref="Features"/> order, imputed.</param>
    /// <returns>Raw scores.</returns>
    internal float[] MlNetRawScores(float[][] vectors)
    {
        lock (_gate)
        {
            var data = ClassifierData.Load(_ml, vectors, null);
            var scored = _model.Transform(data);
            return [.. scored.GetColumn<float>("Score")];
        }
    }

    /// <summary>Calibrated probabilities of being fake.</summary>
    /// <param name="raw">Raw scores.</param>
    /// <returns>Probabilities in [0, 1].</returns>
    internal double[] Calibrate(float[] raw)
    {
        var probabilities = new double[raw.Length];
        RowRanges.For(raw.Length, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                probabilities[i] = Platt.Probability(raw[i], Metadata.PlattA, Metadata.PlattB);
            }
        });
        return probabilities;
    }

    /// <summary>Per row, the top positive FastTree feature contributions (feature index, contribution).</summary>
    /// <param name="vectors">Vectors.</param>
    /// <param name="top">How many.</param>
    /// <returns>Contributions, strongest first; empty arrays when the model type does not support them.</returns>
    internal (int Feature, float Contribution)[][] Contributions(float[][] vectors, int top) =>
        Trees?.Contributions(vectors, top) ?? MlNetContributions(vectors, top);

    /// <summary>Contributions as ML.NET computes them (single-threaded, under the lock): the reference the flat trees are tested against.</summary>
    /// <param name="vectors">Vectors.</param>
    /// <param name="top">How many.</param>
    /// <returns>Contributions, strongest first; empty arrays when the model type does not support them.</returns>
    internal (int Feature, float Contribution)[][] MlNetContributions(float[][] vectors, int top)
    {
        if (_model is not ISingleFeaturePredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> predictor)
        {
            return [.. vectors.Select(_ => Array.Empty<(int, float)>())];
        }

        lock (_gate)
        {
            var data = ClassifierData.Load(_ml, vectors, null);
            var contributions = _ml.Transforms.CalculateFeatureContribution(predictor, numberOfPositiveContributions: top, numberOfNegativeContributions: 0, normalize: false)
                .Fit(data).Transform(data);
            return [.. contributions.GetColumn<float[]>("FeatureContributions")
                .Select(c => c.Select((v, j) => (j, v)).Where(x => x.v > 0).OrderByDescending(x => x.v).Take(top).ToArray())];
        }
    }
}

/// <summary>The metadata stored next to the ML.NET model.</summary>
public sealed record ClassifierMetadata
{
    /// <summary>Feature names in model-vector order.</summary>
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>Training medians per feature, used for absent columns and missing cells.</summary>
    public required IReadOnlyList<double> Medians { get; init; }

    /// <summary>Platt calibration slope: p = 1 / (1 + exp(A·s + B)).</summary>
    public double PlattA { get; init; }

    /// <summary>Platt calibration intercept.</summary>
    public double PlattB { get; init; }

    /// <summary>Flag threshold on the calibrated probability.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Out-of-fold sensitivity at the threshold.</summary>
    public double Sensitivity { get; init; }

    /// <summary>Out-of-fold specificity at the threshold.</summary>
    public double Specificity { get; init; }

    /// <summary>Out-of-fold ROC AUC.</summary>
    public double Auc { get; init; }

    /// <summary>Out-of-fold MCC at the threshold.</summary>
    public double Mcc { get; init; }

    /// <summary>Fakes in the training data.</summary>
    public int Positives { get; init; }

    /// <summary>Genuine accounts in the training data.</summary>
    public int Negatives { get; init; }

    /// <summary>Folds of the internal cross-validation.</summary>
    public int CalibrationFolds { get; init; }

    /// <summary>Seed used.</summary>
    public int Seed { get; init; }

    /// <summary>Name of the training data.</summary>
    public string TrainingSource { get; init; } = "";

    /// <summary>How <see cref="Threshold"/> was chosen.</summary>
    public string? ThresholdRule { get; init; }

    /// <summary>
    /// The value a missing feature is encoded as (see <see cref="TrainOptions.MissingAsMissing"/>); null for models that
    /// replace missing values by <see cref="Medians"/>.
    /// </summary>
    public double? MissingValue { get; init; }

    /// <summary>
    /// Per training population, sensitivity and specificity at <see cref="Threshold"/> measured leave-one-population-out
    /// (a model trained on the other populations scored it); null for a model trained on one population. When present,
    /// <see cref="Sensitivity"/> and <see cref="Specificity"/> are their means.
    /// </summary>
    public IReadOnlyList<PopulationErrorRates>? Populations { get; init; }

    /// <summary>Out-of-fold sensitivity per group of fakes (e.g. per vendor), when the training labels had groups.</summary>
    public IReadOnlyList<GroupSensitivity>? FakeGroups { get; init; }
}

/// <summary>Out-of-fold sensitivity of the classifier on one group of labeled fakes.</summary>
/// <param name="Group">The group, e.g. a vendor kind.</param>
/// <param name="Fakes">Labeled fakes in the group.</param>
/// <param name="Sensitivity">Share of them flagged at the threshold.</param>
public sealed record GroupSensitivity(string Group, int Fakes, double Sensitivity);
