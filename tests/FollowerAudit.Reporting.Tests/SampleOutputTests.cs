using FollowerAudit.Testing;
namespace FollowerAudit.Reporting.Tests;

public sealed class SampleOutputTests
{
    [Test]
    [Explicit("Writes a sample report to FA_SAMPLE_DIR for a person to look at.")]
    public async Task WriteSample()
    {
        var dir = Environment.GetEnvironmentVariable("FA_SAMPLE_DIR") ?? Path.Combine(TestTemp.NewFolder("sample"), "report");
        await ReportWriter.WriteAsync(SyntheticAudit.Factory(20_000, seed: 7), TestAudits.Options(force: true), dir);
    }

    [Test]
    [Explicit("Writes a sample multi-account report to FA_SAMPLE_DIR for a person to look at.")]
    public async Task WriteMultiSample()
    {
        var dir = Environment.GetEnvironmentVariable("FA_SAMPLE_DIR") ?? Path.Combine(TestTemp.NewFolder("sample-multi"), "report");
        var a = SyntheticAudit.Factory(3_000, seed: 1, accountId: 501, handle: "brand_one", batchCount: 2);
        var b = SyntheticAudit.Factory(2_000, seed: 2, accountId: 502, handle: "brand_two", batchCount: 1);
        var c = SyntheticAudit.Factory(2_500, seed: 3, accountId: 503, handle: "a_very_long_handle_name_indeed", batchCount: 0);
        var run = new Core.Pipeline.AuditRun(a.Rejections, [a.Accounts[0], b.Accounts[0], c.Accounts[0]], []);
        await ReportWriter.WriteAsync(run, TestAudits.Options(force: true), dir);
    }
}
