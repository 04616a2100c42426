using System.Globalization;

namespace Ferry.Core.Evaluation;

/// <summary>A paired test of whether the challenger and the champion score differently on the same rows (two-sided).</summary>
/// <param name="Name">"exact McNemar" or "paired permutation".</param>
/// <param name="Statistic">McNemar: the rows only the challenger got right; permutation: the challenger's gain in the
/// metric (positive: better).</param>
/// <param name="PValue">The chance of a difference at least this large, either way, if both were equally good.</param>
/// <param name="SmallestPValue">The smallest p-value these rows could give (every differing row favouring one model).</param>
/// <param name="Rows">The rows both models answered.</param>
/// <param name="Discordant">The rows on which the two differ (McNemar: one right, the other wrong; permutation: other answers).</param>
public sealed record PairedTest(string Name, double Statistic, double PValue, double SmallestPValue, int Rows, int Discordant)
{
    /// <summary>The significance level a gain must reach (two-sided; the gain must also be the challenger's).</summary>
    public const double Alpha = 0.05;

    /// <summary>True when these rows could show a significant gain at all; otherwise the decision waits for labels.</summary>
    public bool CanDecide => SmallestPValue < Alpha;

    public bool Significant => PValue < Alpha;

    /// <summary>"p = 0.0312", or "p &lt; 0.0001" for smaller p-values.</summary>
    public string PValueText => PValue < 0.0001 ? "p < 0.0001" : $"p = {PValue.ToString("0.####", CultureInfo.InvariantCulture)}";
}
