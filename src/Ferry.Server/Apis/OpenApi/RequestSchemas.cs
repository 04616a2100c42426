using Microsoft.OpenApi;

namespace Ferry.Server.Apis.OpenApi;

/// <summary>The request bodies that Ferry reads itself (rows whose columns are the model's, known only at run time).</summary>
internal static class RequestSchemas
{
    public const string PredictRequest = "PredictRequest";
    public const string FeedbackRequest = "FeedbackRequest";
    public const string MlflowRequest = "MlflowRequest";
    public const string InferRequest = "InferRequest";

    public static IEnumerable<(string Name, OpenApiSchema Schema)> Components()
    {
        var row = Schemas.Row("One row: each of the model's input columns (GET /v1/models/{name} lists them) with its value; null is a missing value.");
        yield return (PredictRequest, Schemas.AnyOf("One row object, or several under `rows`.",
            row,
            Schemas.Object("Several rows, answered in order.", ["rows"], ("rows", Schemas.Array(row)))));

        var item = Schemas.Object("The true label (classification) or value (regression) of one prediction.", ["id", "actual"],
            ("id", Schemas.String("The id the prediction answered with.")),
            ("actual", new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Number | JsonSchemaType.Boolean }));
        yield return (FeedbackRequest, Schemas.AnyOf("One item, or several under `items`.",
            item,
            Schemas.Object("Several items, written together or not at all.", ["items"], ("items", Schemas.Array(item)))));

        yield return (MlflowRequest, Mlflow(row));
        yield return (InferRequest, Infer());
    }

    /// <summary>MLflow's scoring formats (mlflow/pyfunc/scoring_server): exactly one of them in a body, with optional params.</summary>
    private static OpenApiSchema Mlflow(OpenApiSchema row)
    {
        var positional = Schemas.Array(Schemas.Cell(), "A row's values in the model's input order.");
        var rows = Schemas.AnyOf(null, Schemas.Array(row), Schemas.Array(positional));
        var columns = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = Schemas.Array(Schemas.Cell()), Description = "Columns: each input's values, all of one length." };
        var parameters = Schemas.AnyObject("MLflow's inference params.");
        OpenApiSchema Format(string name, IOpenApiSchema body, string description) =>
            Schemas.Object(description, [name], (name, body), ("params", parameters));
        return Schemas.OneOf("Exactly one of MLflow's input formats.",
            Format("dataframe_split", Schemas.Object(null, ["columns", "data"],
                ("columns", Schemas.Array(Schemas.String())), ("data", Schemas.Array(positional)), ("index", Schemas.Array(Schemas.Cell()))),
                "pandas' split orientation: column names and rows of values."),
            Format("dataframe_records", Schemas.Array(row), "pandas' records orientation: row objects."),
            Format("instances", rows, "Row objects, or rows as arrays in the model's input order."),
            Format("inputs", Schemas.AnyOf(null, Schemas.Array(row), Schemas.Array(positional), columns), "Rows as for instances, or columns."));
    }

    /// <summary>The Open Inference protocol's inference request (kserve/open-inference-protocol: inference_rest.md).</summary>
    private static OpenApiSchema Infer()
    {
        var parameters = Schemas.AnyObject("Protocol parameters.");
        var tensor = Schemas.Object("One input tensor: one per model input (shape [n]), or one of shape [n, inputs] in the model's input order. "
            + "Its values are in `data`, or with Triton's binary tensor extension in the body after the JSON (`parameters.binary_data_size` bytes).",
            ["name", "shape", "datatype"],
            ("name", Schemas.String()),
            ("shape", Schemas.Array(Schemas.Integer())),
            ("datatype", Schemas.Enum([.. OpenInferenceTensors.Datatypes.Keys])),
            ("data", Schemas.Array(new OpenApiSchema(), "The values, flat in row-major order or nested as the shape.")),
            ("parameters", Schemas.Object("The tensor's parameters: only `binary_data_size` is read.", [],
                ("binary_data_size", Schemas.Integer("The bytes of this tensor's binary data after the JSON.")))));
        var output = Schemas.Object("An output to answer with.", ["name"], ("name", Schemas.String("label or probabilities (classification), value (regression).")),
            ("parameters", Schemas.Object("The output's parameters: only `binary_data` (answer it as binary data) is read.", [], ("binary_data", Schemas.Boolean()))));
        return Schemas.Object("An inference request.", ["inputs"],
            ("id", Schemas.String("Echoed in the answer.")),
            ("parameters", Schemas.Object("The request's parameters: only `binary_data_output` (answer every output as binary data) is read.", [],
                ("binary_data_output", Schemas.Boolean()))),
            ("inputs", Schemas.Array(tensor)),
            ("outputs", Schemas.Array(output, "The outputs to answer with (all when absent).")));
    }
}
