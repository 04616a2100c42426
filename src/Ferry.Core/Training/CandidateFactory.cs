using Ferry.Core.Spec;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Ferry.Core.Training;

/// <summary>Builds the ML.NET trainer for a named candidate and parameter set (every candidate but Ferry's own
/// tree and mlp). Trainers see only Features and a label. Every classifier ends in calibrated probabilities: a
/// forest's binary score is not one, so Platt scaling is appended; one-versus-all calibrates its binary trees. A
/// weighted classifier (<see cref="ClassWeights"/>) also reads each row's Weight, its calibration included.</summary>
internal static class CandidateFactory
{
    private const string Features = nameof(FeatureRow.Features);
    private const string Label = nameof(FeatureRow.Label);
    private const string IsPositive = nameof(FeatureRow.IsPositive);
    private const string ClassKey = nameof(FeatureRow.ClassKey);
    private const string Weight = nameof(FeatureRow.Weight);

    /// <param name="ml">The context (and seed) to train in.</param>
    /// <param name="candidate">The candidate's name.</param>
    /// <param name="type">The problem type.</param>
    /// <param name="parameters">Every hyperparameter of the candidate (see <see cref="CandidateNames.Parameters"/>).</param>
    /// <param name="threads">Threads the trainer may use: 1 inside parallel cross-validation, and for L-BFGS over
    /// streamed rows (with more it first copies the whole data set into memory); a forest ignores it (see Forest).</param>
    /// <param name="seed">The seed of trainers that take their own (LightGBM).</param>
    /// <param name="weighted">True to weigh each row by its Weight (classification with class weights).</param>
    public static IEstimator<ITransformer> Create(MLContext ml, string candidate, ProblemType type, IReadOnlyDictionary<string, double> parameters, int? threads, int seed, bool weighted)
    {
        var weight = weighted ? Weight : null;
        int Int(string name) => (int)parameters[name];
        float Real(string name) => (float)parameters[name];
        return (candidate, type) switch
        {
            (CandidateNames.Logistic, ProblemType.BinaryClassification) =>
                ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
                {
                    LabelColumnName = IsPositive,
                    FeatureColumnName = Features,
                    ExampleWeightColumnName = weight,
                    NumberOfThreads = threads,
                    L2Regularization = Real("l2"),
                    L1Regularization = Real("l1"),
                    MaximumNumberOfIterations = Int("max_iter"),
                }),
            (CandidateNames.Logistic, ProblemType.MulticlassClassification) =>
                ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
                {
                    LabelColumnName = ClassKey,
                    FeatureColumnName = Features,
                    ExampleWeightColumnName = weight,
                    NumberOfThreads = threads,
                    L2Regularization = Real("l2"),
                    L1Regularization = Real("l1"),
                    MaximumNumberOfIterations = Int("max_iter"),
                }),
            (CandidateNames.Linear, ProblemType.Regression) =>
                ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
                {
                    LabelColumnName = Label,
                    FeatureColumnName = Features,
                    NumberOfThreads = threads,
                    L2Regularization = Real("l2"),
                    L1Regularization = Real("l1"),
                    MaximumNumberOfIterations = Int("max_iter"),
                }),
            (CandidateNames.Forest, ProblemType.BinaryClassification) =>
                ml.BinaryClassification.Trainers.FastForest(Forest(new FastForestBinaryTrainer.Options { LabelColumnName = IsPositive, ExampleWeightColumnName = weight }, parameters))
                    .Append<ITransformer>(ml.BinaryClassification.Calibrators.Platt(IsPositive, exampleWeightColumnName: weight)),
            (CandidateNames.Forest, ProblemType.MulticlassClassification) =>
                ml.MulticlassClassification.Trainers.OneVersusAll(
                    ml.BinaryClassification.Trainers.FastForest(Forest(new FastForestBinaryTrainer.Options { LabelColumnName = ClassKey, ExampleWeightColumnName = weight }, parameters)), ClassKey),
            (CandidateNames.Forest, ProblemType.Regression) =>
                ml.Regression.Trainers.FastForest(Forest(new FastForestRegressionTrainer.Options { LabelColumnName = Label }, parameters)),
            (CandidateNames.Boosted, ProblemType.BinaryClassification) => ml.BinaryClassification.Trainers.LightGbm(BoostedBinary(parameters, threads, seed, weight)),
            (CandidateNames.Boosted, ProblemType.MulticlassClassification) => ml.MulticlassClassification.Trainers.LightGbm(BoostedMulticlass(parameters, threads, seed, weight)),
            (CandidateNames.Boosted, ProblemType.Regression) => ml.Regression.Trainers.LightGbm(BoostedRegression(parameters, threads, seed)),
            _ => throw new FerryException($"candidate '{candidate}' is not available for {type.ToName()} (allowed: {string.Join(", ", CandidateNames.For(type))})"),
        };
    }

    /// <summary>Fits the candidate on <paramref name="view"/>. Boosted with early_stopping above 0 stops when that many
    /// rounds did not improve its score on <paramref name="validation"/>, as scikit-learn's HistGradientBoosting does
    /// with early_stopping on.</summary>
    /// <param name="ml">The context (and seed) to train in.</param>
    /// <param name="candidate">The candidate's name.</param>
    /// <param name="type">The problem type.</param>
    /// <param name="parameters">Every hyperparameter of the candidate.</param>
    /// <param name="threads">Threads the trainer may use.</param>
    /// <param name="seed">The seed of trainers that take their own.</param>
    /// <param name="weighted">True to weigh each row by its Weight.</param>
    /// <param name="view">The rows to fit on.</param>
    /// <param name="validation">The rows early stopping judges each round on (<see cref="BoostedEarlyStopping.Validation"/>),
    /// none of them in <paramref name="view"/>; null when the fit does not stop early (<see cref="StopsEarly"/>).</param>
    public static ITransformer Fit(MLContext ml, string candidate, ProblemType type, IReadOnlyDictionary<string, double> parameters, int? threads, int seed,
        bool weighted, IDataView view, IDataView? validation)
    {
        if (StopsEarly(candidate, parameters) != validation is not null)
        {
            throw new ArgumentException($"a fit of '{candidate}' needs validation rows exactly when it stops early", nameof(validation));
        }

        if (validation is null)
        {
            return Create(ml, candidate, type, parameters, threads, seed, weighted).Fit(view);
        }

        var weight = weighted ? Weight : null;
        return type switch
        {
            ProblemType.BinaryClassification => ml.BinaryClassification.Trainers.LightGbm(BoostedBinary(parameters, threads, seed, weight)).Fit(view, validation),
            ProblemType.MulticlassClassification => ml.MulticlassClassification.Trainers.LightGbm(BoostedMulticlass(parameters, threads, seed, weight)).Fit(view, validation),
            _ => ml.Regression.Trainers.LightGbm(BoostedRegression(parameters, threads, seed)).Fit(view, validation),
        };
    }

    /// <summary>True when the candidate holds out validation rows to stop on: boosted with early_stopping above 0.</summary>
    public static bool StopsEarly(string candidate, IReadOnlyDictionary<string, double> parameters) =>
        candidate == CandidateNames.Boosted && parameters.GetValueOrDefault("early_stopping") > 0;

    private static LightGbmBinaryTrainer.Options BoostedBinary(IReadOnlyDictionary<string, double> parameters, int? threads, int seed, string? weight) =>
        Boosted(new LightGbmBinaryTrainer.Options { LabelColumnName = IsPositive, ExampleWeightColumnName = weight }, parameters, threads, seed);

    /// <summary>Early stopping watches the multiclass log loss rather than LightGBM's default error rate, which moves in
    /// steps of one validation row and stops too soon.</summary>
    private static LightGbmMulticlassTrainer.Options BoostedMulticlass(IReadOnlyDictionary<string, double> parameters, int? threads, int seed, string? weight) =>
        Boosted(new LightGbmMulticlassTrainer.Options
        {
            LabelColumnName = ClassKey,
            ExampleWeightColumnName = weight,
            EvaluationMetric = LightGbmMulticlassTrainer.Options.EvaluateMetricType.LogLoss,
        }, parameters, threads, seed);

    private static LightGbmRegressionTrainer.Options BoostedRegression(IReadOnlyDictionary<string, double> parameters, int? threads, int seed) =>
        Boosted(new LightGbmRegressionTrainer.Options { LabelColumnName = Label }, parameters, threads, seed);

    /// <summary>The hyperparameters every LightGBM trainer shares, set on its own options.</summary>
    private static TOptions Boosted<TOptions, TOutput, TTransformer, TModel>(
        LightGbmTrainerBase<TOptions, TOutput, TTransformer, TModel>.OptionsBase options, IReadOnlyDictionary<string, double> parameters, int? threads, int seed)
        where TOptions : LightGbmTrainerBase<TOptions, TOutput, TTransformer, TModel>.OptionsBase, new()
        where TTransformer : ISingleFeaturePredictionTransformer<TModel>
        where TModel : class
    {
        options.FeatureColumnName = Features;
        options.NumberOfThreads = threads;
        options.Seed = seed;
        options.NumberOfIterations = (int)parameters["trees"];
        options.LearningRate = parameters["learning_rate"];
        options.NumberOfLeaves = (int)parameters["max_leaves"];
        options.MinimumExampleCountPerLeaf = (int)parameters["min_samples_leaf"];
        options.EarlyStoppingRound = (int)parameters.GetValueOrDefault("early_stopping");
        options.Booster = new GradientBooster.Options { L2Regularization = parameters["l2"] };
        return (TOptions)options;
    }

    /// <summary>A forest always asks for every core, even inside parallel cross-validation: ML.NET fixes FastTree's thread
    /// count once per process, at its first fit (ThreadTaskManager.Initialize), and with one thread it hands each feature of
    /// each split to the thread pool and waits for it (Task.Run(...).Wait()), which took twice the CPU of sharing the
    /// features over the cores (a 60-fit forest grid on breast_cancer: 19 s against 9 s). Splits are found per feature and
    /// then compared, so the trees are the same either way.</summary>
    private static T Forest<T>(T options, IReadOnlyDictionary<string, double> parameters)
        where T : FastForestOptionsBase
    {
        options.FeatureColumnName = Features;
        options.NumberOfThreads = Environment.ProcessorCount;
        options.NumberOfLeaves = (int)parameters["max_leaves"];
        options.MinimumExampleCountPerLeaf = (int)parameters["min_samples_leaf"];
        options.NumberOfTrees = (int)parameters["trees"];
        options.FeatureFraction = parameters["max_features"];
        return options;
    }
}
