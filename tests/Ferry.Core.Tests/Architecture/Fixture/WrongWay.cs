namespace Ferry.Core.Tests.Architecture.Fixture
{
    internal sealed record WrongWayKernel(Data.Sources.WrongWaySource Source);
}

namespace Ferry.Core.Tests.Architecture.Fixture.Spec
{
    internal sealed record WrongWaySpec(Lifecycle.LaterStage Later);

    internal sealed record RightWaySpec(string Name);

    internal static class Outer
    {
        /// <summary>Reaches a later stage only from inside a nested type's method body.</summary>
        internal sealed class WrongWayNested
        {
            public object Later() => new Lifecycle.LaterStage(new RightWaySpec("x"), new Training.LaterStage(new RightWaySpec("y")));
        }
    }
}

namespace Ferry.Core.Tests.Architecture.Fixture.Data.Sources
{
    internal sealed record WrongWaySource(Training.LaterStage Later);
}

namespace Ferry.Core.Tests.Architecture.Fixture.Training
{
    internal sealed record LaterStage(Spec.RightWaySpec Spec);
}

namespace Ferry.Core.Tests.Architecture.Fixture.Lifecycle
{
    internal sealed record LaterStage(Spec.RightWaySpec Spec, Training.LaterStage Training);
}

namespace Ferry.Core.Tests.Architecture.Fixture.Serving
{
    internal sealed record OutsideEveryStage(string Name);
}
