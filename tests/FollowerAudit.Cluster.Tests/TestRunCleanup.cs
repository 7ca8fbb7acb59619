using FollowerAudit.Testing;

namespace FollowerAudit.Cluster.Tests;

/// <summary>Deletes this test process's temp folders (<see cref="TestTemp"/>) at the end of the run.</summary>
[SetUpFixture]
public sealed class TestRunCleanup
{
    [OneTimeTearDown]
    public void DeleteTempRoot() => TestTemp.DeleteRoot();
}
