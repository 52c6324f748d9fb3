using System.Management.Automation;

namespace Httpx.PowerShell.Tests;

/// <summary>Invoke-Httpx with an IPv6 literal, against the test server's [::1] listener (skipped without ::1).</summary>
public sealed class IPv6Tests : IClassFixture<PowerShellFixture>, IDisposable
{
    private readonly PowerShellFixture _ps;
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-ipv6-").FullName;

    public IPv6Tests(PowerShellFixture ps) => _ps = ps;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string V6 => _ps.Server.HttpIPv6Url ?? throw new SkipException("this machine has no ::1");

    private Dictionary<string, object?> Variables => new() { ["v6"] = V6, ["folder"] = _folder };

    [SkippableFact]
    public void The_table_verbose_lines_and_a_download_of_an_ipv6_url()
    {
        var port = new Uri(V6).Port;
        var table = _ps.Display($"Invoke-Httpx '{V6}/get'");
        Assert.Contains($"http://[::1]:{port}/get", table);

        var result = _ps.Run("Invoke-Httpx \"$v6/get\" -Verbose | Out-Null", Variables);
        Assert.Empty(result.Errors);
        Assert.Contains($"> Host: [::1]:{port}", result.Verbose);

        // The file is named from the URL's path, never its host: no brackets or colons, which Windows refuses in a name.
        result = _ps.Run("Invoke-Httpx \"$v6/bytes/10\" -Download $folder", Variables);
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "10" }, Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [SkippableFact]
    public void A_url_with_a_zone_shows_the_host_header_it_sends_without_the_zone()
    {
        // RFC 6874 section 4: the zone is not sent; -Verbose and the response's request showed it in Host all the same.
        var zoned = _ps.Server.HttpIPv6ZonedUrl ?? throw new SkipException("this machine has no ::1");
        var host = $"[::1]:{new Uri(V6).Port}";
        var result = _ps.Run("(Invoke-Httpx \"$zoned/get\" -Verbose).Request.Headers['Host']", new Dictionary<string, object?> { ["zoned"] = zoned });
        Assert.Empty(result.Errors);
        Assert.Equal(host, Assert.Single(result.Output)?.ToString());
        Assert.Contains($"> Host: {host}", result.Verbose);
        Assert.DoesNotContain(result.Verbose, line => line.StartsWith("> Host:", StringComparison.Ordinal) && line.Contains('%'));
    }

    [SkippableFact]
    public void A_link_local_address_without_its_interface_is_a_connect_error_that_says_so()
    {
        _ = V6;
        var result = _ps.Run("Invoke-Httpx 'http://[fe80::1]:9/' -Timeout 10");
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.ConnectError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Equal("http://[fe80::1]:9/", error.TargetObject?.ToString());
        Assert.Contains("a link-local address needs the network interface to use, written as a zone after '%25'", error.ToString());
    }
}
