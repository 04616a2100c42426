using System.Net;
using System.Text;
using Ferry.Testing;
using Microsoft.Data.Sqlite;

namespace Ferry.Server.Tests.Apis;

/// <summary>`GET /health` names each part's state, so a store that fails is seen while predictions go on.</summary>
public sealed class HealthApiTests
{
    private const string Row = """{"sepal length (cm)": 5.9, "sepal width (cm)": 3.0, "petal length (cm)": 5.1, "petal width (cm)": 1.8}""";

    [Fact]
    public async Task Health_StoreGoneUnwritable_NamesTheStoreFailingWhilePredictionsAnswer()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        await using var server = await RunningServer.TrainAndStartAsync(spec, new Dictionary<string, string> { ["MonitorSeconds"] = "3600" });
        using (await server.Client.PostAsync("/v1/models/iris/predict", new StringContent(Row, Encoding.UTF8, "application/json")))
        {
        }

        var healthy = await server.HealthWhenAsync(health => health.GetProperty("store").TryGetProperty("written", out _));
        ReplaceDatabaseByADirectory(Path.Combine(files.Directory, ".ferry"));
        using var predicted = await server.Client.PostAsync("/v1/models/iris/predict", new StringContent(Row, Encoding.UTF8, "application/json"));
        var failing = await server.HealthWhenAsync(health => health.GetProperty("store").GetProperty("status").GetString() == "failing");
        var metrics = await server.Client.GetStringAsync("/metrics");
        using var ready = await server.Client.GetAsync("/health/ready");

        Assert.Equal("ok", healthy.GetProperty("status").GetString());
        Assert.Equal("ok", healthy.GetProperty("store").GetProperty("status").GetString());
        Assert.Equal("iris", healthy.GetProperty("models")[0].GetProperty("model").GetString());
        Assert.Equal(1, healthy.GetProperty("models")[0].GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        Assert.Equal("degraded", failing.GetProperty("status").GetString());
        Assert.Contains("unable to open database file", failing.GetProperty("store").GetProperty("written").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, failing.GetProperty("log").GetProperty("dropped").GetProperty("store").GetInt64());
        Assert.Contains("ferry_prediction_log_dropped_total{reason=\"store\"} 1", metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    /// <summary>An honest unwritable store even for root (whom chmod does not stop): ferry.db becomes a directory, and the
    /// pooled connections to the old file are closed, so every new connection fails to open it.</summary>
    private static void ReplaceDatabaseByADirectory(string store)
    {
        foreach (var file in Directory.GetFiles(store, "ferry.db*"))
        {
            File.Move(file, file + ".moved");
        }

        Directory.CreateDirectory(Path.Combine(store, "ferry.db"));
        SqliteConnection.ClearAllPools();
    }
}
