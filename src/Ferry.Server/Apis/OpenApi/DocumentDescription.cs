using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ferry.Server.Apis.OpenApi;

/// <summary>The document's own parts: what Ferry is, the hand-written schemas the routes refer to (<see cref="RequestSchemas"/>,
/// <see cref="ErrorSchemas"/>; the generated validation problem is replaced by <see cref="ErrorSchemas.Problem"/>) and the bearer security scheme of the admin and feedback routes.</summary>
internal sealed class DocumentDescription : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> s_tags = new(StringComparer.Ordinal)
    {
        ["Health"] = "Liveness, readiness and the state of each part of the server.",
        ["Predict"] = "Ferry's own prediction route: rows in, labels, probabilities or values, explanations and ids out.",
        ["MLflow"] = "MLflow's scoring protocol, for MLflow's clients.",
        ["Open Inference"] = "The Open Inference (KServe V2) protocol, for KServe's and Triton's clients.",
        ["Models"] = "What is served and the registry's versions.",
        ["Admin"] = "Verbs that change what is served, behind the admin key.",
        ["Feedback"] = "Ground truth for served predictions.",
        ["Monitoring"] = "Drift, performance, staleness, health and alerts.",
        ["Runs"] = "The runs of the retraining loop.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Ferry";
        document.Info.Description = "Predictions, feedback, monitoring and admin verbs of a Ferry model server, with MLflow's scoring protocol "
            + "(/invocations) and the Open Inference (KServe V2) protocol (/v2). Errors are application/problem+json, except MLflow's "
            + "and the Open Inference protocol's own error shapes on their routes.";
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            tag.Description ??= s_tags.GetValueOrDefault(tag.Name ?? "", $"The {tag.Name} routes.");
        }

        foreach (var server in document.Servers ?? Enumerable.Empty<OpenApiServer>())
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.Remove(RouteDocumentation.ValidationProblem);
        foreach (var (name, schema) in RequestSchemas.Components().Concat(ErrorSchemas.Components()))
        {
            document.Components.Schemas[name] = schema;
        }

        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[RouteDocumentation.Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The admin key (FERRY_ADMIN_KEY) for the admin verbs; the feedback key (FERRY_FEEDBACK_KEY) or the admin key for feedback.",
        };
        return Task.CompletedTask;
    }
}
