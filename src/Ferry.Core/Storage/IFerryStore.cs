namespace Ferry.Core.Storage;

/// <summary>Where Ferry keeps its registry: model versions and aliases, in SQLite (ferry.db in the store directory) or
/// PostgreSQL (which also keeps the bundles, for servers on other machines).</summary>
internal interface IFerryStore
{
    /// <summary>Reserves the next version number of <paramref name="name"/>; it stays invisible until <see cref="CompleteVersion"/>.</summary>
    VersionReservation ReserveVersion(string name, DateTimeOffset at);

    /// <summary>Extends <paramref name="reservation"/> (a training still writing it) to <paramref name="until"/>.</summary>
    void RenewVersion(VersionReservation reservation, DateTimeOffset until);

    /// <summary>Removes the reservations of <paramref name="name"/> left by killed trainings (see <see cref="VersionLease"/>);
    /// returns the versions still reserved by trainings in progress.</summary>
    IReadOnlySet<int> ClearStaleVersions(string name, DateTimeOffset now);

    /// <summary>The SHA-256 of the whole bundle file recorded when the version was registered (or pinned by
    /// <see cref="PinBundleSha256"/>); null for a version registered before Ferry recorded it.</summary>
    string? BundleSha256(string name, int version);

    /// <summary>Records <paramref name="sha256"/> for a version that has none (registered before Ferry recorded it).</summary>
    void PinBundleSha256(string name, int version, string sha256);

    /// <summary>Makes a reserved version visible, with its bundle (already at <paramref name="bundlePath"/> in the store
    /// directory; a PostgreSQL store also keeps its bytes, in the same transaction) and the bundle's SHA-256. Throws when
    /// the reservation is gone (cleared as stale).</summary>
    void CompleteVersion(VersionReservation reservation, ModelVersion version, string bundlePath);

    /// <summary>Makes sure <paramref name="path"/> holds the version's registered bundle: a PostgreSQL store writes it
    /// there when the file is missing or differs; for SQLite the file in the store directory is the bundle.</summary>
    void FetchBundle(string name, int version, string path);

    void AbandonVersion(VersionReservation reservation);

    IReadOnlyList<ModelVersion> Versions(string name);

    int? Alias(string name, string alias);

    /// <summary>The names of the models with <paramref name="alias"/> set (such as every model with a champion), sorted.</summary>
    IReadOnlyList<string> ModelsWith(string alias);

    /// <summary>Points <paramref name="alias"/> at <paramref name="version"/> and records the change in the alias history.</summary>
    void SetAlias(string name, string alias, int version, DateTimeOffset at);

    /// <summary>Removes <paramref name="alias"/>; returns the version it pointed at, or null when it was not set.</summary>
    int? RemoveAlias(string name, string alias);

    /// <summary>Undoes the latest <see cref="SetAlias"/>: the alias goes back to the version it pointed at before.
    /// Returns that version, or null (and changes nothing) when there was none.</summary>
    int? RevertAlias(string name, string alias);
}
