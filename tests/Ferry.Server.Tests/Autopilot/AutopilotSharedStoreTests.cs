using System.Text.Json;
using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Server.Tests.Autopilot;

/// <summary>Two servers on two "machines" sharing one PostgreSQL store, both watching the same model and both sent
/// labelled traffic of a changed concept: the accuracy alert they share starts one run, not two, and the promotion it
/// makes reaches both.</summary>
public sealed class AutopilotSharedStoreTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly Dictionary<string, string> s_settings = new() { ["MonitorSeconds"] = "1", ["ReloadSeconds"] = "0.5" };

    [SkippableFact]
    public async Task TwoServers_OnePostgresStore_StartOneRunPerTrigger()
    {
        Skip.If(postgres.Url is null && !PostgresServer.Required, postgres.Unavailable);
        Assert.True(postgres.Url is not null, postgres.Unavailable);
        using var machineA = new TestFiles();
        using var machineB = new TestFiles();
        var store = $"store: \"{postgres.NewDatabase()}\"";
        var specA = AutopilotScenarioTests.Spec(machineA, seed: 11, store, shadow: 0, canary: 0, bake: 0);
        var specB = AutopilotScenarioTests.Spec(machineB, seed: 11, store, shadow: 0, canary: 0, bake: 0);
        new TrainingPipeline(TimeProvider.System).Run(SpecLoader.Load(specA), null, CancellationToken.None);
        await using var serverA = await RunningServer.StartAsync(specA, s_settings);
        await using var serverB = await RunningServer.StartAsync(specB, s_settings);
        JsonElement run;
        await using (var clientA = new LabelledClient(serverA.Client, "auto", seed: 12, changed: true))
        await using (var clientB = new LabelledClient(serverB.Client, "auto", seed: 13, changed: true))
        {
            run = await AutopilotScenarioTests.RunAtAsync(serverA.Client, RunStages.IsFinal);
            Assert.All(clientA.Statuses.Concat(clientB.Statuses), status => Assert.InRange(status, 200, 299));
        }

        var runs = MonitoringStore.Open(SpecLoader.Load(specB)).Runs("auto", 10);
        Assert.True(run.GetProperty("stage").GetString() == RunStages.Promoted, run.ToString());
        Assert.Single(runs);
        Assert.Equal(2, await serverA.ServedVersionAsync(2));
        Assert.Equal(2, await serverB.ServedVersionAsync(2));
    }
}
