using YamlDotNet.RepresentationModel;

namespace Ferry.Core.Spec;

/// <summary>The `train.search` section.</summary>
public static partial class SpecLoader
{
    private static SearchSpec ReadSearch(YamlNode train, ProblemType type, YamlNodes nodes)
    {
        var trainEntries = nodes.Entries(nodes.Mapping(train, "train"), "train", s_trainKeys);
        var named = trainEntries.TryGetValue("candidates", out var listed);
        var budgeted = trainEntries.ContainsKey("budget");
        var search = named && !budgeted ? SearchSpec.Default : SearchSpec.DefaultHalving;
        if (!trainEntries.TryGetValue("search", out var node))
        {
            return search;
        }

        var candidates = named ? nodes.ScalarList(listed!, "train.candidates") : CandidateNames.DefaultFor(type);
        var entries = nodes.Entries(nodes.Mapping(node, "train.search"), "train.search", ["kind", "cv", "scoring", "n_iter", "params"]);
        if (entries.TryGetValue("kind", out var kind))
        {
            var chosen = nodes.OneOf(kind, "train.search.kind", SearchSpec.Kinds);
            if (budgeted && chosen != SearchSpec.Halving)
            {
                throw nodes.Error(kind, $"'train.budget' bounds a halving search, but 'train.search.kind' is {chosen}, which scores every setting it "
                    + "lists whatever the time: remove train.budget, or set train.search.kind: halving");
            }

            search = search with { Kind = chosen, Iterations = chosen == SearchSpec.Halving ? SearchSpec.HalvingIterations : SearchSpec.Default.Iterations };
        }

        if (entries.TryGetValue("cv", out var cv))
        {
            search = nodes.Scalar(cv, "train.search.cv") == "loo"
                ? search with { LeaveOneOut = true }
                : search with { Folds = AtLeast(nodes.Integer(cv, "train.search.cv"), 2, cv, "train.search.cv", "a number of folds of at least 2, or loo", nodes) };
        }

        if (entries.TryGetValue("scoring", out var scoring))
        {
            search = search with { Scoring = nodes.OneOf(scoring, "train.search.scoring", MetricNames.For(type)) };
        }

        if (entries.TryGetValue("n_iter", out var iterations))
        {
            search = search with { Iterations = AtLeast(nodes.Integer(iterations, "train.search.n_iter"), 1, iterations, "train.search.n_iter", "at least 1", nodes) };
        }

        if (entries.TryGetValue("params", out var parameters))
        {
            search = search with { Params = ReadParams(parameters, candidates, nodes) };
        }

        return search;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<double>>> ReadParams(YamlNode node, IReadOnlyList<string> candidates, YamlNodes nodes)
    {
        var result = new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<double>>>();
        foreach (var (candidate, values) in nodes.Pairs(node, "train.search.params"))
        {
            if (!candidates.Contains(candidate))
            {
                throw nodes.Error(values, $"'train.search.params' sets '{candidate}' but train.candidates are: {string.Join(", ", candidates)}");
            }

            var allowed = CandidateNames.Parameters(candidate);
            var parameters = new Dictionary<string, IReadOnlyList<double>>();
            foreach (var (name, list) in nodes.Pairs(values, $"train.search.params.{candidate}"))
            {
                var key = $"train.search.params.{candidate}.{name}";
                var parameter = allowed.FirstOrDefault(p => p.Name == name)
                    ?? throw nodes.Error(list, $"'{candidate}' has no parameter '{name}' (its parameters: {string.Join(", ", allowed.Select(p => p.Name))})");
                var count = list is YamlSequenceNode sequence ? sequence.Children.Count : 1;
                parameters[name] = count > 0
                    ? [.. Enumerable.Range(0, count).Select(i => Value(list, i, parameter, key, nodes))]
                    : throw nodes.Error(list, $"'{key}' must list at least one value");
            }

            result[candidate] = parameters;
        }

        return result;
    }

    private static double Value(YamlNode list, int index, HyperParameter parameter, string key, YamlNodes nodes)
    {
        var item = list is YamlSequenceNode sequence ? sequence.Children[index] : list;
        var text = nodes.Scalar(item, key);
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            || (parameter.IsInteger && value != Math.Floor(value)))
        {
            throw nodes.Error(item, $"'{key}' must be {(parameter.IsInteger ? "a whole number" : "a number")}, found '{text}'");
        }

        return value >= parameter.Min && value <= parameter.Max
            ? value
            : throw nodes.Error(item, $"'{key}' is {text} but must be between {parameter.Min} and {parameter.Max}");
    }

    /// <summary>`train.budget`: the wall time of the whole `ferry train`, a duration of at most a day; null when unset.</summary>
    private static TimeSpan? ReadBudget(YamlNode train, YamlNodes nodes)
    {
        if (!nodes.Entries(nodes.Mapping(train, "train"), "train", s_trainKeys).TryGetValue("budget", out var node))
        {
            return null;
        }

        var text = nodes.Scalar(node, "train.budget");
        return Durations.TryParse(text, out var budget) && budget <= ProblemSpec.MaxBudget
            ? budget
            : throw nodes.Error(node, $"'train.budget' is '{text}' but must be a duration above 0 and at most 24h, such as 60s, 10m or 2h");
    }

    private static int AtLeast(int value, int minimum, YamlNode node, string key, string expected, YamlNodes nodes) =>
        value >= minimum ? value : throw nodes.Error(node, $"'{key}' is {value} but must be {expected}");
}
