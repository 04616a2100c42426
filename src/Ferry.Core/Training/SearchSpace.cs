using Ferry.Core.Spec;

namespace Ferry.Core.Training;

/// <summary>The parameter sets a candidate is tried with: every combination of the listed values (grid),
/// or n_iter of them drawn without replacement with the split seed (random). Unlisted parameters keep
/// their defaults.</summary>
internal static class SearchSpace
{
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Sets(string candidate, SearchSpec search, int seed)
    {
        var defaults = CandidateNames.Parameters(candidate).ToDictionary(p => p.Name, p => p.Default);
        var listed = search.Params.GetValueOrDefault(candidate) ?? new Dictionary<string, IReadOnlyList<double>>();
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
}
