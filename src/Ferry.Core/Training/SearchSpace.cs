using Ferry.Core.Spec;

namespace Ferry.Core.Training;

/// <summary>The parameter sets a candidate is tried with: every combination of the listed values (grid),
/// or n_iter of them drawn without replacement with the split seed (random). Unlisted parameters keep
/// their defaults. The halving search draws its settings from each parameter's search range instead (<see cref="Draws"/>).</summary>
internal static class SearchSpace
{
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Sets(string candidate, SearchSpec search, int seed)
    {
        var defaults = Defaults(candidate);
        var listed = Listed(candidate, search);
        IEnumerable<Dictionary<string, double>> grid = [defaults];
        foreach (var (name, values) in listed.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            grid = grid.SelectMany(set => values.Select(value => new Dictionary<string, double>(set) { [name] = value }));
        }

        var all = grid.ToList();
        if (search.Kind == SearchSpec.Random && all.Count > search.Iterations)
        {
            var random = new Random(seed);
            var picked = Enumerable.Range(0, all.Count).ToArray();
            random.Shuffle(picked);
            all = [.. picked.Take(search.Iterations).Order().Select(i => all[i])];
        }

        return all;
    }

    /// <summary>The candidate's default setting: every parameter at its default.</summary>
    public static Dictionary<string, double> Defaults(string candidate) => CandidateNames.Parameters(candidate).ToDictionary(p => p.Name, p => p.Default);

    /// <summary><paramref name="count"/> distinct settings drawn with <paramref name="seed"/>, each differing from the
    /// default: a parameter listed in `train.search.params` takes one of its listed values, one with a search range a
    /// draw from it (rounded when whole), any other its default. With <paramref name="earlyStopping"/> boosted draws stop
    /// early on an inner validation split (<see cref="BoostedEarlyStopping"/>) instead of drawing the tree count, unless
    /// the spec lists trees.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Draws(string candidate, SearchSpec search, int seed, int count, bool earlyStopping)
    {
        var parameters = CandidateNames.Parameters(candidate);
        var listed = Listed(candidate, search);
        var defaults = Defaults(candidate);
        var random = new Random(seed);
        var drawn = new List<IReadOnlyDictionary<string, double>>();
        for (var attempt = 0; drawn.Count < count && attempt < count * 10; attempt++)
        {
            var set = new Dictionary<string, double>(defaults);
            foreach (var parameter in parameters)
            {
                if (listed.TryGetValue(parameter.Name, out var values))
                {
                    set[parameter.Name] = values[random.Next(values.Count)];
                }
                else if (parameter.Range is { } range)
                {
                    var value = range.Draw(random);
                    set[parameter.Name] = parameter.IsInteger ? Math.Clamp(Math.Round(value), range.Low, range.High) : value;
                }
            }

            if (earlyStopping && candidate == CandidateNames.Boosted && !listed.ContainsKey("trees"))
            {
                set["trees"] = BoostedEarlyStopping.MaxTrees;
                set["early_stopping"] = BoostedEarlyStopping.Rounds;
            }

            if (!SameAs(set, defaults) && !drawn.Any(other => SameAs(set, other)))
            {
                drawn.Add(set);
            }
        }

        return drawn;
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<double>> Listed(string candidate, SearchSpec search) =>
        search.Params.GetValueOrDefault(candidate) ?? new Dictionary<string, IReadOnlyList<double>>();

    private static bool SameAs(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b) =>
        a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
