namespace Ferry.Core.Tests.Architecture.Fixture
{
    internal sealed record WrongWayKernel(Data.Sources.WrongWaySource Source);
}

namespace Ferry.Core.Tests.Architecture.Fixture.Spec
{
    internal sealed record WrongWaySpec(Lifecycle.LaterStage Later);

    internal sealed record RightWaySpec(string Name);
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
