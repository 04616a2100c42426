using System.Net;
using System.Text;
using Ferry.Testing;

namespace Ferry.Cli.Tests;

/// <summary>`ferry serve --cors ORIGIN...`: the origins given are allowed to call the served API from a browser; a value
/// that is not an origin is a one-line error before anything is served.</summary>
public sealed class ServeCorsTests
{
    [Theory]
    [InlineData("app.example.com")]
    [InlineData("https://app.example.com/api")]
    [InlineData("file:///tmp/page.html")]
    public async Task Serve_CorsValueThatIsNotAnOrigin_ExitsOneNamingIt(string origin)
    {
        using var files = new TestFiles();
        var result = await CliRunner.RunAsync("serve", files.Path("ferry.yaml"), "--urls", "http://127.0.0.1:0", "--cors", "https://app.example.com", origin);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: CORS origin '{origin}' is not an origin: expected an absolute http or https URL without a path, such as https://app.example.com "
            + "or http://localhost:3000 (or '*' for any origin)", result.Error.Trim());
    }

    [Fact]
    public async Task Serve_AnyOriginWithAnother_ExitsOneSayingToGiveItAlone()
    {
        using var files = new TestFiles();
        var result = await CliRunner.RunAsync("serve", files.Path("ferry.yaml"), "--cors", "*", "https://app.example.com");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("CORS origin '*' already allows every origin: give it alone", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_CorsOptionBesideTheCorsSetting_ExitsOneSayingToGiveThemOneWay()
    {
        using var files = new TestFiles();
        var result = await CliRunner.RunAsync(new Dictionary<string, string> { ["Ferry__Cors__0"] = "https://a.example" },
            "serve", files.Path("ferry.yaml"), "--cors", "https://b.example");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--cors and the server setting Ferry__Cors__0 both give CORS origins", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_CorsOrigins_AreAllowedAndNoOtherIs()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        using var server = await ServeProcess.StartAsync(spec, "--cors", "https://app.example.com", "http://localhost:3000");

        var allowed = await AllowedOriginAsync(server.Client, "http://localhost:3000");
        var other = await AllowedOriginAsync(server.Client, "https://evil.example.net");

        Assert.Equal("http://localhost:3000", allowed);
        Assert.Null(other);
    }

    /// <summary>The server setting (ASP.NET configuration from the environment, <c>Ferry__Cors__N</c>) without --cors:
    /// a preflight and a prediction from that origin are allowed, from another origin neither is.</summary>
    [Fact]
    public async Task Serve_CorsSettingInTheEnvironment_AllowsThatOriginAndNoOther()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        using var server = await ServeProcess.StartAsync(spec, new Dictionary<string, string> { ["Ferry__Cors__0"] = "https://a.example" });

        var preflight = await AllowedOriginAsync(server.Client, "https://a.example");
        var otherPreflight = await AllowedOriginAsync(server.Client, "https://b.example");
        using var predict = await PredictFromAsync(server.Client, "https://a.example");
        using var otherPredict = await PredictFromAsync(server.Client, "https://b.example");

        Assert.Equal("https://a.example", preflight);
        Assert.Null(otherPreflight);
        Assert.Equal(HttpStatusCode.OK, predict.StatusCode);
        Assert.Equal("https://a.example", AllowedOrigin(predict));
        Assert.Equal(HttpStatusCode.OK, otherPredict.StatusCode);
        Assert.Null(AllowedOrigin(otherPredict));
    }

    private static async Task<string?> AllowedOriginAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/models/iris/predict");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        using var response = await client.SendAsync(request);
        return AllowedOrigin(response);
    }

    private static async Task<HttpResponseMessage> PredictFromAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/iris/predict")
        {
            Content = new StringContent("""{"sepal length (cm)": 5.1, "sepal width (cm)": 3.5, "petal length (cm)": 1.4, "petal width (cm)": 0.2}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", origin);
        return await client.SendAsync(request);
    }

    private static string? AllowedOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? string.Join(",", values) : null;
}
