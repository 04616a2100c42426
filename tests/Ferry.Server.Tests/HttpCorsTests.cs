using System.Net;
using System.Text;

namespace Ferry.Server.Tests;

/// <summary>CORS over real HTTP: only the origins the server was given get Access-Control-* headers (a preflight answered
/// 204 with the methods and headers the API takes); without any, no answer carries one.</summary>
public sealed class HttpCorsTests(TrainedIrisFixture iris) : IClassFixture<TrainedIrisFixture>
{
    private const string Row = """{"sepal length (cm)": 5.1, "sepal width (cm)": 3.5, "petal length (cm)": 1.4, "petal width (cm)": 0.2}""";
    private const string App = "https://app.example.com";

    private Task<RunningServer> StartAsync(params string[] origins) =>
        iris.StartAsync(origins.Select((origin, index) => (origin, index)).ToDictionary(pair => $"Cors:{pair.index}", pair => pair.origin));

    private static async Task<HttpResponseMessage> PredictFromAsync(RunningServer server, string origin, string body = Row)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/iris/predict") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", origin);
        return await server.Client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PreflightAsync(RunningServer server, string path, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");
        return await server.Client.SendAsync(request);
    }

    private static string[] CorsHeaders(HttpResponseMessage response) =>
        [.. response.Headers.Concat(response.Content.Headers).Select(header => header.Key).Where(name => name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase))];

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    [Fact]
    public async Task Predict_FromAConfiguredOrigin_AnswerAllowsThatOrigin()
    {
        await using var server = await StartAsync(App, "http://localhost:3000");
        using var response = await PredictFromAsync(server, App);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(response, "Access-Control-Allow-Credentials"));
        Assert.Contains("Origin", Header(response, "Vary"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_FromAnotherOrigin_AnswerHasNoCorsHeaders()
    {
        await using var server = await StartAsync(App);
        using var response = await PredictFromAsync(server, "https://evil.example.net");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(CorsHeaders(response));
    }

    [Fact]
    public async Task Predict_WithoutCorsConfigured_AnswerHasNoCorsHeaders()
    {
        await using var server = await StartAsync();
        using var response = await PredictFromAsync(server, App);
        using var preflight = await PreflightAsync(server, "/v1/models/iris/predict", App);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(CorsHeaders(response));
        Assert.Empty(CorsHeaders(preflight));
    }

    [Fact]
    public async Task Preflight_FromAConfiguredOrigin_Is204WithTheMethodsAndHeaders()
    {
        await using var server = await StartAsync(App);
        using var response = await PreflightAsync(server, "/v1/models/iris/predict", App);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("content-type", Header(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("authorization", Header(response, "Access-Control-Allow-Headers"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Preflight_ForAnAdminVerbWithoutItsKey_Is204NotUnauthorized()
    {
        await using var server = await StartAsync(App);
        using var response = await PreflightAsync(server, "/v1/models/iris/promote", App);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_FromAnotherOrigin_HasNoCorsHeaders()
    {
        await using var server = await StartAsync(App);
        using var response = await PreflightAsync(server, "/v1/models/iris/predict", "https://evil.example.net");

        Assert.Empty(CorsHeaders(response));
    }

    [Fact]
    public async Task Predict_ProblemForAConfiguredOrigin_CarriesTheCorsHeaders()
    {
        await using var server = await StartAsync(App);
        using var response = await PredictFromAsync(server, App, "{");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Predict_AnyOriginConfigured_AllowsEveryOriginWithoutCredentials()
    {
        await using var server = await StartAsync("*");
        using var response = await PredictFromAsync(server, "https://anywhere.example.org");

        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("", Header(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Predict_OriginConfiguredWithCaseDefaultPortAndSlash_MatchesWhatTheBrowserSends()
    {
        await using var server = await StartAsync("HTTPS://App.Example.com:443/");
        using var response = await PredictFromAsync(server, App);

        Assert.Equal(App, Header(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("app.example.com")]
    [InlineData("ftp://app.example.com")]
    [InlineData("https://app.example.com/path")]
    [InlineData("https://app.example.com?x=1")]
    [InlineData("https://user@app.example.com")]
    public async Task Start_OriginThatIsNotOne_FailsNamingIt(string origin)
    {
        var error = await Assert.ThrowsAsync<Core.FerryException>(() => StartAsync(origin));

        Assert.Contains($"CORS origin '{origin}' is not an origin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AnyOriginWithOthers_FailsSayingItIsGivenAlone()
    {
        var error = await Assert.ThrowsAsync<Core.FerryException>(() => StartAsync("*", App));

        Assert.Contains("give it alone", error.Message, StringComparison.Ordinal);
    }
}
