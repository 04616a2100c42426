using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Core.Training;

/// <summary>A weighted average of fitted models over the same feature vectors (every member was fitted with the same
/// featurizer on the same rows): class probabilities or values, member by member, times the member's weight. Its bundle
/// entry, ensemble.json, holds each member's candidate, format, weight and the bytes of its own model entry.</summary>
internal sealed class EnsembleModel : IVectorModel
{
    public const string FormatName = "ensemble";

    /// <summary>How far the stored weights' sum may be from 1 (they are shares of the selection rounds).</summary>
    private const double WeightSumTolerance = 1e-9;

    /// <summary>The most members an ensemble.json may list: the selection picks from a library of 20 settings, so no Ferry
    /// writes more; a crafted entry of many tiny members would otherwise load (and score every row through) each one.</summary>
    public const int MaxMembers = 64;

    public EnsembleModel(IReadOnlyList<(string Candidate, IVectorModel Model, double Weight)> members)
    {
        Members = members;
    }

    public static ModelFormat Stored { get; } = new(FormatName, "ensemble.json", Load);

    public IReadOnlyList<(string Candidate, IVectorModel Model, double Weight)> Members { get; }

    public string Format => FormatName;

    public IScorer CreateScorer() => new Scorer(this);

    /// <summary>Each member's own batch path over all the vectors, then the weighted sum.</summary>
    public double[][] ScoreBatch(IReadOnlyList<float[]> vectors, int outputSize)
    {
        var outputs = vectors.Select(_ => new double[outputSize]).ToArray();
        foreach (var (_, model, weight) in Members)
        {
            var scores = model.ScoreBatch(vectors, outputSize);
            for (var row = 0; row < outputs.Length; row++)
            {
                for (var i = 0; i < outputSize; i++)
                {
                    outputs[row][i] += weight * scores[row][i];
                }
            }
        }

        return outputs;
    }

    public void Save(Stream stream) => JsonSerializer.Serialize(stream, new EnsembleFile([.. Members.Select(member =>
    {
        using var bytes = new MemoryStream();
        member.Model.Save(bytes);
        return new MemberFile(member.Candidate, member.Model.Format, member.Weight, bytes.ToArray());
    })]), BundleJson.Options);

    public void ExportOnnx(Stream stream)
    {
        var members = string.Join(", ", Members.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Candidate} {m.Weight:0.##}")));
        throw new FerryException($"the model is an ensemble of {Members.Count} members ({members}), which ONNX export does not combine; "
            + "for an exportable model retrain with train.ensemble: false, or with a single candidate in train.candidates");
    }

    /// <exception cref="InvalidDataException">ensemble.json is empty, has no members or more than <see cref="MaxMembers"/>,
    /// a member without its candidate or format, a member that is itself an ensemble,
    /// a format this Ferry does not read, or weights that are not positive shares summing to 1.</exception>
    public static EnsembleModel Load(Stream stream, ModelShape shape)
    {
        var file = JsonSerializer.Deserialize<EnsembleFile>(stream, BundleJson.Options) ?? throw new InvalidDataException("ensemble.json is empty");
        if (file.Members is not { Count: > 0 } members)
        {
            throw new InvalidDataException("ensemble.json lists no members");
        }

        if (members.Count > MaxMembers)
        {
            throw new InvalidDataException($"ensemble.json lists {members.Count} members, over the {MaxMembers} an ensemble may have");
        }

        if (Enumerable.Range(0, members.Count).FirstOrDefault(i => members[i] is not { Candidate: not null, Format: not null }, -1) is var missing and >= 0)
        {
            throw new InvalidDataException($"ensemble.json's member {missing} is not a member (each needs a candidate, a format, a weight and a model)");
        }

        if (members.FirstOrDefault(m => m.Format == FormatName) is { } nested)
        {
            throw new InvalidDataException($"ensemble.json's member {nested.Candidate} is itself an ensemble, which no Ferry writes");
        }

        if (members.Any(m => !(m.Weight > 0 && m.Weight <= 1)) || Math.Abs(members.Sum(m => m.Weight) - 1) > WeightSumTolerance)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"ensemble.json's member weights ({string.Join(", ", members.Select(m => m.Weight))}) are not positive shares summing to 1"));
        }

        return new EnsembleModel([.. members.Select(member =>
        {
            using var bytes = new MemoryStream(member.Model ?? throw new InvalidDataException($"ensemble.json's member {member.Candidate} has no model"), writable: false);
            return (member.Candidate, ModelFormats.Named(member.Format).Load(bytes, shape), member.Weight);
        })]);
    }

    private sealed record EnsembleFile([property: JsonPropertyName("members")] IReadOnlyList<MemberFile>? Members);

    /// <summary>One member as ensemble.json holds it; <paramref name="Model"/> is its model entry's bytes (base64 in the JSON).</summary>
    private sealed record MemberFile(
        [property: JsonPropertyName("candidate")] string Candidate,
        [property: JsonPropertyName("format")] string Format,
        [property: JsonPropertyName("weight")] double Weight,
        [property: JsonPropertyName("model")] byte[]? Model);

    /// <summary>One scorer per member and a buffer for its output.</summary>
    private sealed class Scorer(EnsembleModel ensemble) : IScorer
    {
        private readonly IScorer[] _scorers = [.. ensemble.Members.Select(member => member.Model.CreateScorer())];
        private double[] _member = [];

        public void Score(float[] features, Span<double> output)
        {
            if (_member.Length != output.Length)
            {
                _member = new double[output.Length];
            }

            output.Clear();
            for (var m = 0; m < _scorers.Length; m++)
            {
                _scorers[m].Score(features, _member);
                var weight = ensemble.Members[m].Weight;
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] += weight * _member[i];
                }
            }
        }
    }
}
