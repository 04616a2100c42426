using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Ferry.Testing;

/// <summary>Production traffic with ground truth: predicts rows through a running server in batches, then sends each
/// row's label as feedback for the prediction's id. Returns the versions that answered.</summary>
internal static class LabelledTraffic
{
    public static async Task<IReadOnlySet<int>> SendAsync(HttpClient client, string model, IReadOnlyList<DriftScenario.Row> rows, int batch = 250)
    {
        var versions = new HashSet<int>();
        foreach (var chunk in rows.Chunk(batch))
        {
            using var predicted = await client.PostAsync($"/v1/models/{model}/predict",
                new StringContent($"{{\"rows\": [{string.Join(",", chunk.Select(row => row.Json))}]}}", Encoding.UTF8, "application/json"));
            predicted.EnsureSuccessStatusCode();
            var answer = JsonDocument.Parse(await predicted.Content.ReadAsStringAsync()).RootElement;
            versions.Add(answer.GetProperty("version").GetInt32());
            var ids = answer.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToArray();
            using var feedback = await client.PostAsJsonAsync($"/v1/models/{model}/feedback",
                new { items = ids.Select((id, i) => new { id, actual = chunk[i].Label }) });
            feedback.EnsureSuccessStatusCode();
        }

        return versions;
    }
}
