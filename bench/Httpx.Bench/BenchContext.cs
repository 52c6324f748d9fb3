using Httpx.TestServer;

namespace Httpx.Bench;

/// <summary>What scenarios need from the run: the in-process server and how much work to do.</summary>
internal sealed record BenchContext(TestServerHost Server, bool Quick)
{
    /// <summary>Scales a full-run request count down for --quick (still enough requests to be above timer noise).</summary>
    public int Requests(int full) => Quick ? Math.Max(500, full / 10) : full;
}
