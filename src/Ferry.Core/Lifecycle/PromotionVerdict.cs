namespace Ferry.Core.Lifecycle;

/// <summary>Promote the candidate, reject it, or wait for more labelled rows before the paired test can tell.</summary>
public enum PromotionVerdict
{
    Promote,
    Reject,
    Wait,
}
