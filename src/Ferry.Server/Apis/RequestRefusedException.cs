using Ferry.Server.Models;

namespace Ferry.Server.Apis;

/// <summary>A request the server refuses, thrown by the step that finds it (choosing the model, admitting or parsing the
/// body, reading the rows) and answered by <see cref="RefusalFilter"/> as problem+json by its <see cref="Kind"/>
/// (<see cref="ProblemResults.Status"/>); with <see cref="Errors"/>, the fields that are wrong, each under its key (a
/// validation problem).</summary>
internal sealed class RequestRefusedException : Exception
{
    public RequestRefusedException(RequestRefusal kind, string title, string detail)
        : base(detail)
    {
        Kind = kind;
        Title = title;
    }

    private RequestRefusedException(IReadOnlyDictionary<string, string[]> errors)
        : base(string.Join("; ", errors.SelectMany(e => e.Value).Take(10)))
    {
        Kind = RequestRefusal.Invalid;
        Title = "The request has invalid fields.";
        Errors = errors;
    }

    public RequestRefusal Kind { get; }

    public string Title { get; }

    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    /// <summary>The fields of <paramref name="errors"/> are wrong.</summary>
    public static RequestRefusedException Fields(IReadOnlyDictionary<string, string[]> errors) => new(errors);

    /// <summary>The field under <paramref name="key"/> is wrong: <paramref name="message"/>.</summary>
    public static RequestRefusedException Field(string key, string message) => new(new Dictionary<string, string[]> { [key] = [message] });

    /// <summary>A request of <paramref name="rows"/> rows ("12000", or "more than 10000" for a body not read to its end),
    /// more than the <paramref name="limit"/> one request may carry (413).</summary>
    public static RequestRefusedException TooManyRows(string rows, int limit) =>
        new(RequestRefusal.TooLarge, "Too many rows.", $"{rows} rows in one request; the limit is {limit}");

    public static RequestRefusedException UnknownModel(string name, ModelHosts hosts) =>
        new(RequestRefusal.NotFound, "Unknown model.", $"no model named '{JsonRowReader.Shorten(name)}' is served here (serving {hosts.Names})");

    public static RequestRefusedException ModelNotNamed(ModelHosts hosts) =>
        new(RequestRefusal.Invalid, "Which model?", $"this server serves {hosts.Names}: name one with ?model=NAME");
}
