using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Ferry.Server.Tests;

/// <summary>Compression over real HTTP: answers are compressed for a client that accepts gzip or br, and request bodies
/// sent with Content-Encoding gzip, br or deflate are read, held to the body limit once decoded.</summary>
public sealed class HttpCompressionTests(IrisServerFixture server) : IClassFixture<IrisServerFixture>
{
    private const string Row = """{"sepal length (cm)": 5.1, "sepal width (cm)": 3.5, "petal length (cm)": 1.4, "petal width (cm)": 0.2}""";
    private const long DefaultBodyLimit = 8 * 1024 * 1024;

    private static string Rows(int count) => $"{{\"rows\": [{string.Join(", ", Enumerable.Repeat(Row, count))}]}}";

    private static byte[] Compress(string encoding, byte[] body, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var compressed = new MemoryStream();
        using (Stream encoder = encoding switch
        {
            "gzip" => new GZipStream(compressed, level, leaveOpen: true),
            "br" => new BrotliStream(compressed, level, leaveOpen: true),
            _ => new ZLibStream(compressed, level, leaveOpen: true),
        })
        {
            encoder.Write(body);
        }

        return compressed.ToArray();
    }

    private static Stream Decompress(string encoding, Stream body) => encoding == "gzip"
        ? new GZipStream(body, CompressionMode.Decompress)
        : new BrotliStream(body, CompressionMode.Decompress);

    private static ByteArrayContent Encoded(string encoding, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        content.Headers.ContentEncoding.Add(encoding);
        return content;
    }

    private async Task<HttpResponseMessage> PostAcceptingAsync(string encoding, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/iris/predict") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        return await server.Client.SendAsync(request);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Predict_ClientAcceptingTheEncoding_AnswerIsCompressedWithIt(string encoding)
    {
        using var response = await PostAcceptingAsync(encoding, Rows(200));
        var compressedLength = (await response.Content.ReadAsByteArrayAsync()).Length;
        using var answer = await JsonDocument.ParseAsync(Decompress(encoding, await response.Content.ReadAsStreamAsync()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
        Assert.Equal(200, answer.RootElement.GetProperty("predictions").GetArrayLength());
        Assert.True(compressedLength < answer.RootElement.GetRawText().Length / 4, $"{compressedLength} bytes compressed");
    }

    [Fact]
    public async Task Predict_ClientAcceptingNoEncoding_AnswerIsUncompressed()
    {
        using var response = await server.Client.PostAsync("/v1/models/iris/predict", new StringContent(Rows(200), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(200, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions").GetArrayLength());
    }

    [Fact]
    public async Task Predict_ProblemForAClientAcceptingGzip_IsCompressedProblemJson()
    {
        using var response = await PostAcceptingAsync("gzip", """{"sepal length (cm)": 5.1}""");
        using var problem = await JsonDocument.ParseAsync(Decompress("gzip", await response.Content.ReadAsStreamAsync()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task Predict_BodyWithContentEncoding_IsDecodedAndPredicted(string encoding)
    {
        using var response = await server.Client.PostAsync("/v1/models/iris/predict", Encoded(encoding, Compress(encoding, Encoding.UTF8.GetBytes(Rows(3)))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions");
        Assert.Equal(3, predictions.GetArrayLength());
        Assert.All(predictions.EnumerateArray(), prediction => Assert.Equal("setosa", prediction.GetProperty("label").GetString()));
    }

    [Fact]
    public async Task Predict_GzipBombInflatingToAGigabyte_Is413AtTheBodyLimit()
    {
        // Concatenated gzip members decode as one body: a JSON start, then a thousand megabytes of spaces (valid JSON
        // whitespace, so only the size stops the reader), in about a megabyte: well within the body limit on the wire.
        var megabyteOfSpaces = Compress("gzip", Encoding.ASCII.GetBytes(new string(' ', 1024 * 1024)), CompressionLevel.SmallestSize);
        using var bomb = new MemoryStream();
        bomb.Write(Compress("gzip", """{"rows": ["""u8.ToArray()));
        for (var i = 0; i < 1024; i++)
        {
            bomb.Write(megabyteOfSpaces);
        }

        using var response = await server.Client.PostAsync("/v1/models/iris/predict", Encoded("gzip", bomb.ToArray()));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var after = await server.Client.PostAsync("/v1/models/iris/predict", new StringContent(Row, Encoding.UTF8, "application/json"));

        Assert.True(bomb.Length < DefaultBodyLimit, $"the bomb is {bomb.Length} bytes on the wire");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"limit of {DefaultBodyLimit} bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task Predict_BodyThatDoesNotDecode_Is400(string encoding)
    {
        using var response = await server.Client.PostAsync("/v1/models/iris/predict", Encoded(encoding, Encoding.UTF8.GetBytes(Rows(3))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"not valid {encoding}", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
