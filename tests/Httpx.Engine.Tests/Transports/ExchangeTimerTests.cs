using Httpx.Transports;

namespace Httpx.Tests.Transports;

/// <summary>
/// The exchange timer when the handler serves a request on a pooled connection that freed up while the connection it
/// opened for that request is still being made: the new connection's callbacks (connect, TLS handshake, ready) must not
/// take the request's read timeout away. Before, the request then waited for its response with no timer until that
/// other connection was ready (never, if it failed), or under the connect limit, raised as ConnectTimeout.
/// </summary>
public class ExchangeTimerTests
{
    private static readonly Timeout Limits = new(30) { Read = 0.2 };

    [Theory]
    [InlineData(false)]   // the new connection never connects
    [InlineData(true)]    // it connects, and its TLS handshake stalls (30 s connect limit)
    public void A_request_sent_on_another_connection_while_its_own_still_connects_keeps_its_read_timeout(bool handshakeStarts)
    {
        using var timer = new ExchangeTimer(Limits, CancellationToken.None);
        timer.Enter(ExchangePhase.Read);   // handed to the handler
        timer.EnterConnect();              // the connection factory starts a connection for it
        timer.Sent();                      // its request goes out on a pooled connection instead
        if (handshakeStarts) timer.EnterHandshake();

        Assert.Equal(ExchangePhase.Read, PhaseWhenFired(timer));
    }

    [Fact]
    public void A_connection_started_after_the_request_went_out_does_not_disarm_it()
    {
        using var timer = new ExchangeTimer(Limits, CancellationToken.None);
        timer.Enter(ExchangePhase.Read);
        timer.Sent();
        timer.EnterConnect();
        timer.EnterHandshake();

        Assert.Equal(ExchangePhase.Read, PhaseWhenFired(timer));
    }

    [Fact]
    public void A_request_on_the_connection_it_opened_has_its_handshake_under_the_connect_limit()
    {
        using var timer = new ExchangeTimer(new Timeout(30) { Connect = 0.2 }, CancellationToken.None);
        timer.Enter(ExchangePhase.Read);
        timer.EnterConnect();
        timer.EnterHandshake();

        Assert.Equal(ExchangePhase.Connect, PhaseWhenFired(timer));
    }

    /// <summary>The phase the timer was in when it fired; fails when it never fires (a timeout taken away).</summary>
    private static ExchangePhase PhaseWhenFired(ExchangeTimer timer)
    {
        Assert.True(timer.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the timer never fired");
        return timer.Phase;
    }
}
