namespace Ferry.Core.Spec;

/// <summary>`retrain:`: what starts a retrain by itself, which labelled production rows it learns from, and the gates a
/// challenger passes before it answers everyone. Without `on` or `every` nothing starts by itself and the values are
/// those of `ferry retrain` by hand (<see cref="ByHand"/>); with either, the autopilot's cautious defaults apply
/// (<see cref="Autopilot"/>) wherever the spec says nothing.</summary>
public sealed record RetrainSpec
{
    /// <summary>No `retrain:` section (or one without `on` and `every`): by hand only, promoted at once when the gate passes.</summary>
    public static RetrainSpec ByHand { get; } = new();

    /// <summary>The defaults of runs the autopilot starts: shadow, canary and bake on.</summary>
    public static RetrainSpec Autopilot { get; } = new()
    {
        MinLabels = 200,
        Window = new RetrainWindow(10_000, null),
        Shadow = 200,
        Canary = new CanarySpec(0.1, 500),
        Bake = 500,
    };

    /// <summary>The alert rules whose opening starts a run; empty: none.</summary>
    public IReadOnlyList<string> On { get; init; } = [];

    /// <summary>A run on a schedule, or null for none.</summary>
    public TimeSpan? Every { get; init; }

    /// <summary>Labelled production rows needed: since the champion was trained for the autopilot to start a run, and in
    /// the window for any retrain to go ahead.</summary>
    public int MinLabels { get; init; } = 50;

    /// <summary>The labelled production rows a retrain uses.</summary>
    public RetrainWindow Window { get; init; } = RetrainWindow.All;

    public RetrainSource Source { get; init; } = RetrainSource.Both;

    /// <summary>The margin (in the success metric's units) by which the challenger must beat the champion on the recent
    /// held-out rows; the gain must also be significant.</summary>
    public double MinImprovement { get; init; }

    /// <summary>Labelled rows the challenger is judged on in shadow before it answers anyone; 0 skips the shadow.</summary>
    public int Shadow { get; init; }

    public CanarySpec Canary { get; init; } = new(0.1, 0);

    /// <summary>Labelled rows after promotion during which a significant regression rolls back; 0: no bake.</summary>
    public int Bake { get; init; }

    /// <summary>The most retrains the autopilot starts in a day.</summary>
    public int MaxPerDay { get; init; } = 4;

    /// <summary>True when runs start by themselves (an alert rule or a schedule).</summary>
    public bool StartsByItself => On.Count > 0 || Every is not null;
}

/// <summary>`retrain.window`: the latest <paramref name="Rows"/> labelled production rows, or those logged within
/// <paramref name="Age"/> of now; both null: every labelled row.</summary>
public sealed record RetrainWindow(int? Rows, TimeSpan? Age)
{
    public static RetrainWindow All { get; } = new(null, null);
}

/// <summary>`retrain.source`: what the challenger learns from.</summary>
public enum RetrainSource
{
    /// <summary>The spec's data plus the labelled production rows.</summary>
    Both,

    /// <summary>The labelled production rows only (the concept changed).</summary>
    Production,
}

/// <summary>`retrain.canary`: the share of live requests the challenger answers until it has <paramref name="Rows"/>
/// labelled answers; 0 rows skips the canary.</summary>
public sealed record CanarySpec(double Share, int Rows);
