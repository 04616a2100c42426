using Ferry.Core.Bundles;
using Ferry.Core.Prediction;
using Microsoft.Extensions.ObjectPool;

namespace Ferry.Server.Models;

/// <summary>A bundle ready to serve, with a pool of predictors (ML.NET prediction engines are not thread-safe).</summary>
public sealed class LoadedModel
{
    private readonly ObjectPool<RowPredictor> _predictors;

    public LoadedModel(ModelBundle bundle)
    {
        Bundle = bundle;
        _predictors = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 4 }
            .Create(new PredictorPolicy(bundle));
    }

    public ModelBundle Bundle { get; }

    public ModelManifest Manifest => Bundle.Manifest;

    /// <summary>Predicts <paramref name="rows"/> with a pooled predictor: one row through the single-row path, more as a batch;
    /// its steps traced under the request's span.</summary>
    public PredictionResult[] Predict(IReadOnlyList<InputRow> rows, int explainTop)
    {
        var predictor = _predictors.Get();
        try
        {
            return rows.Count == 1 ? [predictor.Predict(rows[0], explainTop)] : [.. predictor.PredictBatch(rows, explainTop)];
        }
        finally
        {
            _predictors.Return(predictor);
        }
    }

    private sealed class PredictorPolicy(ModelBundle bundle) : PooledObjectPolicy<RowPredictor>
    {
        public override RowPredictor Create() => new(bundle.Model, traced: true);

        public override bool Return(RowPredictor obj) => true;
    }
}
