namespace Httpx.PowerShell.Tests;

/// <summary>Paging loops over a paginated API (the test server's /paged), as Invoke-RestMethod -FollowRelLink pages.</summary>
public class PaginationTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public PaginationTests(PowerShellFixture ps) => _ps = ps;

    [Fact]
    public void A_Link_loop_reads_every_page_also_when_the_next_URL_holds_a_semicolon()
    {
        // Invoke-Httpx help's paging example. The server's Link URLs are relative and keep ?fields=id;name: before,
        // Links cut the URL at its ';' (next was /paged/3?fields=id): page 1 was read again, and a cursor after the
        // ';' would have been lost on every page, the loop reading page 1 until its bound.
        var result = _ps.Run("""
            $c = New-HttpxClient "$base/paged/"
            try {
                $url = '3?fields=id;name'; $pages = 0
                while ($url -and $pages++ -lt 10) {   # a bound, as a nightly job should have
                    $r = Invoke-Httpx $url -Client $c -RaiseForStatus -ErrorAction Stop
                    $r.Json().items
                    $url = if ($r.Links['next']) { $r.Url.Join($r.Links['next'].url) }
                }
                "$($r.Url)"
            }
            finally { Close-HttpxClient $c }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 1L, 2L, 3L, 4L, 5L, 6L, $"{_ps.Server.HttpUrl}/paged/3?fields=id;name&page=3" },
            result.Output.Select(o => o.BaseObject is int i ? (long)i : o.BaseObject).ToArray());
    }

    [Fact]
    public void A_relative_next_URL_sent_as_it_came_is_an_error_saying_to_join_it()
    {
        // Before, the error said only that '/paged/3?page=2' had no protocol, where Invoke-RestMethod -FollowRelLink
        // follows it: a user porting that loop had no hint that it is relative to the page.
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/paged/3"
            Invoke-Httpx $r.Links.next.url -ErrorAction SilentlyContinue -ErrorVariable failed
            $failed[0].FullyQualifiedErrorId -replace ',.*'
            $failed[0].Exception.Message
            """);
        Assert.Equal(new object[]
        {
            "Httpx.UnsupportedProtocol",
            "Request URL is missing an 'http://' or 'https://' protocol: '/paged/3?page=2'. It is relative: join it to the URL it came from ($r.Url.Join(...) for a Link header's), or give a base URL (-BaseUrl, or the client's).",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }
}
