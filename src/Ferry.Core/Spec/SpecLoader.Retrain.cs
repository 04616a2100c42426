using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Ferry.Core.Spec;

/// <summary>The `retrain:` section.</summary>
public static partial class SpecLoader
{
    private static readonly string[] s_retrainKeys =
        ["on", "every", "min_labels", "window", "source", "min_improvement", "shadow", "canary", "bake", "max_per_day"];

    private static RetrainSpec ReadRetrain(YamlNode node, ProblemType type, YamlNodes nodes)
    {
        var entries = nodes.Entries(nodes.Mapping(node, "retrain"), "retrain", s_retrainKeys);
        var on = entries.TryGetValue("on", out var onNode) ? ReadRetrainRules(onNode, type, nodes) : [];
        TimeSpan? every = entries.TryGetValue("every", out var everyNode) ? Duration(everyNode, "retrain.every", "12h, 7d or 2w", nodes) : null;
        var retrain = (on.Count > 0 || every is not null ? RetrainSpec.Autopilot : RetrainSpec.ByHand) with { On = on, Every = every };
        if (entries.TryGetValue("min_labels", out var minLabels))
        {
            retrain = retrain with { MinLabels = AtLeast(minLabels, "retrain.min_labels", 1, "labelled rows", nodes) };
        }

        if (entries.TryGetValue("window", out var window))
        {
            retrain = retrain with { Window = ReadRetrainWindow(window, nodes) };
        }

        if (entries.TryGetValue("source", out var source))
        {
            retrain = retrain with { Source = nodes.OneOf(source, "retrain.source", ["both", "production"]) == "both" ? RetrainSource.Both : RetrainSource.Production };
        }

        if (entries.TryGetValue("min_improvement", out var improvement))
        {
            var value = nodes.Number(improvement, "retrain.min_improvement");
            retrain = retrain with
            {
                MinImprovement = !double.IsFinite(value) ? throw nodes.Error(improvement, $"'retrain.min_improvement' is {value} but must be a finite number")
                    : value >= 0 ? value : throw nodes.Error(improvement, $"'retrain.min_improvement' is {value} but must be 0 or more (a margin in the success metric's units)"),
            };
        }

        if (entries.TryGetValue("shadow", out var shadow))
        {
            retrain = retrain with { Shadow = AtLeast(shadow, "retrain.shadow", 0, "labelled rows (0 skips the shadow)", nodes) };
        }

        if (entries.TryGetValue("canary", out var canary))
        {
            retrain = retrain with { Canary = ReadCanary(canary, RetrainSpec.Autopilot.Canary, nodes) };
        }

        if (entries.TryGetValue("bake", out var bake))
        {
            retrain = retrain with { Bake = AtLeast(bake, "retrain.bake", 0, "labelled rows (0: no bake)", nodes) };
        }

        if (entries.TryGetValue("max_per_day", out var maxPerDay))
        {
            retrain = retrain with { MaxPerDay = AtLeast(maxPerDay, "retrain.max_per_day", 1, "retrains", nodes) };
        }

        return retrain;
    }

    private static List<string> ReadRetrainRules(YamlNode node, ProblemType type, YamlNodes nodes)
    {
        var allowed = AlertRules.For(type);
        var rules = nodes.ScalarList(node, "retrain.on");
        foreach (var rule in rules.Where(r => !allowed.Contains(r)))
        {
            throw nodes.Error(node, $"'retrain.on' has '{rule}' but a {type.ToName()} alert rule must be one of: {string.Join(", ", allowed)}");
        }

        return [.. rules.Distinct()];
    }

    private static RetrainWindow ReadRetrainWindow(YamlNode node, YamlNodes nodes)
    {
        var text = nodes.Scalar(node, "retrain.window");
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rows))
        {
            return rows > 0 ? new RetrainWindow(rows, null) : throw nodes.Error(node, $"'retrain.window' is {rows} but must be a positive number of labelled rows or a duration");
        }

        return Durations.TryParse(text, out var age)
            ? new RetrainWindow(null, age)
            : throw nodes.Error(node, $"'retrain.window' is '{text}' but must be a number of labelled rows such as 10000 or a duration such as 30d");
    }

    private static CanarySpec ReadCanary(YamlNode node, CanarySpec defaults, YamlNodes nodes)
    {
        var entries = nodes.Entries(nodes.Mapping(node, "retrain.canary"), "retrain.canary", ["share", "rows"]);
        var canary = defaults;
        if (entries.TryGetValue("share", out var share))
        {
            var value = nodes.Number(share, "retrain.canary.share");
            canary = canary with
            {
                Share = value is > 0 and < 1 ? value : throw nodes.Error(share, $"'retrain.canary.share' is {value} but must be a fraction between 0 and 1 (exclusive), such as 0.1"),
            };
        }

        if (entries.TryGetValue("rows", out var rows))
        {
            canary = canary with { Rows = AtLeast(rows, "retrain.canary.rows", 0, "labelled rows (0 skips the canary)", nodes) };
        }

        return canary;
    }

    private static int AtLeast(YamlNode node, string key, int least, string what, YamlNodes nodes)
    {
        var value = nodes.Integer(node, key);
        return value >= least ? value : throw nodes.Error(node, $"'{key}' is {value} but must be a whole number of {what}, at least {least}");
    }
}
