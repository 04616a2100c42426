using Microsoft.AspNetCore.OpenApi;

namespace Ferry.Server.Apis.OpenApi;

/// <summary>`GET /openapi/v1.json`: the generated document with what generation cannot see (<see cref="RouteDocumentation"/>,
/// <see cref="DocumentDescription"/>, <see cref="WireSchemas"/>).</summary>
internal static class FerryOpenApi
{
    public static IServiceCollection AddFerryOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        // An anonymous answer (the probes') is described where it is used, not as a component named AnonymousTypeOf...
        options.CreateSchemaReferenceId = type => type.Type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false)
            ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        options.AddSchemaTransformer<WireSchemas>();
        options.AddOperationTransformer<RouteDocumentation>();
        options.AddDocumentTransformer<DocumentDescription>();
    });
}
