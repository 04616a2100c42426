using Ferry.Core.Spec;
using Ferry.Core.Training;
using Ferry.Testing;

namespace Ferry.Core.Tests.Features;

public sealed class SpecColumnsTests
{
    private static string Error(string extra)
    {
        using var files = new TestFiles();
        files.Write("d.csv", "a,b,c,y\n1,x,2024-01-01,p\n2,y,2024-01-02,q\n3,x,2024-01-03,p\n4,y,2024-01-04,q\n");
        var spec = SpecLoader.Load(files.Write("ferry.yaml", $"name: m\ntype: binary-classification\ndata: {{ source: d.csv }}\ntarget: y\n{extra}\n"));
        return Assert.Throws<FerryException>(() => PreparedData.Load(spec, null, CancellationToken.None)).Message;
    }

    [Theory]
    [InlineData("features: { log: [z] }", "features.log: column 'z' is not in the data (columns: a, b, c, y)")]
    [InlineData("features: { bins: { b: [0, 1] } }", "features.bins: column 'b' holds categories; only number columns can be used there")]
    [InlineData("prepare: { missing: { y: mode } }", "prepare.missing: 'y' is the target")]
    [InlineData("features: { derive: { a: c * 2 } }", "features.derive: 'a' is already a column of the data")]
    [InlineData("features: { drop: [zz] }", "the spec names column(s) 'zz' that are not in the data")]
    [InlineData("features: { derive: { r: a / b } }", "features.derive.r: 'b' is not a numeric column of the data at position 5 of 'a / b'")]
    public void Load_SpecNamesAColumnWrongly_SaysWhichAndWhy(string extra, string expected) =>
        Assert.Contains(expected, Error(extra), StringComparison.Ordinal);
}
