namespace Httpx.Bench.Scenarios;

/// <summary>
/// The issue "The PowerShell module": "memory stays flat on endless streams". -Stream Lines, ServerSentEvents and
/// JsonLines read an endless stream of the test server (n = 0) and stop after <c>$n</c> items, as a user's script stops
/// with Select-Object -First or break; -Stream Bytes, -Stream Text and -Download go through a body of <c>$n</c> MB, and a
/// HEAD of such a body reads none (its declared length is no size to make room for).
/// Uploads (-Files and -Content with a file of <c>$n</c> MB) check that request bodies stream too (the issue "Engine":
/// "files ... streamed"). The contrasts, a script that keeps every line it reads and one that reads its file into memory
/// before sending it, show that the measurement sees growth, also when the memory is held for a moment only.
/// </summary>
internal static class StreamingMemoryChecks
{
    // Stops the endless stream after $n items from inside the pipeline, as `| Select-Object -First $n` does (this
    // runspace has only PowerShell's core cmdlets); the do/while gives break its loop.
    private static string FirstItems(string url, string mode) =>
        $$"""$i = 0; do { Invoke-Httpx "{{url}}" -Stream {{mode}} | ForEach-Object { if (++$i -ge $n) { break } } } while ($false)""";

    // Sends a file of $n MB (sparse zeros: making it allocates nothing) to /upload-size, which hashes what it reads, and
    // checks that it arrived whole (a multipart body is the file and a little framing).
    private static string Upload(string body) =>
        $$"""
        $f = [IO.File]::Create($file); $f.SetLength($n * 1MB); $f.Dispose()
        $size = (Invoke-Httpx "$base/upload-size" -Method Post {{body}} -RaiseForStatus).Json().size
        [IO.File]::Delete($file)
        if ($size -lt $n * 1MB) { throw "the server received $size bytes of $($n * 1MB)" }
        """;

    public static IEnumerable<MemoryCheck> Create()
    {
        yield return new MemoryCheck("mem-lines", "Invoke-Httpx -Stream Lines, endless stream stopped after N lines",
            FirstItems("$base/stream-lines/0", "Lines"), 100_000, "lines");
        yield return new MemoryCheck("mem-sse", "Invoke-Httpx -Stream ServerSentEvents, endless stream stopped after N events",
            FirstItems("$base/sse/0", "ServerSentEvents"), 100_000, "events");
        yield return new MemoryCheck("mem-jsonlines", "Invoke-Httpx -Stream JsonLines, endless stream stopped after N objects",
            FirstItems("$base/ndjson/0", "JsonLines"), 100_000, "objects");
        yield return new MemoryCheck("mem-bytes", "Invoke-Httpx -Stream Bytes of an N MB body",
            """Invoke-Httpx "$base/bytes/$($n * 1MB)" -Stream Bytes > $null""", 64, "MB");
        yield return new MemoryCheck("mem-text", "Invoke-Httpx -Stream Text of an N MB body",
            // ASCII text: /bytes/ sends a byte pattern that is not UTF-8, which measures the decoder's replacement of
            // invalid bytes (~35 MB/s here) rather than streaming.
            """Invoke-Httpx "$base/drip?chunks=$($n * 16)&size=65536&delay_ms=0" -Stream Text > $null""", 64, "MB");
        yield return new MemoryCheck("mem-download", "Invoke-Httpx -Download of an N MB body",
            """Invoke-Httpx "$base/download/$($n * 1MB)" -Download $file; [IO.File]::Delete($file)""", 64, "MB");
        // A HEAD declares the length a GET would send and sends nothing: the engine once made room for all of it.
        yield return new MemoryCheck("mem-head", "Invoke-Httpx -Method Head of an N MB body (nothing is sent)",
            """Invoke-Httpx "$base/bytes/$($n * 1MB)" -Method Head > $null""", 64, "MB");
        yield return new MemoryCheck("mem-upload-files", "Invoke-Httpx -Files with a file of N MB (multipart)",
            Upload("""-Files @{ file = $file }"""), 64, "MB");
        yield return new MemoryCheck("mem-upload-content", "Invoke-Httpx -Content with a file of N MB",
            Upload("""-Content ([IO.FileInfo]$file)"""), 64, "MB");
        // A script that keeps every line (a variable holding the whole output) shows what growth looks like.
        yield return new MemoryCheck("mem-kept-lines", "the lines of mem-lines kept in a variable (the contrast)",
            """$i = 0; $kept = do { Invoke-Httpx "$base/stream-lines/0" -Stream Lines | ForEach-Object { $_; if (++$i -ge $n) { break } } } while ($false); $kept.Count > $null""",
            100_000, "lines", KeepsData: true);
        // A body read whole before it is sent: held for a moment only, which the measurement must see as well.
        yield return new MemoryCheck("mem-kept-upload", "the file of mem-upload-content read into memory and sent as bytes (the contrast)",
            Upload("""-Content ([IO.File]::ReadAllBytes($file))"""), 64, "MB", KeepsData: true);
    }
}
