using System.Security.Cryptography;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ferry.Core.Spec;

/// <summary>Reads and validates ferry.yaml. Every error names the file, the line and the key.</summary>
public static partial class SpecLoader
{
    private static readonly string[] s_topKeys =
        ["name", "objective", "type", "data", "target", "success_metric", "constraints", "prepare", "features", "split", "train", "monitor", "retrain", "store"];

    private static readonly string[] s_trainKeys = ["candidates", "search", "max_rows", "budget", "ensemble"];

    public static ProblemSpec Load(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FerryException($"spec file not found: {path}");
        }

        var text = File.ReadAllText(fullPath);
        return Parse(text, fullPath);
    }

    public static ProblemSpec Parse(string text, string fullPath)
    {
        var fileName = Path.GetFileName(fullPath);
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FerryException($"{fileName} line {e.Start.Line}: not valid YAML: {e.Message}", e);
        }

        var nodes = new YamlNodes(fileName);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FerryException($"{fileName}: the spec must be a mapping with at least name, type, data.source and target");
        }

        var entries = nodes.Entries(root, "", s_topKeys);
        var name = Required(entries, "name", root, nodes);
        var nameText = nodes.Scalar(name, "name");
        if (ModelName.Problem(nameText) is { } problem)
        {
            throw nodes.Error(name, problem);
        }

        var typeNode = Required(entries, "type", root, nodes);
        ProblemTypes.TryParse(nodes.OneOf(typeNode, "type", ProblemTypes.Names), out var type);

        var dataNode = Required(entries, "data", root, nodes);
        var data = nodes.Entries(nodes.Mapping(dataNode, "data"), "data", ["source", "query", "sheet"]);
        var source = nodes.Scalar(Required(data, "source", dataNode, nodes, "data.source"), "data.source");
        var directory = Path.GetDirectoryName(fullPath)!;
        entries.TryGetValue("store", out var store);
        var storeUrl = store is not null ? ReadStoreUrl(store, nodes) : null;

        return new ProblemSpec
        {
            Name = nameText,
            Objective = entries.TryGetValue("objective", out var objective) ? nodes.Scalar(objective, "objective") : null,
            Type = type,
            Data = new DataSpec(
                source,
                data.TryGetValue("query", out var query) ? nodes.Scalar(query, "data.query") : null,
                data.TryGetValue("sheet", out var sheet) ? nodes.Scalar(sheet, "data.sheet") : null),
            Target = nodes.Scalar(Required(entries, "target", root, nodes), "target"),
            SuccessMetric = entries.TryGetValue("success_metric", out var metric)
                ? ReadSuccessMetric(metric, type, nodes)
                : new SuccessMetric(MetricNames.DefaultFor(type), null),
            Split = entries.TryGetValue("split", out var split) ? ReadSplit(split, nodes) : SplitSpec.Default,
            Constraints = entries.TryGetValue("constraints", out var constraints) ? ReadConstraints(constraints, nodes) : Constraints.Default,
            Prepare = entries.TryGetValue("prepare", out var prepare) ? ReadPrepare(prepare, nodes) : PrepareSpec.Default,
            Features = entries.TryGetValue("features", out var features) ? ReadFeatures(features, nodes) : FeatureSpec.Default,
            Candidates = entries.TryGetValue("train", out var train) ? ReadCandidates(train, type, nodes) : CandidateNames.DefaultFor(type),
            Search = train is not null ? ReadSearch(train, type, nodes) : SearchSpec.DefaultHalving,
            CandidatesNamed = train is not null && nodes.Entries(nodes.Mapping(train, "train"), "train", s_trainKeys).ContainsKey("candidates"),
            Budget = train is not null ? ReadBudget(train, nodes) : null,
            MaxTrainRows = train is not null ? ReadMaxRows(train, nodes) : ProblemSpec.DefaultMaxTrainRows,
            Ensemble = train is null || ReadEnsemble(train, nodes),
            Monitor = entries.TryGetValue("monitor", out var monitor) ? ReadMonitor(monitor, type, nodes) : MonitorSpec.Default,
            Retrain = entries.TryGetValue("retrain", out var retrain) ? ReadRetrain(retrain, type, nodes) : RetrainSpec.ByHand,
            SpecPath = fullPath,
            StoreDirectory = storeUrl is null && store is not null
                ? Path.GetFullPath(Path.Combine(directory, nodes.Scalar(store, "store")))
                : Path.Combine(directory, ".ferry"),
            StoreUrl = storeUrl,
            SpecHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
        };
    }

    /// <summary>`store: postgres://...` (checked here, so a bad URL names the key), else null: a directory.</summary>
    private static string? ReadStoreUrl(YamlNode node, YamlNodes nodes)
    {
        var text = nodes.Scalar(node, "store");
        if (!PostgresUrl.Matches(text))
        {
            return null;
        }

        try
        {
            PostgresUrl.ToConnectionString(text);
            return text;
        }
        catch (Exception e) when (e is FerryException or ArgumentException)
        {
            throw nodes.Error(node, $"'store' {e.Message}");
        }
    }

    private static YamlNode Required(Dictionary<string, YamlNode> entries, string key, YamlNode parent, YamlNodes nodes, string? fullKey = null) =>
        entries.TryGetValue(key, out var node) ? node : throw nodes.Error(parent, $"required key '{fullKey ?? key}' is missing");

    private static SuccessMetric ReadSuccessMetric(YamlNode node, ProblemType type, YamlNodes nodes)
    {
        var entries = nodes.Entries(nodes.Mapping(node, "success_metric"), "success_metric", ["name", "threshold"]);
        var name = nodes.OneOf(Required(entries, "name", node, nodes, "success_metric.name"), "success_metric.name", MetricNames.For(type));
        double? threshold = entries.TryGetValue("threshold", out var t) ? nodes.Number(t, "success_metric.threshold") : null;
        return new SuccessMetric(name, threshold);
    }

    private static Constraints ReadConstraints(YamlNode node, YamlNodes nodes)
    {
        var entries = nodes.Entries(nodes.Mapping(node, "constraints"), "constraints", ["latency_ms", "explain_top", "retrain_every"]);
        var constraints = Constraints.Default;
        if (entries.TryGetValue("latency_ms", out var latency))
        {
            var value = nodes.Number(latency, "constraints.latency_ms");
            constraints = value > 0 ? constraints with { LatencyMs = value } : throw nodes.Error(latency, "'constraints.latency_ms' must be a positive number of milliseconds");
        }

        if (entries.TryGetValue("explain_top", out var top))
        {
            var value = nodes.Integer(top, "constraints.explain_top");
            constraints = value >= 0 ? constraints with { ExplainTop = value } : throw nodes.Error(top, "'constraints.explain_top' must be 0 or more");
        }

        if (entries.TryGetValue("retrain_every", out var every))
        {
            var text = nodes.Scalar(every, "constraints.retrain_every");
            constraints = constraints with
            {
                RetrainEvery = Durations.TryParse(text, out var duration)
                    ? duration
                    : throw nodes.Error(every, $"'constraints.retrain_every' is '{text}' but must be a duration such as 12h, 7d or 2w"),
            };
        }

        return constraints;
    }

    private static SplitSpec ReadSplit(YamlNode node, YamlNodes nodes)
    {
        var entries = nodes.Entries(nodes.Mapping(node, "split"), "split", ["test", "stratify", "seed", "by"]);
        var split = SplitSpec.Default;
        if (entries.TryGetValue("test", out var test))
        {
            var fraction = nodes.Number(test, "split.test");
            if (fraction is <= 0 or >= 1)
            {
                throw nodes.Error(test, $"'split.test' is {fraction} but must be a fraction between 0 and 1 (exclusive), such as 0.2");
            }

            split = split with { Test = fraction };
        }

        if (entries.TryGetValue("stratify", out var stratify))
        {
            split = split with { Stratify = nodes.Boolean(stratify, "split.stratify") };
        }

        if (entries.TryGetValue("by", out var by))
        {
            split = split with { By = nodes.Scalar(by, "split.by"), Stratify = false };
        }

        if (entries.TryGetValue("seed", out var seed))
        {
            split = split with { Seed = nodes.Integer(seed, "split.seed") };
        }

        return split;
    }

    private static IReadOnlyList<string> ReadCandidates(YamlNode node, ProblemType type, YamlNodes nodes)
    {
        var entries = nodes.Entries(nodes.Mapping(node, "train"), "train", s_trainKeys);
        if (!entries.TryGetValue("candidates", out var candidates))
        {
            return CandidateNames.DefaultFor(type);
        }

        var allowed = CandidateNames.For(type);
        var names = nodes.ScalarList(candidates, "train.candidates");
        foreach (var candidate in names.Where(c => !allowed.Contains(c)))
        {
            throw nodes.Error(candidates, $"'train.candidates' has '{candidate}' but a {type.ToName()} candidate must be one of: {string.Join(", ", allowed)}");
        }

        return names.Count > 0 ? [.. names.Distinct()] : throw nodes.Error(candidates, "'train.candidates' must name at least one candidate");
    }

    private static bool ReadEnsemble(YamlNode train, YamlNodes nodes) =>
        !nodes.Entries(nodes.Mapping(train, "train"), "train", s_trainKeys).TryGetValue("ensemble", out var node) || nodes.Boolean(node, "train.ensemble");

    private static int? ReadMaxRows(YamlNode train, YamlNodes nodes)
    {
        if (!nodes.Entries(nodes.Mapping(train, "train"), "train", s_trainKeys).TryGetValue("max_rows", out var node))
        {
            return ProblemSpec.DefaultMaxTrainRows;
        }

        if (nodes.Scalar(node, "train.max_rows") == "all")
        {
            return null;
        }

        var value = nodes.Integer(node, "train.max_rows");
        return value >= 100 ? value : throw nodes.Error(node, $"'train.max_rows' is {value} but must be at least 100, or 'all'");
    }
}
