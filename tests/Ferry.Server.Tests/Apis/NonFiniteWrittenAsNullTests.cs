using System.Text.Json;
using Ferry.Server.Apis;

namespace Ferry.Server.Tests.Apis;

public sealed class NonFiniteWrittenAsNullTests
{
    [Fact]
    public void NonFiniteWrittenAsNull_NaNAndInfinity_AreWrittenAsNull()
    {
        var options = new JsonSerializerOptions { Converters = { new NonFiniteWrittenAsNull() } };

        var json = JsonSerializer.Serialize(new Dictionary<string, double> { ["auc"] = double.NaN, ["loss"] = double.PositiveInfinity, ["accuracy"] = 0.5 }, options);

        Assert.Equal("""{"auc":null,"loss":null,"accuracy":0.5}""", json);
    }
}
