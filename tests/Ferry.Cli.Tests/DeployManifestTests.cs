using System.Net;
using System.Text.RegularExpressions;
using Ferry.Testing;
using YamlDotNet.RepresentationModel;

namespace Ferry.Cli.Tests;

/// <summary>deploy/ cannot be built or applied here (no container runtime, no cluster): what can be checked is checked.
/// The manifests parse, kustomize's resources exist, every probe path (the Deployment's and the Dockerfile's health
/// check) answers 200 on a live `ferry serve`, and the grace period outlasts the drain and the shutdown timeout.</summary>
public sealed partial class DeployManifestTests
{
    private static readonly string s_kubernetes = Path.Combine(TestFiles.RepositoryRoot(), "deploy", "kubernetes");

    [Fact]
    public void Kustomization_ListsOnlyFilesThatParseAsKubernetesObjects()
    {
        var resources = Documents(Path.Combine(s_kubernetes, "kustomization.yaml")).Single()["resources"];

        var kinds = ((YamlSequenceNode)resources).Select(node => (string)node!).Select(file =>
        {
            Assert.True(File.Exists(Path.Combine(s_kubernetes, file)), $"kustomization.yaml lists {file}, which is not in deploy/kubernetes");
            var document = Documents(Path.Combine(s_kubernetes, file)).Single();
            Assert.False(string.IsNullOrEmpty((string?)document["apiVersion"]), $"{file} has no apiVersion");
            return (string)document["kind"]!;
        }).Order().ToList();

        Assert.Equal(["Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Secret", "Service"], kinds);
        Assert.Equal(kinds.Count + 1, Directory.GetFiles(s_kubernetes, "*.yaml").Length);
    }

    [Fact]
    public async Task ProbePaths_AllAnswer200OnALiveServer()
    {
        var paths = Probes().Select(probe => (string)probe["httpGet"]["path"]!).Append(HealthCheckPath()).Distinct().ToList();
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        using var server = await ServeProcess.StartAsync(spec);

        foreach (var path in paths)
        {
            using var response = await server.Client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }

        Assert.Equal(3, Probes().Count());
    }

    [Fact]
    public void GracePeriod_OutlastsTheDrainAndTheShutdownTimeout()
    {
        var entrypoint = Entrypoint().Match(File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot(), "deploy", "Dockerfile")));
        Assert.True(entrypoint.Success, "the Dockerfile has no ENTRYPOINT with --drain");
        var drain = int.Parse(entrypoint.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var grace = int.Parse((string)Pod()["terminationGracePeriodSeconds"]!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(grace > drain + 30, $"terminationGracePeriodSeconds {grace} is not above the drain {drain} s plus the 30 s shutdown timeout");
    }

    private static IEnumerable<YamlNode> Probes()
    {
        var container = (YamlMappingNode)((YamlSequenceNode)Pod()["containers"]).Single();
        return new[] { "startupProbe", "readinessProbe", "livenessProbe" }.Where(name => container.Children.ContainsKey(name)).Select(name => container[name]);
    }

    private static YamlNode Pod() => Documents(Path.Combine(s_kubernetes, "deployment.yaml")).Single()["spec"]["template"]["spec"];

    private static string HealthCheckPath()
    {
        var check = HealthCheck().Match(File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot(), "deploy", "Dockerfile")));
        Assert.True(check.Success, "the Dockerfile has no HEALTHCHECK on http://127.0.0.1:8080/...");
        return check.Groups[1].Value;
    }

    private static List<YamlMappingNode> Documents(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }

        return [.. yaml.Documents.Select(document => (YamlMappingNode)document.RootNode)];
    }

    [GeneratedRegex(@"^HEALTHCHECK .*http://127\.0\.0\.1:8080(/\S*)", RegexOptions.Multiline)]
    private static partial Regex HealthCheck();

    [GeneratedRegex(@"^ENTRYPOINT .*""--drain"", ""(\d+)s""", RegexOptions.Multiline)]
    private static partial Regex Entrypoint();
}
