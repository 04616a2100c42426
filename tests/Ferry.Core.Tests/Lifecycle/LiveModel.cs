using Ferry.Core.Data;
using Ferry.Core.Lifecycle;
using Ferry.Core.Monitoring;
using Ferry.Core.Prediction;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Core.Tests.Lifecycle;

/// <summary>A served model on a fake clock, for the autopilot: a champion trained on <see cref="DriftScenario"/>'s base
/// data (the label follows x1 + x2), its SQLite store in a temporary directory, and production rows written straight
/// into the store's log with their feedback, stamped by the clock. <see cref="Check"/> runs one autopilot check.</summary>
internal sealed class LiveModel : IDisposable
{
    public const string Name = "pilot";

    private readonly TestFiles _files = new();
    private readonly DriftScenario _scenario;
    private readonly Dictionary<int, IReadOnlyList<ColumnInfo>> _inputs = [];

    public LiveModel(string retrain, int seed = 1)
    {
        _scenario = new DriftScenario(seed);
        DataPath = _files.Path("train.csv");
        _scenario.WriteCsv(DataPath, 400);
        SpecPath = _files.WriteSpec(DataPath, "y", "binary-classification", Name, $"train: {{ candidates: [logistic] }}\nretrain: {retrain}");
        new TrainingPipeline(Clock).Run(Spec, null, CancellationToken.None);
        Registry = ModelRegistry.Open(Spec);
        Store = MonitoringStore.Open(Spec);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero));

    public string DataPath { get; }

    public string SpecPath { get; }

    public ProblemSpec Spec => SpecLoader.Load(SpecPath);

    public ModelRegistry Registry { get; }

    public MonitoringStore Store { get; }

    /// <summary>Every stage change the checks told of, in order.</summary>
    public List<RetrainRun> Changes { get; } = [];

    public int? Alias(string alias) => Registry.Alias(Name, alias);

    /// <summary>One autopilot check, as the server runs it after a monitor judgement.</summary>
    public bool Check(bool trusted = true) =>
        new Autopilot(Clock).Check(ServedModel.Of(Spec), Registry, Store, Store, trusted, "tests", TimeSpan.FromMinutes(2), Changes.Add, CancellationToken.None);

    /// <summary>Opens an alert of <paramref name="rule"/>, as the monitor does when the rule is crossed.</summary>
    public void Alert(string rule) => Store.OpenAlert(Name, rule, 0.5, 0.8, $"{rule}: 0.5 against 0.8", Clock.GetUtcNow());

    /// <summary>Trains another version on the spec's data without making it champion.</summary>
    public int TrainVersion() => new TrainingPipeline(Clock).Run(Spec, null, CancellationToken.None, mayPromote: false).Manifest.Version;

    /// <summary>A run of <paramref name="challenger"/> against the champion whose gate passed, moved on by the run's own
    /// moves: into the shadow, the canary or promoted (and the bake), as the spec's `retrain:` sets them.</summary>
    public RetrainRun Passed(int challenger)
    {
        var run = Store.StartRun(Name, "accuracy_below", Alias(ModelRegistry.Champion)!.Value, Clock.GetUtcNow())! with { Challenger = challenger };
        return new RunMoves(Registry, Store, Clock, Changes.Add).Passed(run, Spec.Retrain);
    }

    /// <summary>Logs <paramref name="count"/> rows answered by the champion as the concept it learned says (x1 + x2 &gt; 0),
    /// each with feedback: the label of the changed concept (x1 - x2 &gt; 0), or with <paramref name="changed"/> false of
    /// the learned one.</summary>
    public void Label(int count, bool changed = true)
    {
        var champion = Alias(ModelRegistry.Champion)!.Value;
        var rows = _scenario.Draw(count, shifted: false)
            .Select(row => row with { Label = (changed ? row.X1 - row.X2 : row.X1 + row.X2) > 0 ? "yes" : "no" })
            .Select(row => (Id: Guid.CreateVersion7(Clock.GetUtcNow()).ToString(), Row: row))
            .ToArray();
        Store.AppendPredictions([.. rows.Select(row => Record(row.Id, champion, row.Row, row.Row.X1 + row.Row.X2 > 0 ? "yes" : "no"))]);
        Store.AddFeedback(Name, [.. rows.Select(row => (row.Id, row.Row.Label))], Clock.GetUtcNow(), replace: false);
    }

    /// <summary>Logs <paramref name="count"/> labelled rows answered by <paramref name="answering"/> and scored in
    /// shadow by <paramref name="shadow"/> (under <see cref="PredictionRecord.ShadowId"/>): row i is answered right by
    /// each side when its function says so, wrong otherwise.</summary>
    public void Pair(int count, int answering, Func<int, bool> answeringRight, int shadow, Func<int, bool> shadowRight)
    {
        var rows = _scenario.Draw(count, shifted: false).Select((row, i) => (Id: Guid.CreateVersion7(Clock.GetUtcNow()).ToString(), Row: row, Index: i)).ToArray();
        Store.AppendPredictions([.. rows.SelectMany(row => new[]
        {
            Record(row.Id, answering, row.Row, Answer(row.Row, answeringRight(row.Index))),
            Record(PredictionRecord.ShadowId(row.Id), shadow, row.Row, Answer(row.Row, shadowRight(row.Index))),
        })]);
        Store.AddFeedback(Name, [.. rows.Select(row => (row.Id, row.Row.Label))], Clock.GetUtcNow(), replace: false);
    }

    public void Dispose() => _files.Dispose();

    private static string Answer(DriftScenario.Row row, bool right) => right == (row.Label == "yes") ? "yes" : "no";

    private PredictionRecord Record(string id, int version, DriftScenario.Row row, string label)
    {
        if (!_inputs.TryGetValue(version, out var inputs))
        {
            inputs = _inputs[version] = Registry.ReadManifest(Name, version).Inputs;
        }

        var input = new InputRow(inputs.Count);
        for (var i = 0; i < inputs.Count; i++)
        {
            switch (inputs[i].Name)
            {
                case "c":
                    input.SetText(i, row.C);
                    break;
                default:
                    input.SetNumber(i, inputs[i].Name switch { "x1" => row.X1, "x2" => row.X2, _ => row.X3 });
                    break;
            }
        }

        var probabilities = new Dictionary<string, double> { [label] = 0.9, [label == "yes" ? "no" : "yes"] = 0.1 };
        return new PredictionRecord(id, Name, version, Clock.GetUtcNow(), 1, inputs, input, new PredictionResult(label, probabilities, null, [], [], []));
    }
}
