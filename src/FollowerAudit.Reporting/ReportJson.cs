using System.Text.Json;
using FollowerAudit.Core.Estimation;
using FollowerAudit.Core.Pipeline;

namespace FollowerAudit.Reporting;

/// <summary>
/// Writes <c>report.json</c> (schema in docs/report-schema.md) and <c>run.json</c> with <see cref="Utf8JsonWriter"/>,
/// so property order is fixed by this code and numbers are invariant. Non-finite numbers are written as null.
/// </summary>
internal static class ReportJson
{
    /// <summary>Version of the report.json and run.json schemas; bump the major on breaking changes.</summary>
    public const string SchemaVersion = "1.1";

    /// <summary>How many follower ids a finding lists in report.json (the count is always complete).</summary>
    public const int FollowerIdSample = 20;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, NewLine = "\n" };

    /// <summary>The report.json of one account.</summary>
    public static byte[] Account(AccountAudit audit, Verdict verdict, IReadOnlyList<RenderedChart> charts, RejectionSummary rejections, string rejectedRowsPath, RunInfo run) =>
        Write(w =>
        {
            w.WriteString("schemaVersion", SchemaVersion);
            w.WriteString("kind", "account");
            Generator(w, run);
            w.WriteStartObject("account");
            w.WriteNumber("id", audit.AccountId);
            w.WriteString("handle", audit.Handle);
            w.WriteNumber("followersInData", audit.Slice.TotalFollowersInData);
            w.WriteNumber("followersAudited", audit.Slice.Count);
            w.WriteBoolean("isSample", audit.Slice.IsSample);
            w.WriteEndObject();
            VerdictObject(w, verdict);
            Estimate(w, audit);
            w.WriteStartObject("scores");
            w.WriteString("scorer", audit.FollowerScores.Scorer);
            Number(w, "threshold", audit.FollowerScores.Threshold);
            w.WriteNumber("flagged", audit.Estimate.FlaggedByScore);
            w.WriteStartArray("scorers");
            foreach (var s in audit.ScorerOutputs)
            {
                w.WriteStringValue(s.Scorer);
            }

            w.WriteEndArray();
            w.WriteEndObject();
            var q = audit.Quality;
            w.WriteStartObject("quality");
            w.WriteNumber("followers", q.Followers);
            Number(w, "likelyFake", q.LikelyFake);
            Number(w, "inactive", q.Inactive);
            Number(w, "massFollowers", q.MassFollowers);
            Number(w, "real", q.Real);
            w.WriteNumber("inactiveAfterDays", q.InactiveAfterDays);
            w.WriteNumber("massFollowerThreshold", q.MassFollowerThreshold);
            w.WriteEndObject();
            w.WriteStartArray("detectors");
            foreach (var r in audit.DetectorResults)
            {
                Detector(w, r);
            }

            w.WriteEndArray();
            w.WriteStartArray("findings");
            foreach (var f in audit.Findings)
            {
                Finding(w, f);
            }

            w.WriteEndArray();
            Charts(w, charts);
            w.WriteStartArray("dataGaps");
            foreach (var gap in ReportContent.DataGaps(audit))
            {
                w.WriteStringValue(gap);
            }

            w.WriteEndArray();
            Rejections(w, rejections, rejectedRowsPath);
        });

    /// <summary>The report.json index of a multi-account run.</summary>
    public static byte[] Index(RunSummary run, IReadOnlyList<(AccountSummary Audit, string Folder)> accounts, IReadOnlyList<RenderedChart> charts, RunInfo info) =>
        Write(w =>
        {
            w.WriteString("schemaVersion", SchemaVersion);
            w.WriteString("kind", "index");
            Generator(w, info);
            w.WriteStartArray("accounts");
            foreach (var (audit, folder) in accounts)
            {
                w.WriteStartObject();
                w.WriteNumber("id", audit.AccountId);
                w.WriteString("handle", audit.Handle);
                w.WriteString("report", folder + "/report.json");
                w.WriteString("verdict", audit.Verdict.Code);
                Number(w, "fakeShare", audit.Estimate.FakeShare);
                Number(w, "fakeShareLower", audit.Estimate.FakeShareLower);
                Number(w, "fakeShareUpper", audit.Estimate.FakeShareUpper);
                w.WriteNumber("followersTotal", audit.Estimate.FollowersTotal);
                w.WriteNumber("estimatedFake", audit.Estimate.EstimatedFake);
                w.WriteNumber("findings", audit.Findings);
                w.WriteBoolean("anyDetectorFailed", audit.FailedDetectors.Count > 0);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            Charts(w, charts);
            w.WriteStartArray("datasetDetectors");
            foreach (var r in run.DatasetResults)
            {
                Detector(w, r);
            }

            w.WriteEndArray();
            Rejections(w, run.Rejections, "rejected-rows.csv");
        });

    private static void Charts(Utf8JsonWriter w, IReadOnlyList<RenderedChart> charts)
    {
        w.WriteStartArray("charts");
        foreach (var c in charts)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("title", c.Title);
            if (c.Png is null)
            {
                w.WriteNull("png");
                w.WriteNull("svg");
                w.WriteString("skipped", c.SkipReason);
            }
            else
            {
                w.WriteString("png", "charts/" + c.Name + ".png");
                if (c.Svg is null)
                {
                    w.WriteNull("svg");
                }
                else
                {
                    w.WriteString("svg", "charts/" + c.Name + ".svg");
                }

                w.WriteNull("skipped");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>run.json: what ran, on what, how long, and what failed.</summary>
    /// <param name="info">The run facts.</param>
    /// <param name="run">The audit run, if it got that far.</param>
    /// <param name="rejectedRows">Rejected input rows when there is no run (the run's dataset says otherwise).</param>
    public static byte[] Run(RunInfo info, RunSummary? run, long rejectedRows = 0) =>
        Write(w =>
        {
            w.WriteString("schemaVersion", SchemaVersion);
            w.WriteString("tool", "FollowerAudit");
            w.WriteString("version", info.ToolVersion);
            w.WriteStartArray("arguments");
            foreach (var a in info.Arguments)
            {
                w.WriteStringValue(a);
            }

            w.WriteEndArray();
            w.WriteStartArray("inputs");
            foreach (var i in info.Inputs)
            {
                w.WriteStartObject();
                w.WriteString("path", i.Path);
                w.WriteNumber("bytes", i.Bytes);
                w.WriteString("sha256", i.Sha256);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("seed", info.Seed);
            Time(w, "startedAt", info.StartedAt);
            Time(w, "finishedAt", info.FinishedAt);
            if (info.StartedAt is { } s && info.FinishedAt is { } f)
            {
                Number(w, "durationSeconds", Math.Round((f - s).TotalSeconds, 3));
            }
            else
            {
                w.WriteNull("durationSeconds");
            }

            w.WriteStartArray("stages");
            foreach (var stage in info.Stages)
            {
                w.WriteStartObject();
                w.WriteString("stage", stage.Stage);
                Number(w, "seconds", Math.Round(stage.Duration.TotalSeconds, 3));
                Number(w, "cpuSeconds", Math.Round(stage.Cpu.TotalSeconds, 3));
                w.WriteNumber("runs", stage.Runs);
                w.WriteNumber("peakWorkingSetBytes", stage.PeakWorkingSetBytes);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("accounts");
            foreach (var a in run?.Accounts ?? [])
            {
                w.WriteNumberValue(a.AccountId);
            }

            w.WriteEndArray();
            w.WriteNumber("rejectedRows", run?.Rejections.Total ?? rejectedRows);
            w.WriteBoolean("anyDetectorFailed", run?.AnyDetectorFailed ?? false);
            w.WriteStartArray("detectorFailures");
            foreach (var r in run?.DatasetResults.Where(r => r.Outcome == DetectorOutcome.Failed) ?? [])
            {
                Failure(w, null, r);
            }

            foreach (var a in run?.Accounts ?? [])
            {
                foreach (var r in a.FailedDetectors)
                {
                    Failure(w, a.AccountId, r);
                }
            }

            w.WriteEndArray();
        });

    private static void Failure(Utf8JsonWriter w, long? account, DetectorResult r)
    {
        w.WriteStartObject();
        if (account is { } id)
        {
            w.WriteNumber("account", id);
        }
        else
        {
            w.WriteNull("account");
        }

        w.WriteString("detector", r.Detector);
        w.WriteString("message", r.Summary);
        w.WriteString("error", r.Error);
        w.WriteEndObject();
    }

    private static void Generator(Utf8JsonWriter w, RunInfo run)
    {
        w.WriteStartObject("generator");
        w.WriteString("tool", "FollowerAudit");
        w.WriteString("version", run.ToolVersion);
        w.WriteEndObject();
    }

    private static void VerdictObject(Utf8JsonWriter w, Verdict verdict)
    {
        w.WriteStartObject("verdict");
        w.WriteString("code", verdict.Code);
        w.WriteString("headline", verdict.Headline);
        w.WriteString("reason", verdict.Reason);
        w.WriteNumber("evidenceFollowers", verdict.EvidenceFollowers);
        w.WriteEndObject();
    }

    private static void Estimate(Utf8JsonWriter w, AccountAudit audit)
    {
        var e = audit.Estimate;
        w.WriteStartObject("estimate");
        Number(w, "fakeShare", e.FakeShare);
        Number(w, "fakeShareLower", e.FakeShareLower);
        Number(w, "fakeShareUpper", e.FakeShareUpper);
        w.WriteNumber("followersTotal", e.FollowersTotal);
        w.WriteNumber("followersAudited", e.FollowersAudited);
        w.WriteNumber("estimatedFake", e.EstimatedFake);
        w.WriteNumber("estimatedGenuine", e.EstimatedGenuine);
        w.WriteNumber("estimatedGenuineLower", e.EstimatedGenuineLower);
        w.WriteNumber("estimatedGenuineUpper", e.EstimatedGenuineUpper);
        w.WriteNumber("flaggedByScore", e.FlaggedByScore);
        w.WriteNumber("inDetectedBatches", e.InDetectedBatches);
        w.WriteString("method", e.Method);
        w.WriteString("methodCode", e.MethodCode);
        if (e.CannotEstimate is { } why)
        {
            w.WriteString("cannotEstimate", why);
        }
        else
        {
            w.WriteNull("cannotEstimate");
        }

        w.WriteString("sentence", ReportContent.EstimateSentence(audit));
        w.WriteStartObject("modelFit");
        w.WriteBoolean("assessed", e.Fit.Assessed);
        w.WriteBoolean("fits", e.Fit.Fits);
        Number(w, "shift", e.Fit.Shift);
        Number(w, "widening", e.Fit.Widening);
        w.WriteStartArray("topShifts");
        foreach (var (feature, psi) in e.Fit.TopShifts)
        {
            w.WriteStartObject();
            w.WriteString("feature", feature);
            Number(w, "psi", psi);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("missingFeatures");
        foreach (var feature in e.Fit.MissingFeatures)
        {
            w.WriteStringValue(feature);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        if (e.LabelledSample is { } labelled)
        {
            w.WriteStartObject("labelledSample");
            w.WriteNumber("labelled", labelled.Labelled);
            w.WriteNumber("labelledFake", labelled.LabelledFake);
            w.WriteNumber("unsure", e.LabelledUnsure);
            Number(w, "lambda", labelled.Lambda);
            w.WriteString("labelledBy", e.LabelledBy ?? "");
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("labelledSample");
        }

        w.WriteEndObject();
        if (EngagementSummary.Of(audit).Summary is { } s)
        {
            w.WriteStartObject("engagement");
            Number(w, "ratePerFollower", s.Rate);
            if (s.PerGenuine is { } g)
            {
                Number(w, "ratePerEstimatedGenuineFollower", g);
                // null: unbounded (the interval allows almost no genuine followers).
                Number(w, "ratePerEstimatedGenuineFollowerLower", s.PerGenuineLower ?? double.NaN);
                Number(w, "ratePerEstimatedGenuineFollowerUpper", s.PerGenuineUpper ?? double.NaN);
            }

            w.WriteString("tier", s.Band.Tier);
            Number(w, "bandLow", s.Band.Low);
            Number(w, "bandHigh", s.Band.High);
            w.WriteBoolean("belowBand", s.BelowBand);
            w.WriteString("sentence", ReportContent.EngagementSentence(audit));
            w.WriteEndObject();
        }
    }

    private static void Detector(Utf8JsonWriter w, DetectorResult r)
    {
        w.WriteStartObject();
        w.WriteString("name", r.Detector);
        w.WriteString("outcome", r.Outcome switch
        {
            DetectorOutcome.Ran => "ran",
            DetectorOutcome.NotApplicable => "not-applicable",
            _ => "failed",
        });
        w.WriteString("summary", r.Summary);
        w.WriteNumber("findings", r.Findings.Count);
        if (r.Context.Count > 0)
        {
            // Written only when present, so reports of detectors that never judge anything innocent keep their shape.
            w.WriteStartArray("context");
            foreach (var f in r.Context)
            {
                Finding(w, f);
            }

            w.WriteEndArray();
        }

        Metrics(w, r.Metrics);
        w.WriteStartArray("warnings");
        foreach (var warning in r.Warnings)
        {
            w.WriteStringValue(warning);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Finding(Utf8JsonWriter w, Finding f)
    {
        w.WriteStartObject();
        w.WriteString("detector", f.Detector);
        w.WriteString("kind", f.Kind);
        w.WriteString("title", f.Title);
        w.WriteString("explanation", f.Explanation);
        Number(w, "strength", f.Strength);
        w.WriteBoolean("marksFollowersAsFake", f.MarksFollowersAsFake);
        Time(w, "start", f.Start);
        Time(w, "end", f.End);
        NullableInt(w, "firstPosition", f.FirstPosition);
        NullableInt(w, "lastPosition", f.LastPosition);
        w.WriteNumber("followerCount", f.FollowerIds.Count);
        w.WriteStartArray("followerIdsSample");
        foreach (var id in f.FollowerIds.Take(FollowerIdSample))
        {
            w.WriteNumberValue(id);
        }

        w.WriteEndArray();
        Metrics(w, f.Metrics);
        w.WriteEndObject();
    }

    private static void Rejections(Utf8JsonWriter w, RejectionSummary rejections, string path)
    {
        w.WriteStartObject("rejections");
        w.WriteNumber("total", rejections.Total);
        w.WriteString("file", path);
        w.WriteStartObject("byReason");
        foreach (var (reason, count) in rejections.ByReason)
        {
            w.WriteNumber(reason, count);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Metrics(Utf8JsonWriter w, IReadOnlyDictionary<string, double> metrics)
    {
        w.WriteStartObject("metrics");
        foreach (var (key, value) in metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            Number(w, key, value);
        }

        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void NullableInt(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Time(Utf8JsonWriter w, string name, DateTime? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, Csv.Timestamp(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
