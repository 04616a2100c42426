using System.Text.RegularExpressions;

namespace Ferry.Testing;

/// <summary>The data sets copied into tests/data and a scratch directory removed after the test.</summary>
internal sealed partial class TestFiles : IDisposable
{
    private static readonly Regex s_trainSection = TrainSection();

    public TestFiles()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ferry-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public static string Data(string fileName) => System.IO.Path.Combine(AppContext.BaseDirectory, "data", fileName);

    /// <summary>The repository's root: the directory above the test's output that holds Ferry.slnx.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Ferry.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("no Ferry.slnx above the test's directory");
    }

    public string Path(string fileName) => System.IO.Path.Combine(Directory, fileName);

    public string Write(string fileName, string text)
    {
        var path = Path(fileName);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes a ferry.yaml with the four required keys (plus <paramref name="extra"/> lines). A spec whose extra lines
    /// have no `train:` section names the candidates the tests were written against (a simple baseline and a forest,
    /// cross-validated once each), so only the tests of the default search pay for it: <paramref name="defaultSearch"/>
    /// leaves the section out.</summary>
    public string WriteSpec(string dataPath, string target, string type, string name = "m", string extra = "", bool defaultSearch = false) =>
        Write("ferry.yaml", $"""
            name: {name}
            type: {type}
            data:
              source: "{dataPath}"
            target: "{target}"
            {extra}
            {(defaultSearch || s_trainSection.IsMatch(extra) ? "" : $"train: {{ candidates: [{(type == "regression" ? "linear" : "logistic")}, forest] }}")}
            """);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"^\s*train:", RegexOptions.Multiline)]
    private static partial Regex TrainSection();
}
