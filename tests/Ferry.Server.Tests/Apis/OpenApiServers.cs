using Ferry.Testing;

namespace Ferry.Server.Tests.Apis;

/// <summary>A classifier (iris, with an admin key and small monitoring windows, so 60 labelled rows give drift and
/// performance windows) and a regression (abc) served for the tests of the OpenAPI document.</summary>
public sealed class OpenApiServers : IAsyncLifetime
{
    public const string AdminKey = "openapi-admin-key";

    private readonly TestFiles _files = new();
    private SumModelServer? _regression;

    public RunningServer Iris { get; private set; } = null!;

    public RunningServer Abc => _regression!.Server;

    public async Task InitializeAsync()
    {
        Iris = await RunningServer.TrainAndStartAsync(_files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris",
            "monitor: { window: 60, performance_window: 20 }"),
            new Dictionary<string, string> { ["AdminKey"] = AdminKey });
        _regression = await SumModelServer.StartAsync(seed: 7, rows: 200);
    }

    public async Task DisposeAsync()
    {
        await Iris.DisposeAsync();
        if (_regression is not null)
        {
            await _regression.DisposeAsync();
        }

        _files.Dispose();
    }
}
