using FollowerAudit.Core.Synthetic;
using FollowerAudit.Learning.Tests.Evaluation;
using FollowerAudit.Testing;

namespace FollowerAudit.Learning.Tests.Estimation;

// Adds a training reference (FeatureReference) to the built-in cresci-2015 and synthetic models, trained before references existed, from
// the same data they were trained on; the ML.NET model and its metadata are unchanged. Run on purpose:
// dotnet test tests/FollowerAudit.Learning.Tests -c Release --filter Name=Regenerate_BuiltInReferences
public sealed class BuiltInReferenceGenerator
{
    [Test]
    [Explicit("Rewrites src/FollowerAudit.Learning/Models/*.zip with a training reference; run on purpose.")]
    public void Regenerate_BuiltInReferences()
    {
        var models = Path.Combine(GoldenFile.RepositoryRoot(), "src", "FollowerAudit.Learning", "Models");

        var cresci = TrainedClassifier.LoadBuiltIn(TrainedClassifier.CresciName);
        cresci.WithReference(ClassifierTrainer.BuildReference(RealData.Cresci(), cresci.Features, "cresci2015 E13+INT"))
            .Save(Path.Combine(models, "cresci-2015-classifier.zip"));

        // The synthetic model's training world (docs/accuracy.md): generate --seed 1000 --audited 24 --accounts 60000.
        var synthetic = TrainedClassifier.LoadBuiltIn(TrainedClassifier.SyntheticName);
        var world = SyntheticFollowers.Generate(WorldOptions.Default with { Seed = 1000, AuditedAccounts = 24, GenuineAccounts = 60000 });
        synthetic.WithReference(ClassifierTrainer.BuildReference(world.Dataset, synthetic.Features, "a generated world (seed 1000)"))
            .Save(Path.Combine(models, "synthetic-classifier.zip"));

        Assert.Multiple(() =>
        {
            Assert.That(TrainedClassifier.Load(Path.Combine(models, "cresci-2015-classifier.zip")).Reference, Is.Not.Null);
            Assert.That(TrainedClassifier.Load(Path.Combine(models, "synthetic-classifier.zip")).Reference, Is.Not.Null);
        });
    }
}
