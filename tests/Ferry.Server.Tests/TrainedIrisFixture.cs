using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Testing;

namespace Ferry.Server.Tests;

/// <summary>Trains iris (logistic only) once for the tests of a class, each of which starts the real server it needs on
/// that store with settings of its own; <see cref="IrisServerFixture"/> is the one server a class shares instead.</summary>
public sealed class TrainedIrisFixture : IDisposable
{
    private readonly TestFiles _files = new();

    public TrainedIrisFixture()
    {
        Spec = _files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        new TrainingPipeline(TimeProvider.System).Run(SpecLoader.Load(Spec), null, CancellationToken.None);
    }

    /// <summary>The trained spec, whose champion is iris v1.</summary>
    public string Spec { get; }

    /// <summary>A server for the champion with <paramref name="settings"/> (<see cref="ServeOptions"/> by property name).</summary>
    public Task<RunningServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null) => RunningServer.StartAsync(Spec, settings);

    public void Dispose() => _files.Dispose();
}
