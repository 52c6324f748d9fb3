using System.Management.Automation;

namespace Httpx.PowerShell.Tests;

/// <summary>
/// Malformed responses and broken connections (RawTcpServer) through Invoke-Httpx in each output mode: one error record
/// with HTTPX's exception name as its id, a category, the URL as target and the problem in its message; no hang.
/// </summary>
public class BrokenResponseTests : IClassFixture<PowerShellFixture>
{
    private const string Suffix = ",Httpx.PowerShell.Commands.InvokeHttpxCommand";
    private readonly PowerShellFixture _ps;
    public BrokenResponseTests(PowerShellFixture ps) => _ps = ps;

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        (string Path, string Said)[] broken =
        [
            ("/close-before-headers", "Server disconnected without sending a response"),
            ("/bad-status", "invalid status code: 'abc'"),
            // Three digits the handler takes; HTTPX's h11 refuses a status under 100.
            ("/status-below-100", "invalid status code '099': status codes start at 100"),
            ("/bad-header", "invalid header line: 'This line has no colon'"),
            // The handler would hand on gzip's bytes as the body; HTTPX's h11 refuses any coding but chunked.
            ("/transfer-encoding?v=gzip,chunked", "unsupported Transfer-Encoding 'gzip, chunked'"),
            ("/truncated", "Server disconnected without sending the complete response body: received 10 bytes, expected 100"),
            ("/chunked-truncated", "Server disconnected without sending the complete response body: received 5 bytes of a chunked body"),
            ("/bad-chunk-size", "could not be parsed: 'zz'"),
            ("/bad-chunk-extension", "invalid chunk extension: 'x2'"),
            // Header lines for as long as they are read: refused at the 100 KB limit httpcore has, not waited for.
            ("/endless-headers", "exceeded the set limit of 102400 bytes"),
        ];
        foreach (var (path, said) in broken)
            foreach (var mode in new[] { "", "-As Json", "-As Text", "-Stream Lines" })
                data.Add(path, mode, said);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Is_a_RemoteProtocolError_naming_the_problem_with_the_URL_as_target(string path, string mode, string said)
    {
        var result = _ps.Run($"Invoke-Httpx \"$raw{path}\" {mode} -Timeout 10");
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.RemoteProtocolError" + Suffix, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ProtocolError, error.CategoryInfo.Category);
        Assert.Equal(_ps.Server.RawTcpUrl + path, error.TargetObject);
        Assert.True(error.ToString().Contains(said), error.ToString());
    }

    [Theory]
    [InlineData("LOCK", false)]
    [InlineData("GET", true)]
    public void A_kept_alive_connection_closed_after_the_request_was_read_sends_it_again_only_for_an_idempotent_method(string method, bool sentAgain)
    {
        // The server read the request, then closed the connection without answering: .NET's handler sent the LOCK again
        // on a new connection (the server saw it twice). As httpcore, it is now an error; a GET is still sent again.
        var key = Guid.NewGuid().ToString("N");
        var result = _ps.Run($$"""
            $c = New-HttpxClient
            try {
                $null = Invoke-Httpx "$raw/keep-then-drop?key={{key}}" -Client $c -Timeout 10
                Invoke-Httpx "$raw/keep-then-drop?key={{key}}" -Method {{method}} -Client $c -Timeout 10 -As Text
            } finally { Close-HttpxClient $c }
            Invoke-Httpx "$raw/keep-then-drop-count?key={{key}}" -As Text
            """);
        if (sentAgain)
        {
            Assert.Empty(result.Errors);
            Assert.Equal(["ok", "3"], result.Output.Select(o => o.BaseObject));
            return;
        }
        Assert.Equal("2", Assert.Single(result.Output).BaseObject);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.RemoteProtocolError" + Suffix, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ProtocolError, error.CategoryInfo.Category);
        Assert.Equal($"{_ps.Server.RawTcpUrl}/keep-then-drop?key={key}", error.TargetObject);
        Assert.StartsWith("Server disconnected without sending a response", error.ToString());
    }

    [Fact]
    public void A_response_head_of_100_KB_is_no_error()
    {
        // .NET's 64 KB default refused it as a RemoteProtocolError; httpcore reads up to 100 KB.
        var result = _ps.Run("""(Invoke-Httpx "$raw/large-header").Headers['X-Large'].Length""");
        Assert.Empty(result.Errors);
        Assert.Equal(100 * 1024 - 68, Assert.Single(result.Output).BaseObject);
    }

    [Theory]
    [InlineData("v=chunked,chunked")]
    [InlineData("v=chunked&v=chunked")]
    public void A_Transfer_Encoding_chunked_said_twice_is_read(string query)
    {
        // Servers and proxies that add the header again send it over a body chunked once, which curl and browsers read.
        var result = _ps.Run($"Invoke-Httpx \"$raw/transfer-encoding?{query}\" -As Text");
        Assert.Empty(result.Errors);
        Assert.Equal("ok", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void Stream_Lines_writes_the_lines_that_came_before_the_break_then_the_error()
    {
        var result = _ps.Run("""Invoke-Httpx "$raw/lines-then-truncated" -Stream Lines""");
        Assert.Equal(new object[] { "line1", "line2" }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.RemoteProtocolError" + Suffix, error.FullyQualifiedErrorId);
        Assert.Equal(_ps.Server.RawTcpUrl + "/lines-then-truncated", error.TargetObject);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-As Text")]
    public void Broken_URLs_among_good_ones_with_ThrottleLimit_fail_alone(string mode)
    {
        var result = _ps.Run($$"""
            "$base/get", "$raw/truncated", "$base/get", "$raw/bad-status", "$base/get" | Invoke-Httpx -ThrottleLimit 4 {{mode}} | ForEach-Object { 'ok' }
            """);
        Assert.Equal(["ok", "ok", "ok"], result.Output.Select(o => o.BaseObject));
        Assert.Equal(
            [_ps.Server.RawTcpUrl + "/bad-status", _ps.Server.RawTcpUrl + "/truncated"],
            result.Errors.Select(e => (string)e.TargetObject).Order());
        Assert.All(result.Errors, e => Assert.Equal("Httpx.RemoteProtocolError" + Suffix, e.FullyQualifiedErrorId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-As Text")]
    [InlineData("-Stream Lines")]
    public void An_HTTP_2_body_that_ends_short_of_its_Content_Length_is_a_RemoteProtocolError(string mode)
    {
        // The handler ends an HTTP/2 body where its stream ends: 10 bytes of a Content-Length of 100 came as the body.
        var result = _ps.Run($$"""
            $c = New-HttpxClient -Http2 -NoHttp1
            try { Invoke-Httpx "$raw/h2-short-body" -Client $c {{mode}} } finally { Close-HttpxClient $c }
            """);
        if (mode != "-Stream Lines") Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.RemoteProtocolError" + Suffix, error.FullyQualifiedErrorId);
        Assert.Equal(_ps.Server.RawTcpUrl + "/h2-short-body", error.TargetObject);
        Assert.Contains("otherwise than its Content-Length: received 10 bytes, expected 100", error.ToString());
    }

    [Fact]
    public void An_HTTP_2_reset_mid_download_leaves_no_file_under_its_name()
    {
        // Only the target is asserted: .NET drops the DATA frame's bytes when the reset comes right behind them (no
        // partial file is left then, nothing having come), unless the body was read in between, which no test can order.
        var folder = Directory.CreateTempSubdirectory("httpx-h2-reset-").FullName;
        try
        {
            var file = Path.Combine(folder, "data.bin");
            var result = _ps.Run($$"""
                $c = New-HttpxClient -Http2 -NoHttp1
                try { Invoke-Httpx "$raw/h2-reset-mid-body" -Client $c -Download '{{file}}' } finally { Close-HttpxClient $c }
                """);
            var error = Assert.Single(result.Errors);
            Assert.Equal("Httpx.RemoteProtocolError" + Suffix, error.FullyQualifiedErrorId);
            Assert.Contains("reset the stream", error.ToString());
            // Where in the body it came (none of "line1\n", or all of it, as said above): it said nothing of the body.
            Assert.Matches(@"^HTTP/2 error from the server after (0|6) bytes of the response body: ", error.ToString());
            Assert.False(File.Exists(file));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
