using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Core.Monitoring;
using Ferry.Core.Storage;
using Ferry.Server.Apis;
using Ferry.Server.Apis.OpenApi;
using Ferry.Server.Models;
using Ferry.Server.Monitoring;
using Ferry.Server.Telemetry;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Ferry.Server;

/// <summary>Builds the prediction service: options, the model host, JSON settings, problem details, endpoints.</summary>
public static class FerryServerApp
{
    /// <summary>Builds the server for <paramref name="specPath"/>'s champion (or every champion of a store) on
    /// <paramref name="urls"/>, loading the models before it listens so a bad spec or a missing model fails at once.</summary>
    /// <param name="specPath">The spec whose champion is served, or a store (directory or postgres:// URL).</param>
    /// <param name="urls">Where to listen.</param>
    /// <param name="logLevel">The least level logged.</param>
    /// <param name="settings">More <see cref="ServeOptions"/> settings, by property name.</param>
    /// <param name="services">More services, registered last (tests replace one with a faulty one).</param>
    public static WebApplication Build(string specPath, string urls, LogLevel logLevel, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"{ServeOptions.Section}:{nameof(ServeOptions.Spec)}"] = Core.Spec.PostgresUrl.Matches(specPath) ? specPath : Path.GetFullPath(specPath),
            }.Concat((settings ?? new Dictionary<string, string>()).Select(pair => KeyValuePair.Create($"{ServeOptions.Section}:{pair.Key}", (string?)pair.Value))));
            builder.WebHost.UseUrls(urls);
            // A failure to start (a port in use) reaches the caller, which reports it in one line: the host does not log it
            // with its stack trace as well. A background service that stops the host is still logged (critical).
            builder.Logging.SetMinimumLevel(logLevel).AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
                .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        }, services);
        app.Services.GetRequiredService<ModelHosts>();
        return app;
    }

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddOptions<ServeOptions>().Bind(builder.Configuration.GetSection(ServeOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ShutdownDrain>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ShutdownDrain>());
        // The drain comes out of the host's shutdown timeout: the timeout is the drain plus the default 30 s for what is
        // in flight and the queues.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<ServeOptions>>((host, serve) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(30 + serve.Value.DrainSeconds));
        builder.Services.AddSingleton<ServerMetrics>();
        builder.Services.AddSingleton<PredictionMeter>();
        builder.Services.AddFerryTelemetry(builder.Configuration);
        builder.Services.AddSingleton<ModelHosts>();
        builder.Services.AddFerryOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<ChampionWatcher>();
        builder.Services.AddSingleton(services => services.GetRequiredService<ModelHosts>().First.Model.OpenMonitoring());
        builder.Services.AddSingleton<IRunStore>(services => services.GetRequiredService<MonitoringStore>());
        builder.Services.AddSingleton<IMonitoringStore>(services => services.GetRequiredService<MonitoringStore>());
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<ServeOptions>>().Value;
            var log = new PredictionLog(services.GetRequiredService<IMonitoringStore>(), services.GetRequiredService<ILogger<PredictionLog>>(),
                services.GetRequiredService<ModelHosts>().All.Max(host => host.Model.Monitor.Keep),
                new PredictionLogLimits(Bytes: options.LogQueueBytes, CellChars: options.LogCellChars), services.GetRequiredService<TimeProvider>());
            services.GetRequiredService<ServerMetrics>().Watch(log);
            return log;
        });
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<RowAdmission>();
        builder.Services.AddSingleton<ShadowScorer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ShadowScorer>());
        builder.Services.AddSingleton<PredictionRecorder>();
        builder.Services.AddHttpClient();
        builder.Services.AddWebhooks();
        builder.Services.AddSingleton<AutopilotService>();
        builder.Services.AddSingleton<MonitorService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MonitorService>());
        builder.Services.AddHostedService<FeedbackTrust>();
        builder.Services.PostConfigure<ServeOptions>(options =>
        {
            options.AdminKey ??= Environment.GetEnvironmentVariable("FERRY_ADMIN_KEY");
            options.FeedbackKey ??= Environment.GetEnvironmentVariable("FERRY_FEEDBACK_KEY");
        });
        // MLflow's and the Open Inference protocol's error shapes on their routes, asked before the default problem+json writer.
        builder.Services.AddProtocolErrors();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            options.SerializerOptions.Converters.Add(new NonFiniteWrittenAsNull());
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        });

        builder.Services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ["application/json", "application/problem+json", "text/csv", "text/html", "text/plain"];
        });

        // The fastest level: an answer is compressed on the prediction's own latency.
        builder.Services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Fastest);
        builder.Services.AddDecodedBodies();
        var cors = CorsOrigins.Policy(builder.Configuration.GetSection($"{ServeOptions.Section}:{nameof(ServeOptions.Cors)}").Get<List<string>>() ?? []);
        builder.Services.AddCors(options =>
        {
            if (cors is not null)
            {
                options.AddDefaultPolicy(cors);
            }
        });

        services?.Invoke(builder.Services);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.Limits.MaxRequestBodySize = context.Configuration.GetSection(ServeOptions.Section).Get<ServeOptions>()?.MaxBodyBytes ?? new ServeOptions().MaxBodyBytes);
        var app = builder.Build();
        var metrics = app.Services.GetRequiredService<ServerMetrics>();

        app.UseShutdownDrain();

        // Outside the exception handler, so the HTTP metrics and the log of failed predictions count the status the client
        // received, a 500 included.
        app.UseHttpMetrics(options => options.SetMetricFactory(Metrics.WithCustomRegistry(metrics.Registry)));
        app.UseFailedPredictionLog();

        // Outside the exception handler too, so problems are compressed and carry the CORS headers a browser needs to read
        // them; a preflight is answered here, before the bearer keys (a browser sends it without Authorization).
        app.UseResponseCompression();
        app.UseCors();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseBearerKeys();
        app.UseDecodedBodies();
        app.MapMetrics(registry: metrics.Registry);
        app.MapOpenApi();

        // Every endpoint answers a request refused by one of its steps (RequestRefusedException) by the refusal's kind.
        var api = app.MapGroup("").AnswersRefusals();
        api.MapHealthApi();
        api.MapPredictApi();
        api.MapMlflowApi();
        api.MapOpenInferenceApi();
        api.MapModelsApi();
        api.MapAdminApi();
        api.MapPageApi();
        api.MapFeedbackApi();
        api.MapMonitoringApi();
        api.MapRunsApi();
        return app;
    }
}
