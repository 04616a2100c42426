namespace Ferry.Core;

/// <summary>What kind of user error a <see cref="FerryException"/> is, so that each front end answers by kind, not by
/// message: the CLI exits 1 for every kind; the server answers 400, 404 and 422.</summary>
public enum FerryErrorKind
{
    /// <summary>Bad input: a spec, a file, a field, a value (400).</summary>
    Invalid,

    /// <summary>What was named does not exist: a version, an alias, a challenger (404).</summary>
    NotFound,

    /// <summary>Understood but refused: a promotion below the success metric or over the latency budget, a challenger
    /// with other inputs, a bundle that does not match what was registered, nothing to roll back to (422).</summary>
    Refused,
}
