using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ferry.Core.Data;
using Ferry.Core.Evaluation;
using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Server;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>`ferry demo [SPEC]`: trains the sample, starts the server on a free port, sends one
/// prediction of the first data row, prints it, sends its true label as feedback, prints the monitoring summary and stops.</summary>
internal sealed class DemoCommand
{
    public const string DefaultSpec = "samples/iris/ferry.yaml";

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public static Command Create(CliContext context)
    {
        var spec = new Argument<string>("spec") { Description = "The problem statement to demonstrate.", DefaultValueFactory = _ => DefaultSpec };
        var command = new Command("demo", "Train the sample, serve it, send a prediction, print it, stop.") { spec };
        command.SetAction((result, cancellationToken) => FerryCli.Guard(context, () => RunAsync(context, result.GetValue(spec)!, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string specPath, CancellationToken cancellationToken)
    {
        var console = context.Console;
        console.Write(new Rule("1. train"));
        var trained = TrainCommand.Run(context, specPath, json: false, cancellationToken);
        if (trained != ExitCodes.Success)
        {
            return trained;
        }

        console.Write(new Rule("2. serve"));
        var adminKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await using var app = FerryServerApp.Build(specPath, "http://127.0.0.1:0", LogLevel.Warning, new Dictionary<string, string> { [nameof(ServeOptions.AdminKey)] = adminKey });
        await app.StartAsync(cancellationToken);
        var address = app.Urls.First();
        console.MarkupLine($"Serving at {Markup.Escape(address)}");

        console.Write(new Rule("3. predict"));
        var spec = SpecLoader.Load(specPath);
        var table = TableLoader.Load(spec.Data, spec.SpecDirectory, LoadOptions.None, cancellationToken);
        var body = FirstRow(spec, table);
        var url = $"{address}/v1/models/{spec.Name}/predict";
        console.MarkupLine($"POST {Markup.Escape(url)}");
        console.WriteLine(body.ToJsonString(s_indented));
        using var client = new HttpClient();
        using var response = await client.PostAsJsonAsync(url, body, cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        var parsed = JsonNode.Parse(answer);
        console.MarkupLine($"{(int)response.StatusCode} {response.StatusCode}");
        console.WriteLine(parsed?.ToJsonString(s_indented) ?? answer);

        console.Write(new Rule("4. feedback and monitoring"));
        if (parsed?["predictions"]?[0]?["id"]?.GetValue<string>() is { } id)
        {
            await MonitorAsync(context, client, address, spec, table, id, adminKey, cancellationToken);
        }

        console.Write(new Rule("5. stop"));
        await app.StopAsync(cancellationToken);
        console.MarkupLine("Server stopped.");
        return response.IsSuccessStatusCode ? ExitCodes.Success : ExitCodes.UserError;
    }

    /// <summary>Sends the first row's true target as feedback for prediction <paramref name="id"/>, has the server judge at once
    /// (the admin verb, with the demo server's own key; a server judges by itself every monitor.every) and prints the report.</summary>
    private static async Task MonitorAsync(
        CliContext context, HttpClient client, string address, ProblemSpec spec, DataTable table, string id, string adminKey, CancellationToken cancellationToken)
    {
        var target = table.IndexOf(spec.Target);
        var actual = table.Columns[target].Kind == ColumnKind.Category ? table.Texts(target)[0] : ReferenceProfiler.Key(table.Numbers(target)[0]);
        var url = $"{address}/v1/models/{spec.Name}/feedback";
        context.Console.MarkupLine($"POST {Markup.Escape(url)} {{\"id\": \"{id}\", \"actual\": \"{Markup.Escape(actual ?? "")}\"}}");
        using var feedback = await client.PostAsJsonAsync(url, new { id, actual }, cancellationToken);
        context.Console.MarkupLine($"{(int)feedback.StatusCode} {Markup.Escape(await feedback.Content.ReadAsStringAsync(cancellationToken))}");
        using var judge = new HttpRequestMessage(HttpMethod.Post, $"{address}/v1/models/{spec.Name}/monitoring/judge") { Headers = { Authorization = new("Bearer", adminKey) } };
        using var judged = await client.SendAsync(judge, cancellationToken);
        var report = JsonNode.Parse(await judged.Content.ReadAsStringAsync(cancellationToken))!;
        var health = report["health"]?[0];
        context.Console.MarkupLine($"POST {Markup.Escape(address)}/v1/models/{spec.Name}/monitoring/judge: {report["drift"]?["windowRows"]} prediction(s) logged, " +
            $"{report["performance"]?["labelled"]} labelled; {Markup.Escape(report["performance"]?["verdict"]?.GetValue<string>() ?? "")}; " +
            $"p50 latency {health?["p50Ms"]} ms. Charts: {Markup.Escape(address)}/dashboard");
    }

    /// <summary>The first row of the spec's data as a request body, without the target.</summary>
    private static JsonObject FirstRow(ProblemSpec spec, DataTable table)
    {
        var manifest = BundleLocator.LoadChampion(spec).Manifest;
        var row = new JsonObject();
        foreach (var input in manifest.Inputs)
        {
            var column = table.IndexOf(input.Name);
            var kind = table.Columns[column].Kind;
            var number = kind == ColumnKind.Category ? 0 : table.Numbers(column)[0];
            row[input.Name] = kind switch
            {
                ColumnKind.Category => table.Texts(column)[0],
                _ when double.IsNaN(number) => null,
                ColumnKind.Number => number,
                ColumnKind.Boolean => number == 1,
                _ => ValueParser.FromDays(number).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        return row;
    }
}
