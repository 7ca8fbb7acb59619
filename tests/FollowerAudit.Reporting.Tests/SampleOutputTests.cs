namespace FollowerAudit.Reporting.Tests;

public sealed class SampleOutputTests
{
    [Test]
    [Explicit("Writes a sample report to FA_SAMPLE_DIR for a person to look at.")]
    public async Task WriteSample()
    {
        var dir = Environment.GetEnvironmentVariable("FA_SAMPLE_DIR") ?? Path.Combine(Path.GetTempPath(), "fa-sample");
        await ReportWriter.WriteAsync(SyntheticAudit.Factory(20_000, seed: 7), TestAudits.Options(force: true), dir);
    }
}
