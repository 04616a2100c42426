using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ferry.Testing;

namespace Ferry.Server.Tests.Autopilot;

/// <summary>A client of a running server in a loop until disposed: predicts batches of generated rows of the concept it
/// is set to, then sends each row's actual value as feedback. It keeps every status it got and, per answered row, the
/// version that answered and whether it was right.</summary>
internal sealed class LabelledClient : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly string _model;
    private readonly ConceptChange _rows;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile bool _changed;

    public LabelledClient(HttpClient client, string model, int seed, bool changed, int batch = 20)
    {
        (_client, _model, _rows, _changed) = (client, model, new ConceptChange(seed), changed);
        _loop = Task.Run(() => LoopAsync(batch));
    }

    /// <summary>Every status code received, predictions and feedback alike.</summary>
    public ConcurrentQueue<int> Statuses { get; } = new();

    /// <summary>Per answered row: the version that answered, whether it was right, and which concept it was drawn from.</summary>
    public ConcurrentQueue<(int Version, bool Right, bool Changed)> Answers { get; } = new();

    /// <summary>Which concept the next rows are drawn from.</summary>
    public bool Changed
    {
        get => _changed;
        set => _changed = value;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync(int batch)
    {
        while (!_stop.IsCancellationRequested)
        {
            var changed = _changed;
            IReadOnlyList<ConceptChange.Row> rows;
            lock (_rows)
            {
                rows = _rows.Draw(batch, changed);
            }

            using var predicted = await _client.PostAsync($"/v1/models/{_model}/predict",
                new StringContent($"{{\"rows\": [{string.Join(",", rows.Select(row => row.Json))}]}}", Encoding.UTF8, "application/json"), _stop.Token);
            Statuses.Enqueue((int)predicted.StatusCode);
            if (!predicted.IsSuccessStatusCode)
            {
                continue;
            }

            var answer = JsonDocument.Parse(await predicted.Content.ReadAsStringAsync(_stop.Token)).RootElement;
            var version = answer.GetProperty("version").GetInt32();
            var predictions = answer.GetProperty("predictions").EnumerateArray().ToArray();
            for (var i = 0; i < rows.Count; i++)
            {
                Answers.Enqueue((version, predictions[i].GetProperty("label").GetString() == rows[i].Label, changed));
            }

            using var feedback = await _client.PostAsJsonAsync($"/v1/models/{_model}/feedback",
                new { items = predictions.Select((p, i) => new { id = p.GetProperty("id").GetString(), actual = rows[i].Label }) }, _stop.Token);
            Statuses.Enqueue((int)feedback.StatusCode);
        }
    }
}
