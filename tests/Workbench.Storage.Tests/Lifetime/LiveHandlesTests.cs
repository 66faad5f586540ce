using Workbench.Storage.Lifetime;

namespace Workbench.Storage.Tests.Lifetime;

public sealed class LiveHandlesTests
{
    private sealed class Handle(LiveHandles owner) : IDisposable
    {
        public int Disposals;

        public void Dispose()
        {
            Disposals++;
            owner.Untrack(this);
        }
    }

    [Fact]
    public void CloseDisposesEveryOpenHandleOnceAndOnlyThose()
    {
        var live = new LiveHandles();
        var a = new Handle(live);
        var b = new Handle(live);
        var c = new Handle(live);
        Assert.True(live.TryTrack(a));
        Assert.True(live.TryTrack(b));
        Assert.True(live.TryTrack(c));
        b.Dispose(); // the user closed it: Close must not dispose it again
        Assert.Equal(2, live.Count);

        Assert.True(live.Close());
        Assert.True(live.IsClosed);
        Assert.Equal(1, a.Disposals);
        Assert.Equal(1, b.Disposals);
        Assert.Equal(1, c.Disposals);
        Assert.Equal(0, live.Count);
        Assert.False(live.Close()); // a second engine Dispose is a no-op
    }

    [Fact]
    public void AHandleOfferedAfterCloseIsDisposedAndRefused()
    {
        var live = new LiveHandles();
        live.Close();
        var late = new Handle(live);
        Assert.False(live.TryTrack(late));
        Assert.Equal(1, late.Disposals);
        Assert.Equal(0, live.Count);
    }
}
