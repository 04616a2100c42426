using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ferry.Server.Apis.OpenApi;

/// <summary>Documents what each operation reads and every error it can answer, from its route: the request body of the
/// routes that read theirs themselves (predict, feedback, /invocations, Open Inference infer, the admin verbs' bodies),
/// each error status the route's steps give (<see cref="ProblemResults"/>, <see cref="RequestRefusal"/>, the bearer keys,
/// the store) in the route's error shape (<see cref="ErrorSchemas.For"/>), and the bearer key of the keyed routes.</summary>
internal sealed class RouteDocumentation : IOpenApiOperationTransformer
{
    public const string Bearer = "bearer";

    /// <summary>The component the generator makes for <c>ProducesValidationProblem</c>: every error is documented here instead.</summary>
    public const string ValidationProblem = "HttpValidationProblemDetails";

    private static readonly Dictionary<int, string> s_errors = new()
    {
        [StatusCodes.Status400BadRequest] = "The request is invalid: the answer names each bad field, row and column, and what was expected.",
        [StatusCodes.Status401Unauthorized] = "The request carries no valid key in `Authorization: Bearer`.",
        [StatusCodes.Status404NotFound] = "Not found: no model of that name is served here, or no such version (feedback: no logged prediction has the ids, listed in `unknownIds`).",
        [StatusCodes.Status409Conflict] = "A label is final: an id is already labelled otherwise (each listed in `conflicts`); nothing was written (the admin key replaces labels).",
        [StatusCodes.Status413PayloadTooLarge] = "The body, or its number of rows, is past the server's limit.",
        [StatusCodes.Status415UnsupportedMediaType] = "The body is not of a content type, charset or encoding the route reads.",
        [StatusCodes.Status422UnprocessableEntity] = "The change was understood and refused (the promotion rule, a challenger that is the champion, nothing to roll back to).",
        [StatusCodes.Status503ServiceUnavailable] = "Not now: past capacity, the store unavailable, or no monitoring judgement yet; retry after Retry-After when given.",
    };

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var path = "/" + description.RelativePath?.TrimEnd('/');
        var method = description.HttpMethod ?? "GET";
        var key = description.ActionDescriptor.EndpointMetadata.OfType<BearerKeyRequirement>().FirstOrDefault();
        operation.Summary = OperationSummaries.Summary(method, path, operation.Summary);
        operation.OperationId ??= OperationSummaries.Id(method, path);
        if (await BodyAsync(method, path, context, cancellationToken) is { } body)
        {
            operation.RequestBody = body;
        }

        operation.Responses ??= [];
        var (error, mediaType) = ErrorSchemas.For(path);
        foreach (var generated in operation.Responses.Where(r => r.Value.Content?.Values.Any(c => c.Schema is OpenApiSchemaReference { Reference.Id: ValidationProblem }) == true).ToArray())
        {
            operation.Responses.Remove(generated.Key);
        }

        foreach (var status in Errors(method, path, key))
        {
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = s_errors[status],
                Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = new OpenApiSchemaReference(error, context.Document) } },
                Headers = status == StatusCodes.Status503ServiceUnavailable
                    ? new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait before retrying.", Schema = Schemas.Integer() } }
                    : null,
            };
        }

        if (path == "/dashboard")
        {
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "The dashboard of the model, or links to each model's when several are served and none is named.",
                Content = new Dictionary<string, OpenApiMediaType> { ["text/html"] = new() { Schema = Schemas.String() } },
            };
        }

        if (IsPrediction(method, path) && path.StartsWith("/v2/", StringComparison.Ordinal))
        {
            Binary(operation);
        }

        if (path is "/ping" or "/version" && operation.Responses.TryGetValue("200", out var mlflow) && mlflow is OpenApiResponse text)
        {
            text.Description = "As MLflow's scoring server answers: plain text labelled application/json (a newline for /ping, the version for /version).";
        }

        if (key is null)
        {
            operation.Security = [];
        }
        else
        {
            var bearer = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] };
            operation.Security = key.OrFeedbackKey ? [bearer, new OpenApiSecurityRequirement()] : [bearer];
            operation.Description = key.OrFeedbackKey
                ? "Needs `Authorization: Bearer <key>` only when the server has a feedback key (FERRY_FEEDBACK_KEY): then the feedback key or the admin key. Without one, feedback is open."
                : "Needs `Authorization: Bearer <FERRY_ADMIN_KEY>`; a server started without an admin key answers 401.";
        }
    }

    /// <summary>Triton's binary tensor data extension on an Open Inference infer route: the header giving the JSON's
    /// length, the body of JSON then tensor bytes, and the answer of that form when an output is asked as binary data.</summary>
    private static void Binary(OpenApiOperation operation)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = OpenInferenceBinary.Header,
            In = ParameterLocation.Header,
            Description = "With Triton's binary tensor data extension: the bytes of JSON at the start of the body; the tensors' bytes follow.",
            Schema = Schemas.Integer(),
        });
        var binary = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The JSON request or answer, then each binary tensor's bytes in order." } };
        operation.RequestBody?.Content?.TryAdd(OpenInferenceBinary.ContentType, binary);
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse answer)
        {
            answer.Content?.TryAdd(OpenInferenceBinary.ContentType, binary);
            answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
            answer.Headers[OpenInferenceBinary.Header] = new OpenApiHeader { Description = "When an output is answered as binary data: the bytes of JSON at the start of the body.", Schema = Schemas.Integer() };
        }
    }

    /// <summary>The statuses other than 200 the route answers, by what its steps do.</summary>
    private static SortedSet<int> Errors(string method, string path, BearerKeyRequirement? key)
    {
        var errors = new SortedSet<int>();
        if (path.Contains("{name}", StringComparison.Ordinal) || path is "/invocations" or "/dashboard")
        {
            errors.Add(StatusCodes.Status404NotFound);
        }

        if (ReadsBody(method, path))
        {
            errors.UnionWith([StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType]);
        }

        if (key is not null)
        {
            errors.Add(StatusCodes.Status401Unauthorized);
        }

        if (IsPrediction(method, path) || key is not null || path.EndsWith("/monitoring", StringComparison.Ordinal) || path == "/dashboard")
        {
            errors.Add(StatusCodes.Status503ServiceUnavailable);
        }

        if (path == "/invocations" || path.EndsWith("/runs", StringComparison.Ordinal))
        {
            errors.Add(StatusCodes.Status400BadRequest);
        }

        if (path.EndsWith("/feedback", StringComparison.Ordinal))
        {
            errors.Add(StatusCodes.Status409Conflict);
        }

        if (key is { OrFeedbackKey: false } && !path.EndsWith("/judge", StringComparison.Ordinal))
        {
            errors.Add(StatusCodes.Status422UnprocessableEntity);
        }

        return errors;
    }

    private static bool IsPrediction(string method, string path) => method == "POST"
        && (path == "/invocations" || path.EndsWith("/predict", StringComparison.Ordinal) || (path.StartsWith("/v2/", StringComparison.Ordinal) && path.EndsWith("/infer", StringComparison.Ordinal)));

    private static bool ReadsBody(string method, string path) => IsPrediction(method, path)
        || (method == "POST" && (path.EndsWith("/feedback", StringComparison.Ordinal) || path.EndsWith("/promote", StringComparison.Ordinal) || path.EndsWith("/challenge", StringComparison.Ordinal)));

    private static async Task<OpenApiRequestBody?> BodyAsync(string method, string path, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!ReadsBody(method, path))
        {
            return null;
        }

        IOpenApiSchema schema = path switch
        {
            "/invocations" => new OpenApiSchemaReference(RequestSchemas.MlflowRequest, context.Document),
            _ when path.EndsWith("/predict", StringComparison.Ordinal) => new OpenApiSchemaReference(RequestSchemas.PredictRequest, context.Document),
            _ when path.EndsWith("/infer", StringComparison.Ordinal) => new OpenApiSchemaReference(RequestSchemas.InferRequest, context.Document),
            _ when path.EndsWith("/feedback", StringComparison.Ordinal) => new OpenApiSchemaReference(RequestSchemas.FeedbackRequest, context.Document),
            _ when path.EndsWith("/promote", StringComparison.Ordinal) => await context.GetOrCreateSchemaAsync(typeof(PromoteRequest), null, cancellationToken),
            _ => await context.GetOrCreateSchemaAsync(typeof(ChallengeRequest), null, cancellationToken),
        };
        var content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } };
        if (path == "/invocations")
        {
            var csv = new OpenApiMediaType { Schema = Schemas.String("A CSV table with a header row of the model's input columns (pandas' read_csv).") };
            content["text/csv"] = csv;
            content["application/csv"] = csv;
        }

        return new OpenApiRequestBody { Required = true, Content = content };
    }
}
