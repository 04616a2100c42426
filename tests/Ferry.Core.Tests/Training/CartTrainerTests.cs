using System.Globalization;
using System.Text.Json;
using Ferry.Core.Spec;
using Ferry.Core.Training.Cart;
using Ferry.Testing;

namespace Ferry.Core.Tests.Training;

/// <summary>Ferry's CART against scikit-learn's DecisionTreeClassifier and DecisionTreeRegressor (1.2.1) on generated
/// continuous data where no two splits tie (the script checks that every random_state grows the same tree): the reference trees were written once by
///   /usr/bin/python3 benchmarks/sklearn/cart_reference.py tests/data/cart</summary>
public sealed class CartTrainerTests
{
    private static readonly Lazy<(float[][] Columns, double[] Classes, double[] Values)> s_data = new(ReadData);

    [Theory]
    [InlineData("classifier", 8, 3)]
    [InlineData("classifier", 16, 5)]
    [InlineData("regressor", 8, 3)]
    [InlineData("regressor", 16, 5)]
    public void Fit_GeneratedData_GrowsScikitLearnsTreeNodeForNode(string kind, int maxLeaves, int minLeaf)
    {
        var (columns, classes, values) = s_data.Value;
        var classification = kind == "classifier";
        var tree = CartTrainer.Fit(columns, classification ? classes : values,
            classification ? ProblemType.MulticlassClassification : ProblemType.Regression, 3, Parameters(maxLeaves, minLeaf), null);

        var expected = ReadTree($"{kind}_{maxLeaves}_{minLeaf}");
        Assert.Equal(expected.Count, tree.Nodes.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (want, got) = (expected[i], tree.Nodes[i]);
            Assert.True(want.Feature == got.Feature && want.Left == got.Left && want.Right == got.Right, $"node {i}: {got} but scikit-learn has {want}");
            Assert.Equal(want.Threshold, got.Threshold, 1e-6);
            Assert.Equal(want.Value.Length, got.Value.Length);
            Assert.All(want.Value.Zip(got.Value), pair => Assert.Equal(pair.First, pair.Second, 1e-9));
        }
    }

    [Fact]
    public void Fit_LimitsLeavesDepthAndLeafSize()
    {
        var (columns, classes, _) = s_data.Value;
        var parameters = Parameters(64, 10);
        parameters["max_depth"] = 3;

        var tree = CartTrainer.Fit(columns, classes, ProblemType.MulticlassClassification, 3, parameters, null);

        Assert.InRange(tree.LeafCount, 2, 8);
        Assert.All(LeafSizes(tree, columns), size => Assert.True(size >= 10, $"a leaf holds {size} rows"));
        Assert.Equal(4, CartTrainer.Fit(columns, classes, ProblemType.MulticlassClassification, 3, Parameters(4, 1), null).LeafCount);
    }

    [Fact]
    public void Fit_PureOrConstantData_IsOneLeaf()
    {
        float[][] columns = [[1, 2, 3, 4], [5, 5, 5, 5]];
        Assert.Single(CartTrainer.Fit(columns, [1, 1, 1, 1], ProblemType.BinaryClassification, 2, Parameters(64, 1), null).Nodes);
        var constant = Assert.Single(CartTrainer.Fit([[5, 5, 5, 5]], [0, 1, 0, 1], ProblemType.BinaryClassification, 2, Parameters(64, 1), null).Nodes);
        Assert.Equal([0.5, 0.5], constant.Value);
    }

    [Fact]
    public void SaveThenLoad_ScoresTheSame()
    {
        var (columns, classes, _) = s_data.Value;
        var tree = CartTrainer.Fit(columns, classes, ProblemType.MulticlassClassification, 3, Parameters(64, 2), null);
        using var stream = new MemoryStream();
        tree.Save(stream);
        stream.Position = 0;
        var loaded = CartTree.Load(stream);

        var rows = Enumerable.Range(0, classes.Length).Select(row => columns.Select(column => column[row]).ToArray()).ToArray();
        Assert.Equal(tree.ScoreBatch(rows, 3), loaded.ScoreBatch(rows, 3));
        var one = new double[3];
        loaded.CreateScorer().Score(rows[7], one);
        Assert.Equal(tree.ScoreBatch([rows[7]], 3)[0], one);
        Assert.Equal(CartTree.FormatName, loaded.Format);
    }

    private static Dictionary<string, double> Parameters(int maxLeaves, int minLeaf)
    {
        var parameters = CandidateNames.Parameters(CandidateNames.Tree).ToDictionary(p => p.Name, p => p.Default);
        parameters["max_leaves"] = maxLeaves;
        parameters["min_samples_leaf"] = minLeaf;
        return parameters;
    }

    private static List<int> LeafSizes(CartTree tree, float[][] columns)
    {
        var sizes = new int[tree.Nodes.Count];
        for (var row = 0; row < columns[0].Length; row++)
        {
            var node = 0;
            while (!tree.Nodes[node].IsLeaf)
            {
                node = columns[tree.Nodes[node].Feature][row] <= tree.Nodes[node].Threshold ? tree.Nodes[node].Left : tree.Nodes[node].Right;
            }

            sizes[node]++;
        }

        return [.. sizes.Where((_, node) => tree.Nodes[node].IsLeaf)];
    }

    private static IReadOnlyList<CartNode> ReadTree(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(TestFiles.Data("cart/trees.json")));
        return json.RootElement.GetProperty(name).Deserialize<List<CartNode>>(BundleJson.Options)!;
    }

    private static (float[][], double[], double[]) ReadData()
    {
        var lines = File.ReadAllLines(TestFiles.Data("cart/data.csv")).Skip(1).Select(line => line.Split(',')).ToArray();
        float[][] columns = [.. Enumerable.Range(0, 4).Select(c => lines.Select(cells => float.Parse(cells[c], CultureInfo.InvariantCulture)).ToArray())];
        return (columns, [.. lines.Select(cells => double.Parse(cells[4], CultureInfo.InvariantCulture))], [.. lines.Select(cells => double.Parse(cells[5], CultureInfo.InvariantCulture))]);
    }
}
