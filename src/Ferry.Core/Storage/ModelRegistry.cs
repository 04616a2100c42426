using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Ferry.Core.Bundles;
using Ferry.Core.Spec;

namespace Ferry.Core.Storage;

/// <summary>Versions of each model on disk (`models/&lt;name&gt;/v&lt;N&gt;/model.ferry` under the store
/// directory) and in the store, with aliases such as champion. With a PostgreSQL store the database holds the bundles
/// too, and the files under the store directory are this machine's copies, fetched when a version is read.</summary>
public sealed class ModelRegistry
{
    private readonly string _storeDirectory;
    private readonly IFerryStore _store;

    internal ModelRegistry(string storeDirectory, IFerryStore store)
    {
        _storeDirectory = storeDirectory;
        _store = store;
    }

    public const string Champion = "champion";

    /// <summary>The version served in shadow beside the champion: it scores every request, its answers are logged and
    /// judged against the champion's on the same labelled rows, and never returned.</summary>
    public const string Challenger = "challenger";

    /// <summary>The version answering a share of the requests instead of the champion (`retrain.canary.share`), chosen
    /// by a hash of each request's first prediction id; the champion scores the rows it answers in shadow.</summary>
    public const string Canary = "canary";
    public const string BundleFileName = "model.ferry";

    /// <summary>The registry of a spec's store: `store:`'s PostgreSQL database when it names one, else SQLite in its directory.</summary>
    public static ModelRegistry Open(ProblemSpec spec) => Open(spec.StoreDirectory, spec.StoreUrl);

    /// <summary>The registry in the PostgreSQL store at <paramref name="url"/> (bundles copied into
    /// <paramref name="directory"/> when read), or without one the SQLite store in <paramref name="directory"/>.</summary>
    public static ModelRegistry Open(string directory, string? url = null) =>
        new(directory, new RegistryStore(StoreDatabase.Open(directory, url)));

    internal IFerryStore Store => _store;

    /// <summary>The version an alias (<see cref="Champion"/>, <see cref="Challenger"/>, <see cref="Canary"/>) points at, or null.</summary>
    public int? Alias(string name, string alias) => _store.Alias(name, alias);

    /// <summary>Every registered version of a model, oldest first.</summary>
    public IReadOnlyList<ModelVersion> Versions(string name) => _store.Versions(name);

    /// <summary>The models that have a champion.</summary>
    public IReadOnlyList<string> Champions() => _store.ModelsWith(Champion);

    public string VersionDirectory(string name, int version) =>
        Path.Combine(_storeDirectory, "models", name, $"v{version}");

    public string BundlePath(string name, int version) => Path.Combine(VersionDirectory(name, version), BundleFileName);

    /// <summary>The path of a registered version's bundle, fetched from the store first when it keeps the bundles.</summary>
    public string FetchBundle(string name, int version)
    {
        var path = BundlePath(name, version);
        _store.FetchBundle(name, version, path);
        return path;
    }

    /// <summary>The path of a registered version's bundle, fetched first when the store keeps the bundles, after checking
    /// that the file is the one registered: its SHA-256 is the one the store recorded (a version registered before Ferry
    /// recorded it is pinned at this first check).</summary>
    public string VerifiedBundle(string name, int version)
    {
        var path = FetchBundle(name, version);
        if (!File.Exists(path))
        {
            throw new FerryException(FerryErrorKind.Refused, $"model '{name}' v{version}: its bundle {path} is missing; restore it or retrain");
        }

        string found;
        using (var file = File.OpenRead(path))
        {
            found = Convert.ToHexStringLower(SHA256.HashData(file));
        }

        if (_store.BundleSha256(name, version) is not { } expected)
        {
            Pin(name, version, found);
            return path;
        }

        return expected == found
            ? path
            : throw new FerryException(FerryErrorKind.Refused, $"model '{name}' v{version}: {path} does not match its checksum (it is not the bundle that was registered: expected SHA-256 {expected}, found {found}); restore it or retrain");
    }

    /// <summary>Records the digest of a version registered before Ferry recorded it; a store this process cannot write
    /// (read-only, unreachable) still serves the version, pinned by a later load.</summary>
    private void Pin(string name, int version, string sha256)
    {
        try
        {
            _store.PinBundleSha256(name, version, sha256);
        }
        catch (Exception e) when (e is StoreUnavailableException or DbException)
        {
            // Pinned by the next load that can write.
        }
    }

    /// <summary>A registered version's bundle, verified (<see cref="VerifiedBundle"/>) and loaded.</summary>
    public ModelBundle Load(string name, int version) => BundleFile.Read(VerifiedBundle(name, version));

    /// <summary>A registered version's manifest, from its verified bundle.</summary>
    public ModelManifest ReadManifest(string name, int version) => BundleFile.ReadManifest(VerifiedBundle(name, version));

    /// <summary>Reserves a version number, lets <paramref name="write"/> fill a fresh directory, and makes the
    /// version visible only once every file is written; on failure nothing is left behind. What a killed training left
    /// (a not-ready version and its `.partial` directory, see <see cref="VersionLease"/>) is cleared first; the
    /// reservation is renewed while <paramref name="write"/> runs, so another training never takes it for stale.</summary>
    public ModelVersion Register(string name, TimeProvider time, Func<int, string, ModelVersion> write)
    {
        ClearStale(name, time.GetUtcNow());
        var reservation = _store.ReserveVersion(name, time.GetUtcNow());
        var version = reservation.Version;
        var final = VersionDirectory(name, version);
        var staging = final + ".partial";
        using var lease = time.CreateTimer(_ => Renew(reservation, time), null, VersionLease.Renewal, VersionLease.Renewal);
        try
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            Directory.CreateDirectory(staging);
            var registered = write(version, staging);
            if (Directory.Exists(final))
            {
                // Left by an attempt that failed after its move, or a copy from a store this directory served before.
                Directory.Delete(final, recursive: true);
            }

            Directory.Move(staging, final);
            _store.CompleteVersion(reservation, registered, BundlePath(name, version));
            return registered;
        }
        catch
        {
            _store.AbandonVersion(reservation);
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    /// <summary>Removes stale reservations, then every `v&lt;N&gt;.partial` directory of this machine that no training in
    /// progress holds. The directories are listed before the reservations are read: a training reserves its version
    /// before it creates its directory, so a directory listed is either held by a reservation read or stale.</summary>
    private void ClearStale(string name, DateTimeOffset now)
    {
        var directory = Path.Combine(_storeDirectory, "models", name);
        var partials = Directory.Exists(directory) ? Directory.GetDirectories(directory, "v*.partial") : [];
        var inProgress = _store.ClearStaleVersions(name, now);
        foreach (var partial in partials)
        {
            var number = Path.GetFileName(partial)[1..^".partial".Length];
            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || !inProgress.Contains(version))
            {
                Directory.Delete(partial, recursive: true);
            }
        }
    }

    /// <summary>Extends the reservation; a store that cannot be reached now is tried again at the next renewal (and
    /// <see cref="IFerryStore.CompleteVersion"/> refuses a reservation that was lost meanwhile).</summary>
    private void Renew(VersionReservation reservation, TimeProvider time)
    {
        try
        {
            _store.RenewVersion(reservation, time.GetUtcNow() + VersionLease.Duration);
        }
        catch (Exception e) when (e is StoreUnavailableException or DbException)
        {
            // Tried again at the next renewal.
        }
    }

    /// <summary>Makes <paramref name="version"/> the champion; a challenger or canary that becomes champion stops being one.
    /// Who may become champion is <c>Lifecycle.PromotionPolicy</c>'s to decide, so only the lifecycle calls this.</summary>
    internal ModelVersion SetChampion(string name, int version, DateTimeOffset at)
    {
        var found = Find(name, version);
        _store.SetAlias(name, Champion, version, at);
        foreach (var alias in (string[])[Challenger, Canary])
        {
            if (_store.Alias(name, alias) == version)
            {
                _store.RemoveAlias(name, alias);
            }
        }

        return found;
    }

    /// <summary>Undoes the latest promotion: the champion goes back to the version it was before; rolling back
    /// again goes one promotion further back.</summary>
    public ModelVersion Rollback(string name)
    {
        var current = _store.Alias(name, Champion)
            ?? throw new FerryException(FerryErrorKind.Refused, $"model '{name}' has no champion to roll back");
        var previous = _store.RevertAlias(name, Champion)
            ?? throw new FerryException(FerryErrorKind.Refused, $"model '{name}' had no champion before v{current}; nothing to roll back to");
        return Find(name, previous);
    }

    /// <summary>Makes <paramref name="version"/> the challenger after checking its bundle loads and takes the champion's
    /// inputs (shadow scoring reuses each request's parsed row).</summary>
    public ModelVersion Challenge(string name, int version, DateTimeOffset at)
    {
        var found = Contender(name, version, "challenger", "challenge", "scores");
        _store.SetAlias(name, Challenger, version, at);
        return found;
    }

    /// <summary>Makes <paramref name="version"/> the canary, checked as <see cref="Challenge"/> checks a challenger (the
    /// canary answers with the rows parsed for the champion). Only the lifecycle's runs decide who answers requests.</summary>
    internal void SetCanary(string name, int version, DateTimeOffset at)
    {
        Contender(name, version, "canary", "share requests with", "answers");
        _store.SetAlias(name, Canary, version, at);
    }

    /// <summary>A registered version other than the champion whose bundle loads and takes the champion's inputs, to be
    /// its <paramref name="role"/>.</summary>
    private ModelVersion Contender(string name, int version, string role, string verb, string does)
    {
        var found = Find(name, version);
        var champion = _store.Alias(name, Champion)
            ?? throw new FerryException(FerryErrorKind.Refused, $"model '{name}' has no champion to {verb} (train or promote one first)");
        if (champion == version)
        {
            throw new FerryException(FerryErrorKind.Refused, $"v{version} is the champion of '{name}'; a {role} must be another version");
        }

        var inputs = Load(name, version).Manifest.Inputs;
        var championInputs = ReadManifest(name, champion).Inputs;
        if (!inputs.SequenceEqual(championInputs))
        {
            static string Describe(IEnumerable<Data.ColumnInfo> columns) => string.Join(", ", columns.Select(c => $"{c.Name} ({c.Kind.ToString().ToLowerInvariant()})"));
            throw new FerryException(FerryErrorKind.Refused, $"v{version} of '{name}' takes other inputs than the champion v{champion} ({Describe(inputs)} against " +
                $"{Describe(championInputs)}); a {role} {does} the champion's requests, so it needs the same inputs");
        }

        return found;
    }

    /// <summary>The version to shadow <paramref name="champion"/> with: the challenger alias, unless it points at the
    /// champion itself (after a rollback to it).</summary>
    public int? ChallengerOf(string name, int champion) =>
        _store.Alias(name, Challenger) is { } version && version != champion ? version : null;

    /// <summary>Ends the shadow: returns the version that was the challenger.</summary>
    public int StopChallenge(string name) =>
        EndChallenge(name) ?? throw new FerryException(FerryErrorKind.NotFound, $"model '{name}' has no challenger");

    /// <summary>Ends the shadow if there is one: the version that was the challenger, or null.</summary>
    internal int? EndChallenge(string name) => _store.RemoveAlias(name, Challenger);

    /// <summary>The version answering a share of <paramref name="champion"/>'s requests: the canary alias, unless it
    /// points at the champion itself.</summary>
    public int? CanaryOf(string name, int champion) =>
        _store.Alias(name, Canary) is { } version && version != champion ? version : null;

    /// <summary>Sends every request back to the champion: the version that was the canary, or null when there was none.</summary>
    internal int? EndCanary(string name) => _store.RemoveAlias(name, Canary);

    public ModelVersion Find(string name, int version) =>
        _store.Versions(name).FirstOrDefault(v => v.Version == version)
        ?? throw new FerryException(FerryErrorKind.NotFound, $"model '{name}' has no version {version} (versions: {string.Join(", ", _store.Versions(name).Select(v => v.Version))})");

    public ModelBundle Load(string name, string alias)
    {
        var version = _store.Alias(name, alias)
            ?? throw new FerryException(FerryErrorKind.NotFound, $"model '{name}' has no {alias} version in {_storeDirectory} (train one with `ferry train`)");
        return Load(name, version);
    }
}
