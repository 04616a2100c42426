using Ferry.Core.Tests.Architecture.Fixture;
using Ferry.Core.Tests.Architecture.Fixture.Data.Sources;
using Ferry.Core.Tests.Architecture.Fixture.Spec;

namespace Ferry.Core.Tests.Architecture;

public class StageOrderTests
{
    [Fact]
    public void CoreStages_DependOnlyOnEarlierStages()
    {
        var violations = StageOrder.Violations(typeof(FerryException).Assembly, "Ferry.Core");

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void StageOrder_NamesEveryTypeThatImportsALaterStage_InAWrongAssembly()
    {
        var violations = StageOrder.Violations(typeof(WrongWaySpec).Assembly, "Ferry.Core.Tests.Architecture.Fixture");

        Assert.Equal(6, violations.Count);
        Assert.Contains(violations, v => v.StartsWith(typeof(WrongWayKernel).FullName!, StringComparison.Ordinal) && v.Contains(".Fixture.Data,", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith(typeof(WrongWaySpec).FullName!, StringComparison.Ordinal) && v.Contains(".Fixture.Lifecycle,", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith(typeof(WrongWaySource).FullName!, StringComparison.Ordinal) && v.Contains(".Fixture.Training,", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("Ferry.Core.Tests.Architecture.Fixture.Spec.Outer/WrongWayNested", StringComparison.Ordinal) && v.Contains(".Fixture.Lifecycle,", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("Ferry.Core.Tests.Architecture.Fixture.Spec.Outer/WrongWayNested", StringComparison.Ordinal) && v.Contains(".Fixture.Training,", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("Ferry.Core.Tests.Architecture.Fixture.Serving.OutsideEveryStage is in", StringComparison.Ordinal));
    }
}
