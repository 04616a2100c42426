using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Cli.Tests;

public sealed class FeedbackDurabilityTests
{
    /// <summary>Feedback is acknowledged one item at a time by `ferry serve` in its own process, which is then killed with
    /// SIGKILL (no shutdown code runs): every acknowledged item is in the store, joined to its prediction.</summary>
    [Fact]
    public async Task Feedback_AcknowledgedThenSigkill_EveryAcknowledgedRowIsInTheStore()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        using var server = await ServeProcess.StartAsync(spec);
        var rows = File.ReadLines(TestFiles.Data("iris.csv")).Skip(1).Take(60).Select(line => line.Split(',')).ToArray();
        var body = $"{{\"rows\": [{string.Join(",", rows.Select(r => $"{{\"sepal length (cm)\": {r[0]}, \"sepal width (cm)\": {r[1]}, \"petal length (cm)\": {r[2]}, \"petal width (cm)\": {r[3]}}}"))}]}}";
        using var predicted = await server.Client.PostAsync("/v1/models/iris/predict", new StringContent(body, Encoding.UTF8, "application/json"));
        var ids = JsonDocument.Parse(await predicted.Content.ReadAsStringAsync()).RootElement.GetProperty("predictions").EnumerateArray()
            .Select(p => p.GetProperty("id").GetString()!).ToArray();

        var acknowledged = new List<string>();
        for (var i = 0; i < ids.Length; i++)
        {
            using var response = await server.Client.PostAsJsonAsync("/v1/models/iris/feedback", new { id = ids[i], actual = rows[i][4] });
            if (response.IsSuccessStatusCode)
            {
                acknowledged.Add(ids[i]);
            }
        }

        server.Signal("KILL");
        server.Process.WaitForExit(10_000);

        Assert.Equal(ids.Length, acknowledged.Count);
        var stored = MonitoringStore.Open(Path.Combine(files.Directory, ".ferry")).Labelled("iris", 1, 1000);
        Assert.Equal(acknowledged.Order(), stored.Select(p => p.Id).Order());
        Assert.Equal(rows.Select(r => r[4]), stored.OrderBy(p => Array.IndexOf(ids, p.Id)).Select(p => p.Actual));
    }
}
