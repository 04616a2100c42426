using System.Globalization;
using System.Text;
using Ferry.Testing;

namespace Ferry.Server.Tests;

/// <summary>A linear regression named abc, trained on generated rows of a, b, c (0 to 9) and y = a + b + c (a known
/// answer), served on 127.0.0.1.</summary>
public sealed class SumModelServer : IAsyncDisposable
{
    private readonly TestFiles _files;

    private SumModelServer(TestFiles files, RunningServer server)
    {
        _files = files;
        Server = server;
    }

    public RunningServer Server { get; }

    public static async Task<SumModelServer> StartAsync(int seed, int rows, IReadOnlyDictionary<string, string>? settings = null)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("a,b,c,y\n");
        for (var i = 0; i < rows; i++)
        {
            var (a, b, c) = (random.Next(10), random.Next(10), random.Next(10));
            csv.Append(CultureInfo.InvariantCulture, $"{a},{b},{c},{a + b + c}\n");
        }

        var files = new TestFiles();
        files.Write("abc.csv", csv.ToString());
        return new SumModelServer(files, await RunningServer.TrainAndStartAsync(
            files.Write("ferry.yaml", "name: abc\ntype: regression\ndata: { source: abc.csv }\ntarget: y\ntrain: { candidates: [linear] }\n"), settings));
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _files.Dispose();
    }
}
