using System.Globalization;
using System.Text;
using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Evaluation;
using Ferry.Core.Lifecycle;
using Ferry.Core.Prediction;
using Ferry.Core.Spec;
using Ferry.Core.Training;
using Ferry.Testing;

namespace Ferry.Core.Tests.Training;

/// <summary>Trains penguins' body mass with three candidates once, where an ensemble of them beats the best in CV.</summary>
public sealed class PenguinsEnsembleFixture : IDisposable
{
    private readonly TestFiles _files = new();

    public PenguinsEnsembleFixture()
    {
        var spec = SpecLoader.Load(_files.WriteSpec(TestFiles.Data("penguins.csv"), "body_mass_g", "regression", "pen", "train: { candidates: [linear, forest, boosted] }"));
        BundlePath = new TrainingPipeline(TimeProvider.System).Run(spec, null, CancellationToken.None).BundlePath;
    }

    public string BundlePath { get; }

    public string Path(string fileName) => _files.Path(fileName);

    public void Dispose() => _files.Dispose();
}

public sealed class EnsembleModelTests(PenguinsEnsembleFixture fixture) : IClassFixture<PenguinsEnsembleFixture>
{
    private ModelBundle Read()
    {
        var bundle = BundleFile.Read(fixture.BundlePath);
        Assert.Equal((Ensemble.Candidate, EnsembleModel.FormatName), (bundle.Manifest.Candidate, bundle.Manifest.ModelFormat));
        return bundle;
    }

    private static string[] Members(ModelManifest manifest) =>
        [.. manifest.Ensemble.Select(m => $"{m.Candidate} {m.Weight:R} {string.Join(",", m.Parameters.Select(p => $"{p.Key}={p.Value:R}"))}")];

    private static double[] Values(ModelBundle bundle, InputRow[] rows)
    {
        var predictor = new RowPredictor(bundle.Model);
        return [.. rows.Select(row => predictor.Predict(row).Value!.Value)];
    }

    [Fact]
    public void Load_SavedEnsemble_ScoresAsTheModelItWasSavedFrom()
    {
        using var files = new TestFiles();
        var spec = SpecLoader.Load(files.WriteSpec(TestFiles.Data("penguins.csv"), "body_mass_g", "regression", "pen", "train: { candidates: [linear, forest, mlp] }"));
        var (data, split, _) = PreparedData.Load(spec, null, CancellationToken.None);
        var fitted = spec.Candidates.Select(c => ModelTrainer.Fit(data, split.Train, new CandidateSetting(c, SearchSpace.Sets(c, spec.Search, spec.Split.Seed)[0]), spec.Split.Seed, singleThreaded: true)).ToArray();
        var ensemble = new EnsembleModel([.. fitted.Select((model, m) => (spec.Candidates[m], model.Model, new[] { 0.5, 0.25, 0.25 }[m]))]);
        var vectors = split.Test.Select(row =>
        {
            var vector = new float[fitted[0].Featurizer.SlotCount];
            fitted[0].Featurizer.Transform(new ProjectedRow(data.Table, data.FeatureColumns, row), vector);
            return vector;
        }).ToArray();
        using var saved = new MemoryStream();

        ensemble.Save(saved);
        saved.Position = 0;
        var loaded = EnsembleModel.Load(saved, new ModelShape(ProblemType.Regression, fitted[0].Featurizer.SlotCount, 0));

        Assert.Equal(["mlnet", "mlnet", "mlp"], loaded.Members.Select(m => m.Model.Format));
        Assert.Equal(ensemble.ScoreBatch(vectors, 1).Select(v => v[0]), loaded.ScoreBatch(vectors, 1).Select(v => v[0]));
    }

    [Fact]
    public void Read_EnsembleBundle_ScoresTheWeightedSumOfItsMembers()
    {
        var bundle = Read();
        var ensemble = (EnsembleModel)bundle.Model.Model;
        var rows = TrainedBundles.Rows(bundle, "penguins.csv", count: 40, step: 8);

        var values = Values(bundle, rows);

        Assert.Equal(bundle.Manifest.Ensemble.Select(m => (m.Candidate, m.Weight)), ensemble.Members.Select(m => (m.Candidate, m.Weight)));
        var vector = new float[bundle.Model.Featurizer.SlotCount];
        var output = new double[1];
        for (var r = 0; r < rows.Length; r++)
        {
            bundle.Model.Featurizer.Transform(rows[r], vector);
            var sum = ensemble.Members.Sum(member =>
            {
                member.Model.CreateScorer().Score(vector, output);
                return member.Weight * output[0];
            });
            Assert.Equal(sum, values[r], 9);
        }
    }

    [Fact]
    public void Write_EnsembleBundleRewritten_ReadsBackWithTheSameScoresOnBothPaths()
    {
        var bundle = Read();
        var rewritten = fixture.Path("rewritten.ferry");
        var rows = TrainedBundles.Rows(bundle, "penguins.csv", count: 40, step: 8);

        BundleFile.Write(rewritten, bundle.Manifest, bundle.Model);
        var again = BundleFile.Read(rewritten);

        Assert.Equal(Members(bundle.Manifest), Members(again.Manifest));
        var values = Values(bundle, rows);
        Assert.Equal(values, Values(again, rows));
        var batch = new RowPredictor(again.Model).PredictBatch(rows, explainTop: 0);
        Assert.All(Enumerable.Range(0, rows.Length), r => Assert.Equal(values[r], batch[r].Value!.Value, 4));
    }

    [Fact]
    public void Train_EnsembleKept_LeadsTheLeaderboardAboveEveryMember()
    {
        var manifest = Read().Manifest;

        Assert.Equal(Ensemble.Candidate, manifest.Leaderboard[0].Candidate);
        Assert.All(manifest.Leaderboard.Skip(1), entry => Assert.True(manifest.Leaderboard[0].Mean < entry.Mean, $"{entry.Candidate} {entry.Mean}"));
        Assert.All(manifest.Ensemble, member => Assert.Contains(manifest.Leaderboard, entry => entry.Candidate == member.Candidate && entry.Parameters.SequenceEqual(member.Parameters)));
        Assert.Empty(manifest.Parameters);
    }

    [Fact]
    public void Train_EnsembleKept_ReportNamesItsMembersAndWeights()
    {
        var manifest = Read().Manifest;

        var report = File.ReadAllText(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(fixture.BundlePath)!, "report.html"));

        var section = report[report.IndexOf("<h3>Ensemble</h3>", StringComparison.Ordinal)..];
        Assert.All(manifest.Ensemble, member => Assert.Contains($"<td>{member.Candidate}</td>", section, StringComparison.Ordinal));
        Assert.All(manifest.Ensemble, member => Assert.Contains($"<td>{member.Weight.ToString("0.####", CultureInfo.InvariantCulture)}</td>", section, StringComparison.Ordinal));
    }

    [Fact]
    public void Train_EnsembleFalse_KeepsTheBestSingleSetting()
    {
        using var files = new TestFiles();
        var spec = SpecLoader.Load(files.WriteSpec(TestFiles.Data("penguins.csv"), "body_mass_g", "regression", "pen",
            "train: { candidates: [linear, forest, boosted], ensemble: false }"));

        var manifest = new TrainingPipeline(TimeProvider.System).Run(spec, null, CancellationToken.None).Manifest;

        Assert.Equal((manifest.Leaderboard[0].Candidate, MlNetModel.FormatName, 3), (manifest.Candidate, manifest.ModelFormat, manifest.Leaderboard.Count));
        Assert.DoesNotContain(manifest.Leaderboard, entry => entry.Candidate == Ensemble.Candidate);
        Assert.Empty(manifest.Ensemble);
    }

    [Theory]
    [InlineData("""{"members": [{"candidate": "tree", "format": "tree", "weight": 0.5, "model": ""}]}""", "not positive shares summing to 1")]
    [InlineData("""{"members": []}""", "lists no members")]
    [InlineData("""{"members": [{"candidate": "e", "format": "ensemble", "weight": 1, "model": ""}]}""", "is itself an ensemble")]
    [InlineData("""{"members": [null]}""", "member 0 is not a member")]
    [InlineData("""{"members": [{"candidate": "forest", "format": "mlnet", "weight": 1, "model": "AAAA"}]}""", "is not a model ML.NET loads")]
    [InlineData("""{"members": [{"candidate": "tree", "format": "tree", "weight": 1, "model": "eyJ0eXBlIjoicmVncmVzc2lvbiIsIm5vZGVzIjpbeyJmZWF0dXJlIjowLCJ0aHJlc2hvbGQiOjAsImxlZnQiOjAsInJpZ2h0IjowLCJ2YWx1ZSI6WzFdfV19"}]}""", "tree.json is not a regression tree")]
    [InlineData("""{"members": [{"candidate": "tree", "format": "tree", "weight": 1, "model": "eyJ0eXBlIjoicmVncmVzc2lvbiIsIm5vZGVzIjpbeyJmZWF0dXJlIjo3LCJ0aHJlc2hvbGQiOjAsImxlZnQiOjEsInJpZ2h0IjoyLCJ2YWx1ZSI6WzFdfSx7ImZlYXR1cmUiOi0xLCJ0aHJlc2hvbGQiOjAsImxlZnQiOi0xLCJyaWdodCI6LTEsInZhbHVlIjpbMV19LHsiZmVhdHVyZSI6LTEsInRocmVzaG9sZCI6MCwibGVmdCI6LTEsInJpZ2h0IjotMSwidmFsdWUiOlsxXX1dfQ=="}]}""", "tree.json is not a regression tree")]
    [InlineData("""{"members": [{"candidate": "mlp", "format": "mlp", "weight": 1, "model": "e30="}]}""", "mlp.json is not a regression network from 3 feature slots to 1 outputs")]
    [InlineData("""{"members": [{"weight": 1, "model": ""}]}""", "member 0 is not a member")]
    public void Load_EnsembleEntryNoFerryWrites_IsRefusedSayingWhy(string json, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            EnsembleModel.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), new ModelShape(ProblemType.Regression, 3, 0)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EnsembleEntryOfMoreMembersThanAnyFerryWrites_IsRefusedBeforeLoadingThem()
    {
        var members = string.Join(", ", Enumerable.Range(0, EnsembleModel.MaxMembers + 1)
            .Select(_ => string.Create(CultureInfo.InvariantCulture, $$"""{"candidate": "tree", "format": "tree", "weight": {{1.0 / (EnsembleModel.MaxMembers + 1):R}}, "model": ""}""")));

        var error = Assert.Throws<InvalidDataException>(() =>
            EnsembleModel.Load(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"members": [{{members}}]}""")), new ModelShape(ProblemType.Regression, 3, 0)));

        Assert.Contains($"lists {EnsembleModel.MaxMembers + 1} members, over the {EnsembleModel.MaxMembers}", error.Message, StringComparison.Ordinal);
    }
}
