namespace Httpx.PowerShell.Tests;

/// <summary>
/// $r.RetryAfter: a 429's or 503's Retry-After as a wait, for the retry loop that Invoke-RestMethod's
/// -MaximumRetryCount and curl's --retry run for their users (Invoke-Httpx help, Example 15).
/// </summary>
public class RetryAfterTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public RetryAfterTests(PowerShellFixture ps) => _ps = ps;

    [Fact]
    public void Retry_After_is_a_wait_from_its_seconds_or_its_date_and_null_without_one_or_when_it_is_neither()
    {
        // Before, a script parsed the header itself, an HTTP date with a culture's day names in the way.
        var result = _ps.Run("""
            function ra($value) { (Invoke-Httpx "$base/response-headers?status=429&Retry-After=$([uri]::EscapeDataString($value))").RetryAfter }
            ra '120'
            ra ([datetime]::UtcNow.AddHours(-1).ToString('r'))
            $ahead = ra ([datetime]::UtcNow.AddHours(1).ToString('r'))
            $ahead -gt [timespan]::FromMinutes(50) -and $ahead -le [timespan]::FromHours(1)
            $null -eq (Invoke-Httpx "$base/get").RetryAfter
            $null -eq (ra 'soon')
            $null -eq (ra '1.5')
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { TimeSpan.FromSeconds(120), TimeSpan.Zero, true, true, true, true },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_retry_loop_waits_what_each_answer_asks_retries_a_reset_connection_and_the_error_carries_the_wait_too()
    {
        // Example 15, Start-Sleep recorded rather than slept (the test runspace has none): 429s wait their Retry-After,
        // reset connections (Httpx.ReadError or RemoteProtocolError, TransportErrors) the loop's own 2 and 4 seconds.
        var result = _ps.Run("""
            $waits = [Collections.Generic.List[timespan]]::new()
            function Start-Sleep([timespan]$Duration) { $waits.Add($Duration) }
            function Get-Nightly($url) {
                $api = New-HttpxClient -Transport (New-HttpxTransport -Retries 3)
                foreach ($attempt in 1..5) {
                    $r = try { Invoke-Httpx $url -Client $api -ErrorAction Stop }
                         catch [Httpx.TransportError] { if ($attempt -eq 5) { throw } }
                    if ($r -and $r.StatusCode -notin 429, 503 -or $attempt -eq 5) { break }
                    Start-Sleep -Duration ($r.RetryAfter ?? [timespan]::FromSeconds([math]::Pow(2, $attempt)))
                }
                $r.RaiseForStatus().Json().attempt
                Close-HttpxClient $api
            }
            $key = [guid]::NewGuid()
            Get-Nightly "$base/flaky/2?status=429&retry_after=7&key=$key"
            $waits -join ','; $waits.Clear()
            Get-Nightly "$base/flaky/2?reset=1&key=$key-reset"
            $waits -join ','
            try { Invoke-Httpx "$base/flaky/1?status=503&retry_after=30&key=$key-error" -RaiseForStatus -ErrorAction Stop }
            catch [Httpx.HTTPStatusError] { $_.Exception.Response.RetryAfter.TotalSeconds }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 3L, "00:00:07,00:00:07", 3L, "00:00:02,00:00:04", 30.0 }, result.Output.Select(o => o.BaseObject).ToArray());
    }
}
