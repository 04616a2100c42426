using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ferry.Core.Training;

/// <summary>The one row class ML.NET ever sees: a feature vector whose size is set at run time and
/// the label in the three forms trainers want (a number, a flag, a class key), and the row's weight in the fit.</summary>
internal sealed class FeatureRow
{
    public float[] Features { get; set; } = [];

    public float Label { get; set; }

    public bool IsPositive { get; set; }

    /// <summary>The class index, 0-based: LoadFromEnumerable stores a key field as value + 1, keeping 0 for missing.</summary>
    public uint ClassKey { get; set; }

    /// <summary>The row's class weight (<see cref="ClassWeights"/>); read only by trainers told to weigh rows.</summary>
    public float Weight { get; set; } = 1;

    /// <summary>The columns ML.NET sees: Weight only when the rows are weighted, so an unweighted model's schema (and
    /// its saved model.zip) is what it was before rows had weights.</summary>
    public static SchemaDefinition Schema(int slotCount, int classCount, bool weighted = false)
    {
        var schema = SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, slotCount);
        schema[nameof(ClassKey)].ColumnType = new KeyDataViewType(typeof(uint), Math.Max(classCount, 1));
        if (!weighted)
        {
            schema.Remove(schema[nameof(Weight)]);
        }

        return schema;
    }

    public static IDataView ToDataView(MLContext ml, IEnumerable<FeatureRow> rows, int slotCount, int classCount, bool weighted = false) =>
        ml.Data.LoadFromEnumerable(rows, Schema(slotCount, classCount, weighted));
}
