using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Server.Monitoring;
using Ferry.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ferry.Server.Tests.Monitoring;

/// <summary>Feedback may steer retraining only when it is authenticated or only this machine can send it.</summary>
public sealed class FeedbackTrustTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://[::1]:5000")]
    [InlineData("http://localhost:5000")]
    public void Untrusted_LoopbackOnly_IsNull(string address) => Assert.Null(FeedbackTrust.Untrusted(null, [address, "http://127.0.0.1:5001"]));

    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://[::]:5000")]
    [InlineData("http://+:5000")]
    [InlineData("http://*:5000")]
    [InlineData("http://10.1.2.3:5000")]
    public void Untrusted_AnAddressBeyondLoopbackWithoutAKey_NamesItAndTheKey(string address)
    {
        var reason = FeedbackTrust.Untrusted(null, ["http://127.0.0.1:5001", address]);

        Assert.NotNull(reason);
        Assert.Contains(address, reason, StringComparison.Ordinal);
        Assert.Contains("FERRY_FEEDBACK_KEY", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1:5001", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Untrusted_WithAFeedbackKey_IsNullWhereverItListens() => Assert.Null(FeedbackTrust.Untrusted("key", ["http://0.0.0.0:5000"]));

    [Theory]
    [InlineData("http://0.0.0.0:0", null, "retrain: { on: [accuracy_below] }", true)]
    [InlineData("http://127.0.0.1:0", null, "retrain: { on: [accuracy_below] }", false)]
    [InlineData("http://0.0.0.0:0", "feedback-key", "retrain: { on: [accuracy_below] }", false)]
    [InlineData("http://0.0.0.0:0", null, "", false)]
    public async Task Serve_RetrainByItself_SaysAtStartWhenUnauthenticatedFeedbackTurnsItOff(string urls, string? key, string retrain, bool warned)
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }\n" + retrain);
        new TrainingPipeline(TimeProvider.System).Run(SpecLoader.Load(spec), null, CancellationToken.None);
        var log = new LogCapture();
        var settings = key is null ? null : new Dictionary<string, string> { ["FeedbackKey"] = key };

        await using (var app = FerryServerApp.Build(spec, urls, LogLevel.Warning, settings, services => services.AddSingleton<ILoggerProvider>(log)))
        {
            await app.StartAsync();
            await app.StopAsync();
        }

        var warnings = log.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.StartsWith("iris: runs that start by themselves (retrain.on, retrain.every) are off", StringComparison.Ordinal)).ToArray();
        Assert.Equal(warned ? 1 : 0, warnings.Length);
        if (warned)
        {
            Assert.Contains("set FERRY_FEEDBACK_KEY", warnings[0].Message, StringComparison.Ordinal);
        }
    }
}
