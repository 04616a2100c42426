namespace Ferry.Core.Spec;

/// <summary>A tunable setting of a candidate, named as in scikit-learn where there is a counterpart.</summary>
/// <param name="Name">The name used in `train.search.params`.</param>
/// <param name="IsInteger">True when only whole numbers are allowed.</param>
/// <param name="Default">The value used when the spec does not set it.</param>
/// <param name="Min">The smallest allowed value.</param>
/// <param name="Max">The largest allowed value.</param>
/// <param name="Description">What it does, for `ferry` help and errors.</param>
/// <param name="Range">Where the default search (kind halving) draws it from; null: it keeps its default there.</param>
internal sealed record HyperParameter(string Name, bool IsInteger, double Default, double Min, double Max, string Description, SearchRange? Range = null);
