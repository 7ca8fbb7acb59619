using System.Globalization;
using FollowerAudit.Core.Pipeline;
using FollowerAudit.Core.Scoring;

namespace FollowerAudit.Learning;

/// <summary>
/// <c>classifier</c>: the calibrated probability that a follower is fake, from a <see cref="TrainedClassifier"/>.
/// Reasons are the features whose FastTree contributions pushed the score up most (for flagged followers).
/// </summary>
/// <remarks>
/// Assumes the audited followers resemble the training data (the default model: 2015 Twitter, E13 genuine vs INT
/// bought). Absent feature columns are filled with training medians, which weakens it; see docs/accuracy.md for the
/// cross-dataset numbers. <see cref="FollowerScores.MeasuredErrorRates"/> come from the training cross-validation.
/// </remarks>
/// <param name="model">The model.</param>
public sealed class TrainedClassifierScorer(TrainedClassifier model) : IFollowerScorer
{
    /// <summary>The scorer's name.</summary>
    public const string ScorerName = "classifier";

    private const int TopReasons = 3;


    /// <inheritdoc />
    public string Name => ScorerName;

    /// <summary>The model.</summary>
    public TrainedClassifier Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>Followers whose vectors are built and scored together (≈ 40 MB of vectors at the default).</summary>
    internal int BlockSize { get; init; } = 1 << 18;

    /// <inheritdoc />
    public FollowerScores Score(AuditContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var n = context.Features.RowCount;
        var threshold = Model.Metadata.Threshold;
        if (n == 0)
        {
            return new FollowerScores(Name, [], threshold, []) { MeasuredErrorRates = Model.ErrorRates, TrainingReference = Model.Reference };
        }

        // A block of followers at a time: a vector per follower is an array of ~150 bytes, 1.5 GB at ten million if all
        // were built at once. Each follower's score and reasons depend on its own vector only, so blocks change nothing.
        var scores = new double[n];
        var reasons = new string[n][];
        Array.Fill(reasons, []);
        var texts = new SharedReasons();
        for (var first = 0; first < n; first += BlockSize)
        {
            var count = Math.Min(BlockSize, n - first);
            var vectors = ClassifierData.Vectors(context.Features, Model.Features, Model.Metadata.Medians, Model.Metadata.MissingValue, first, count);
            Model.Calibrate(Model.RawScores(vectors)).CopyTo(scores, first);
            var flagged = Enumerable.Range(0, count).Where(i => scores[first + i] >= threshold).ToArray();
            if (flagged.Length == 0)
            {
                continue;
            }

            var contributions = Model.Contributions([.. flagged.Select(i => vectors[i])], TopReasons);
            RowRanges.For(flagged.Length, (start, end) =>
            {
                for (var k = start; k < end; k++)
                {
                    var row = vectors[flagged[k]];
                    var top = contributions[k];
                    var reasonTexts = new string[top.Length];
                    for (var c = 0; c < top.Length; c++)
                    {
                        // The texts repeat (a feature name and a rounded value): formatted once per distinct feature and value.
                        reasonTexts[c] = texts.Text(top[c].Feature, row[top[c].Feature], Model, ReasonText);
                    }

                    reasons[first + flagged[k]] = reasonTexts;
                }
            });
        }

        return new FollowerScores(Name, scores, threshold, reasons) { MeasuredErrorRates = Model.ErrorRates, TrainingReference = Model.Reference };
    }

    /// <summary>The reason text of a feature's value in a vector (a float, widened exactly to double).</summary>
    private static string ReasonText(TrainedClassifier model, int feature, double value) =>
        value == model.Metadata.MissingValue
            ? $"{model.Features[feature]} unknown"
            : string.Create(CultureInfo.InvariantCulture, $"{model.Features[feature]} = {(float)value:0.###} (typical {model.Metadata.Medians[feature]:0.###})");
}

/// <summary>Adds <c>profile-features</c> and the <c>classifier</c> scorer.</summary>
/// <param name="modelPath">A model .zip; the shipped default model when null.</param>
public sealed class TrainedClassifierExtension(string? modelPath = null) : IAuditExtension
{
    /// <inheritdoc />
    public void Setup(AuditPipelineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ScoringPipelineExtensions.EnsureProfileFeatures(builder);
        var model = modelPath is null ? TrainedClassifier.LoadDefault() : TrainedClassifier.LoadFileOrBuiltIn(modelPath);
        builder.Scorers.Add(new TrainedClassifierScorer(model));
    }
}

/// <summary><c>UseXxx()</c> methods of the learning project.</summary>
public static class LearningPipelineExtensions
{
    /// <summary>Adds the trained <c>classifier</c> scorer (and <c>profile-features</c>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="modelPath">A model .zip from <see cref="ClassifierTrainer"/>; the shipped default (Cresci 2015) when null.</param>
    /// <returns>The builder.</returns>
    /// <remarks>The model is loaded when the pipeline is built; a bad file then throws <see cref="Core.Model.InputDataException"/>.</remarks>
    public static AuditPipelineBuilder UseTrainedClassifier(this AuditPipelineBuilder builder, string? modelPath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ReplaceOrAdd(new TrainedClassifierExtension(modelPath));
    }
}
