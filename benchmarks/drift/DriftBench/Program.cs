using System.Diagnostics;
using System.Globalization;
using Ferry.Core.Evaluation;
using Ferry.Core.Monitoring;
using Ferry.Core.Spec;

// Times Ferry's drift check of a large live window against a reference, and writes the same data as raw float64
// (feature after feature) for benchmarks/drift/scipy_ks.py. Features 0-4 of the live data are shifted by 0.1 sd.
// Usage: DriftBench OUT_DIR [LIVE_ROWS] [FEATURES] [REFERENCE_ROWS...]
var output = args[0];
var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
var features = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
int[] referenceSizes = args.Length > 3 ? [.. args.Skip(3).Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [1000, 100_000];
var random = new Random(42);
double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
var live = Enumerable.Range(0, features).Select(f => Enumerable.Range(0, rows).Select(_ => Normal() + (f < 5 ? 0.1 : 0)).ToArray()).ToArray();
var columns = live.Select((values, f) => new LiveColumn($"f{f}", values, null)).ToArray();
Directory.CreateDirectory(output);
Write(Path.Combine(output, "live.bin"), live);
foreach (var size in referenceSizes)
{
    var reference = Enumerable.Range(0, features).Select(_ => Enumerable.Range(0, size).Select(_ => Normal()).ToArray()).ToArray();
    Write(Path.Combine(output, $"reference-{size}.bin"), reference);
    var profile = new ReferenceProfile(size, [.. reference.Select((values, f) => ReferenceProfiler.Numeric($"f{f}", values))], null);
    DatasetDrift.Compare(profile, columns, null, rows, DriftThresholds.Default);
    var times = new List<double>();
    DriftSummary summary = null!;
    for (var run = 0; run < 3; run++)
    {
        var clock = Stopwatch.StartNew();
        summary = DatasetDrift.Compare(profile, columns, null, rows, DriftThresholds.Default);
        times.Add(clock.Elapsed.TotalSeconds);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ferry reference={size} test={summary.Features[0].Test} seconds={times.Order().ElementAt(1):0.000} drifted={summary.Drifted}/{features}"));
}

static void Write(string path, double[][] columns)
{
    using var file = new BinaryWriter(File.Create(path));
    foreach (var value in columns.SelectMany(column => column))
    {
        file.Write(value);
    }
}
