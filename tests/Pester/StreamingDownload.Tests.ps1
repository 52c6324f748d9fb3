# Pester 5 tests of Invoke-Httpx -Stream and -Download. The same behaviours as tests/Httpx.PowerShell.Tests
# (StreamingTests, DownloadTests, StopTests).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestServer.ps1')
}

AfterAll {
    Stop-HttpxTestServer $script:Server
}

Describe 'Invoke-Httpx -Stream' {
    It 'ends an endless stream when the pipeline stops early' {
        $lines = Invoke-Httpx "$base/stream-lines/0" -Stream Lines | Select-Object -First 5
        $lines.Count | Should -Be 5
    }

    It 'writes the body as it came over the wire with -Stream Raw, as HTTPX''s iter_raw()' {
        $raw = [byte[]](Invoke-Httpx "$base/encoding/gzip" -Stream Raw | ForEach-Object { $_ })
        '{0:x2}{1:x2}' -f $raw[0], $raw[1] | Should -Be '1f8b'
        $raw.Length | Should -Be ([int](Invoke-Httpx "$base/encoding/gzip").Headers['Content-Length'])
        $decoded = [byte[]](Invoke-Httpx "$base/encoding/gzip" -Stream Bytes | ForEach-Object { $_ })
        $decoded.Length | Should -BeGreaterThan $raw.Length
    }

    It 'refuses a body with more than 5 content codings, as curl and urllib3 do, and still streams it raw' {
        $six = "$base/encoding/stacked?e=gzip,gzip,gzip,gzip,gzip,gzip"
        { Invoke-Httpx $six -As Text -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.DecodingError*' -ExpectedMessage "*lists 6 content codings*at most 5 are decoded*"
        Invoke-Httpx "$base/encoding/stacked?e=gzip,gzip,gzip,gzip,gzip" -As Text | Should -Be (Invoke-Httpx "$base/encoding/sample" -As Text)
        $raw = [byte[]](Invoke-Httpx $six -Stream Raw | ForEach-Object { $_ })
        '{0:x2}{1:x2}' -f $raw[0], $raw[1] | Should -Be '1f8b'
    }

    It 'quotes a gzip error body decoded with -Stream Raw, and writes it as sent with -SkipHttpErrorCheck' {
        $packed = [IO.MemoryStream]::new()
        $gzip = [IO.Compression.GZipStream]::new($packed, [IO.Compression.CompressionMode]::Compress)
        $text = [Text.Encoding]::UTF8.GetBytes('{"error": "quota exceeded"}')
        $gzip.Write($text, 0, $text.Length)
        $gzip.Dispose()
        $body = $packed.ToArray()
        $mock = New-HttpxMockTransport {
            New-HttpxResponse 500 -Headers @{ 'Content-Encoding' = 'gzip'; 'Content-Type' = 'application/json' } -Stream ([IO.MemoryStream]::new($body))
        }.GetNewClosure()
        $c = New-HttpxClient -Transport $mock
        $err = $null
        Invoke-Httpx 'https://api.invalid/quota' -Client $c -Stream Raw -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.HTTPStatusError*'
        "$($err[0])" | Should -Be '500 Internal Server Error from GET https://api.invalid/quota: {"error": "quota exceeded"}'
        $raw = [byte[]](Invoke-Httpx 'https://api.invalid/quota' -Client $c -Stream Raw -SkipHttpErrorCheck | ForEach-Object { $_ })
        [Convert]::ToBase64String($raw) | Should -Be ([Convert]::ToBase64String($body))
    }

    It 'refuses -Stream Raw of a body already read (New-HttpxResponse -Content) with StreamConsumed, as HTTPX''s iter_raw()' {
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content ([byte[]](1, 2, 3)) })
        { Invoke-Httpx 'https://api.invalid/' -Client $c -Stream Raw -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.StreamConsumed*'
        (Invoke-Httpx 'https://api.invalid/' -Client $c -Stream Bytes) -join ',' | Should -Be '1,2,3'
        $s = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Stream ([IO.MemoryStream]::new([byte[]](4, 5, 6))) })
        (Invoke-Httpx 'https://api.invalid/' -Client $s -Stream Raw) -join ',' | Should -Be '4,5,6'
    }

    It 'reads a mocked body written as a PowerShell class on the pipeline thread, and fails with the Httpx error its Read throws' {
        # Created after the module is imported: a class resolves its type names ([Httpx.ReadTimeoutException]) when parsed.
        . ([scriptblock]::Create(@'
class StallingFeed : System.IO.Stream {
    [int]$Sent = 0; [string]$Name; [Collections.Generic.HashSet[int]]$Threads
    StallingFeed([string]$name, $threads) { $this.Name = $name; $this.Threads = $threads }
    [bool] get_CanRead() { return $true }
    [bool] get_CanSeek() { return $false }
    [bool] get_CanWrite() { return $false }
    [long] get_Length() { throw [NotSupportedException]::new() }
    [long] get_Position() { return 0 }
    [void] set_Position([long]$value) {}
    [void] Flush() {}
    [long] Seek([long]$offset, [IO.SeekOrigin]$origin) { return 0 }
    [void] SetLength([long]$value) {}
    [void] Write([byte[]]$buffer, [int]$offset, [int]$count) {}
    [int] Read([byte[]]$buffer, [int]$offset, [int]$count) {
        $null = $this.Threads.Add([Environment]::CurrentManagedThreadId)
        if ($this.Sent -eq 2) { throw [Httpx.ReadTimeoutException]::new("$($this.Name) stalled") }
        $this.Sent++
        $line = [Text.Encoding]::UTF8.GetBytes("$($this.Name) $($this.Sent)`n")
        [Array]::Copy($line, 0, $buffer, $offset, $line.Length)
        return $line.Length
    }
}
'@))
        $threads = [Collections.Generic.HashSet[int]]::new()
        $mock = New-HttpxMockTransport { param($Request) New-HttpxResponse 200 -Stream ([StallingFeed]::new($Request.Url.Path.Trim('/'), $threads)) }
        $c = New-HttpxClient -Transport $mock
        $err = $null
        $lines = 'a', 'b', 'c' | ForEach-Object { "https://feed.invalid/$_" } |
            Invoke-Httpx -Client $c -ThrottleLimit 3 -Stream Lines -ErrorVariable err -ErrorAction SilentlyContinue
        $lines | Sort-Object | Should -Be @('a 1', 'a 2', 'b 1', 'b 2', 'c 1', 'c 2')
        $err | Should -HaveCount 3
        $err | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'Httpx.ReadTimeout,*' }
        $err | ForEach-Object { "$_" } | Sort-Object | Should -Be @('a stalled', 'b stalled', 'c stalled')
        @($threads) | Should -Be @([Environment]::CurrentManagedThreadId)
    }

    It 'writes server-sent events as event objects' {
        $events = Invoke-Httpx "$base/sse/0" -Stream ServerSentEvents | Select-Object -First 3
        $events | Should -HaveCount 3
        $events[0] | Should -BeOfType [Httpx.ServerSentEvent]
        $events[0].Data | Should -Not -BeNullOrEmpty
    }

    It 'gives each event its Event, Data, Id and Retry' {
        $first = Invoke-Httpx "$base/sse/1" -Stream ServerSentEvents | Select-Object -First 1
        $first.Event | Should -Be 'tick'
        $first.Data | Should -Be '{"i": 1}'
        $first.Id | Should -Be '1'
        $first.Retry | Should -Be 1000
    }

    It 'writes an event as text as httpx-sse''s repr, on one line' {
        $events = Invoke-Httpx "$base/sse/1" -Stream ServerSentEvents
        "$($events[0])" | Should -BeExactly "ServerSentEvent(event='tick', data='{`"i`": 1}', id='1', retry=1000)"
        "$($events[1])" | Should -BeExactly "ServerSentEvent(event='multi', data='first line\nsecond line\nthird line', id='1')"
    }

    It 'gives an event''s Json() as PowerShell objects, as a response''s' {
        $sse = "data: {`"a`":1,`"c`":{`"d`":`"x`"}}`n`nid: 7`ndata: not json`n`n"
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Text $sse -Headers @{ 'Content-Type' = 'text/event-stream' } }.GetNewClosure())
        $events = Invoke-Httpx 'https://feed.invalid/' -Client $c -Stream ServerSentEvents
        $events[0].Json() | Should -BeOfType [pscustomobject]
        $events[0].Json().a | Should -Be 1
        $events[0].Json().c.d | Should -Be 'x'
        { $events[1].Json() } | Should -Throw "The data of event 'message' (id '7') with data 'not json' is not valid JSON: *"
    }

    It 'raises for server-sent events of a response that is no event stream' {
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Json @{ error = 'quota exceeded' } })
        { Invoke-Httpx 'https://feed.invalid/' -Client $c -Stream ServerSentEvents -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.DecodingError*' -ExpectedMessage "*Content-Type 'application/json', not text/event-stream*"
    }

    It 'refuses an endless line or event at 16 MiB with -Stream <Mode>, as a DecodingError naming the limit' -TestCases @(
        @{ Mode = 'Lines'; Path = 'unbroken/0'; Said = 'A line runs past 16777216 characters (16 MiB) without its end*' }
        @{ Mode = 'JsonLines'; Path = 'unbroken/0?type=application/x-ndjson'; Said = 'A line runs past 16777216 bytes (16 MiB) without its end*' }
        @{ Mode = 'ServerSentEvents'; Path = 'unbroken/0?type=text/event-stream&unit=data:%20xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx%0A'; Said = "An event's data runs past 16777216 characters (16 MiB) without its end*" }
    ) {
        # The body never breaks its line (or ends its event): it was held whole, until an OutOfMemoryException.
        { Invoke-Httpx "$base/$Path" -Stream $Mode -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.DecodingError*' -ExpectedMessage $Said
    }

    It 'writes JSON lines as PowerShell objects' {
        Invoke-Httpx "$base/ndjson/3" -Stream JsonLines | Should -HaveCount 3
        Invoke-Httpx "$base/ndjson/3" -Stream JsonLines | Should -BeOfType [pscustomobject]
    }

    It 'names the line and byte of a malformed JSON line, after writing the lines before it' {
        $body = "{`"a`":1}`n`n{`"a`": nope}`n{`"a`":4}`n"
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Text $body }.GetNewClosure())
        $items = Invoke-Httpx 'https://feed.invalid/items' -Client $c -Stream JsonLines -ErrorVariable failed -ErrorAction SilentlyContinue
        $items.a | Should -Be 1
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.DecodingError*'
        "$($failed[0])" | Should -BeLike 'Line 3 of the response to GET https://feed.invalid/items is not valid JSON at byte 8 of the line (Content-Type text/plain; charset=utf-8): *'
    }

    It 'refuses a JSON line that is not UTF-8, naming its byte, rather than writing it with the character replaced' {
        $body = [byte[]](@([Text.Encoding]::ASCII.GetBytes('{"t":"ok"}' + "`n" + '{"t":"caf')) + 0xE9 + [Text.Encoding]::ASCII.GetBytes('"}' + "`n"))
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Content $body -Headers @{ 'Content-Type' = 'application/x-ndjson; charset=iso-8859-1' } }.GetNewClosure())
        $items = Invoke-Httpx 'https://feed.invalid/items' -Client $c -Stream JsonLines -ErrorVariable failed -ErrorAction SilentlyContinue
        $items.t | Should -Be 'ok'
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.DecodingError*'
        "$($failed[0])" | Should -BeLike 'Line 2 of the response to GET https://feed.invalid/items is not valid JSON: byte 0xE9 at byte 10 of the line is not UTF-8*'
    }

    It 'skips a line of spaces and tabs but not one of other whitespace, which is no JSON' {
        $body = "1`n `t`n`u{00A0}`n2`n"
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Text $body }.GetNewClosure())
        $items = Invoke-Httpx 'https://feed.invalid/items' -Client $c -Stream JsonLines -ErrorVariable failed -ErrorAction SilentlyContinue
        $items | Should -Be 1
        $failed | Should -HaveCount 1
        "$($failed[0])" | Should -BeLike 'Line 3 of the response to GET https://feed.invalid/items is not valid JSON*'
    }

    It 'keeps an unescaped U+2028 inside a JSON line and inside event data' {
        $body = "{`"t`":`"a`u{2028}b`"}`n{`"t`":`"ok`"}`n"
        $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Text $body }.GetNewClosure())
        (Invoke-Httpx 'https://feed.invalid/' -Client $c -Stream JsonLines | ForEach-Object { $_.t.Length }) | Should -Be 3, 2
        $sse = "data: {`"t`":`"a`u{2028}b`"}`n`n"
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { New-HttpxResponse 200 -Text $sse -Headers @{ 'Content-Type' = 'text/event-stream' } }.GetNewClosure())
        (Invoke-Httpx 'https://feed.invalid/' -Client $c -Stream ServerSentEvents).Data.Length | Should -Be 11
    }

    It 'streams the whole body as <Mode>' -TestCases @(
        @{ Mode = 'Lines'; Path = '/stream-lines/4'; Check = { param($o) $o | Should -HaveCount 4 } }
        @{ Mode = 'Bytes'; Path = '/bytes/100000?chunked=1&chunk=1000'; Check = { param($o) ($o | ForEach-Object Length | Measure-Object -Sum).Sum | Should -Be 100000 } }
        @{ Mode = 'Text'; Path = '/html'; Check = { param($o) ($o -join '') | Should -Match '<html' } }
    ) {
        $out = Invoke-Httpx "$base$Path" -Stream $Mode
        & $Check $out
    }

    It 'writes a line ended by a carriage return before the stream goes quiet' {
        $err = $null
        $lines = Invoke-Httpx "$base/stream-lines/2?ending=cr&delay_ms=600000" -Stream Lines -Timeout @{ Read = 1 } -ErrorVariable err -ErrorAction SilentlyContinue
        $lines | Should -Be 'line 1'
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ReadTimeout*'
    }

    It 'raises for a 4xx/5xx stream unless -SkipHttpErrorCheck' {
        { Invoke-Httpx "$base/status/500" -Stream Lines -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.HTTPStatusError*'
        { Invoke-Httpx "$base/status/500" -Stream Lines -SkipHttpErrorCheck -ErrorAction Stop } | Should -Not -Throw
    }

    It 'reads only the start of an endless error body for the message, and says so' {
        $err = $null
        Invoke-Httpx "$base/stream-lines/0?status=503" -Stream Lines -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.HTTPStatusError*'
        "$($err[0])" | Should -BeLike '503 Service Unavailable from GET *: line 1 line 2 *(the body is longer than 64 KB: only that much was read)'
    }

    It 'says that an error body read only in part cannot be read, where HTTPX says to call Read()' {
        $e = { Invoke-Httpx "$base/stream-lines/0?status=503" -Stream Lines -ErrorAction Stop } | Should -Throw -PassThru
        $e.Exception.BodyStart.Length | Should -Be 65536
        { $e.Exception.Response.Json() } | Should -Throw -ExpectedMessage '*Only the first 65536 bytes of this body were read (*the rest cannot be read*'
    }

    It 'does not read a successful stream ahead of its output with -RaiseForStatus' {
        $lines = Invoke-Httpx "$base/stream-lines/0" -Stream Lines -RaiseForStatus | Select-Object -First 3
        $lines | Should -Be 'line 1', 'line 2', 'line 3'
    }
}

Describe 'Invoke-Httpx -Download' {
    It 'does not wait for a GUI thread''s SynchronizationContext (a WinForms/WPF click handler), as RunspaceTests' {
        # The context of a GUI thread blocked in the command: what is posted to it waits for a message loop that does
        # not run until the command returns. The file's closing posted there and the download hung for good.
        Add-Type -TypeDefinition @'
public sealed class HttpxPesterBlockedUiContext : System.Threading.SynchronizationContext
{
    private int _posted;
    public int Posted { get { return System.Threading.Volatile.Read(ref _posted); } }
    public override void Post(System.Threading.SendOrPostCallback d, object state) { System.Threading.Interlocked.Increment(ref _posted); }
    public override System.Threading.SynchronizationContext CreateCopy() { return this; }
}
'@
        $gui = [HttpxPesterBlockedUiContext]::new()
        $file = Join-Path $TestDrive 'gui.bin'
        $mocked = Join-Path $TestDrive 'gui-mocked.bin'
        # In a runspace of its own, waited for with a bound: a hang fails the test instead of the run.
        $ps = [powershell]::Create()
        $null = $ps.AddScript({
            param($manifest, $url, $file, $mocked, $gui)
            Import-Module $manifest
            $pipelineThread = [Threading.Thread]::CurrentThread.ManagedThreadId
            $threads = [Collections.Generic.List[int]]::new()
            [Threading.SynchronizationContext]::SetSynchronizationContext($gui)
            try {
                Invoke-Httpx $url -Download $file
                # In memory, the whole download up to the file's closing runs on this thread: that close posted to the GUI.
                $mock = New-HttpxClient -Transport (New-HttpxMockTransport { $threads.Add([Threading.Thread]::CurrentThread.ManagedThreadId); New-HttpxResponse 200 -Content 'x' })
                Invoke-Httpx https://mock.test/f -Client $mock -Download $mocked
            } finally { [Threading.SynchronizationContext]::SetSynchronizationContext($null) }
            [IO.FileInfo]::new($file).Length
            [IO.FileInfo]::new($mocked).Length
            # The mock handler, a user scriptblock, still runs on the pipeline's thread.
            $threads.Count
            @($threads | Where-Object { $_ -ne $pipelineThread }).Count
        }).AddArgument((Join-Path (Get-Module Httpx).ModuleBase 'Httpx.psd1')).AddArgument("$base/bytes/300000").AddArgument($file).AddArgument($mocked).AddArgument($gui)
        try {
            $running = $ps.BeginInvoke()
            $running.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(60)) | Should -BeTrue -Because 'a download from a GUI thread must not hang'
            $ps.EndInvoke($running) | Should -Be @(300000, 1, 1, 0)
            $gui.Posted | Should -Be 0
        } finally {
            if ($running.IsCompleted) { $ps.Dispose() }
        }
    }

    It 'writes the file and -PassThru writes the response with Path and Resumed' {
        $file = Join-Path $TestDrive 'data.bin'
        $r = Invoke-Httpx "$base/bytes/1000" -OutFile $file -PassThru
        $r.StatusCode | Should -Be 200
        $r.Path | Should -Be $file
        $r.Resumed | Should -BeFalse
        (Get-Item $file).Length | Should -Be 1000
        "$file.partial" | Should -Not -Exist
    }

    It 'saves a HEAD as an empty file, whatever its Content-Length' {
        $file = Join-Path $TestDrive 'head.bin'
        $r = Invoke-Httpx "$base/bytes/100" -Method HEAD -Download $file -PassThru -ErrorAction Stop
        $r.Headers['Content-Length'] | Should -Be '100'
        (Get-Item $file).Length | Should -Be 0
        "$file.partial" | Should -Not -Exist
    }

    It 'gives -PassThru the file''s path also as OutFile, as Invoke-WebRequest -OutFile -PassThru' {
        $r = Invoke-Httpx "$base/bytes/10" -OutFile $TestDrive -PassThru
        $r.OutFile | Should -Be (Join-Path $TestDrive '10')
        $r.OutFile | Should -Exist
    }

    It 'says where the body of a -PassThru response went when its .Content is read, as Invoke-WebRequest users read it' {
        $file = Join-Path $TestDrive 'body.json'
        $r = Invoke-Httpx "$base/json" -OutFile $file -PassThru
        { $r.Content } | Should -Throw -ErrorId 'Httpx.ResponseNotRead*' -ExpectedMessage "The body was saved to '$file' by -Download, not kept in memory: read it from the file*"
        { $r.Json() } | Should -Throw -ExpectedMessage "*The body was saved to '$file'*"
    }

    It 'names the file it saved to in -Verbose, as Invoke-WebRequest -Verbose does' {
        $verbose = Invoke-Httpx "$base/bytes/10" -OutFile $TestDrive -Verbose 4>&1
        $verbose[-1].Message | Should -BeExactly "* Saved 10 bytes to $(Join-Path $TestDrive '10')"
    }

    It 'gives -PassThru the file''s length, not the body''s Content-Length' {
        $file = Join-Path $TestDrive 'resumed-length.bin'
        [IO.File]::WriteAllBytes("$file.partial", [byte[]](0..299 | ForEach-Object { $_ % 251 }))
        $r = Invoke-Httpx "$base/range/1000" -Download $file -Resume -PassThru
        $r.Resumed | Should -BeTrue
        $r.FileLength | Should -Be 1000
        $r.Length | Should -Be 700
        $r | Out-String -Width 200 | Should -Match '(?m)^206 Partial Con\S* +[0-9.]+ +1000 True '
        $gzip = Invoke-Httpx "$base/encoding/gzip" -Download (Join-Path $TestDrive 'gzip.json') -PassThru
        $gzip.FileLength | Should -Be (Get-Item (Join-Path $TestDrive 'gzip.json')).Length
    }

    It 'saves a .tar.gz served with Content-Encoding gzip as the gzip file it is' {
        $file = Join-Path $TestDrive 'app.tar.gz'
        $r = Invoke-Httpx "$base/encoding/gzip?type=application/x-tar" -Download $file -PassThru
        $bytes = [IO.File]::ReadAllBytes($file)
        $bytes[0..1] | Should -Be 0x1f, 0x8b
        $r.FileLength | Should -Be $bytes.Length
        $r.FileLength | Should -Be ([int]$r.Headers['Content-Length'])
    }

    It 'shows where -PassThru saved each file, in the table and in Format-List' {
        $dir = New-Item -ItemType Directory (Join-Path $TestDrive 'shown')
        $table = Invoke-Httpx "$base/download/100", "$base/bytes/5000" -Download $dir.FullName -PassThru | Out-String -Width 200
        $table | Should -Match 'Status +ms +Length +Resumed +Path'
        $table | Should -Match ([regex]::Escape((Join-Path $dir.FullName '100')))
        $table | Should -Match ([regex]::Escape((Join-Path $dir.FullName '5000')))
        Invoke-Httpx "$base/download/100" -Download $dir.FullName -PassThru | Format-List | Out-String |
            Should -Match ('Path +: ' + [regex]::Escape((Join-Path $dir.FullName '100')))
    }

    It 'shows where -PassThru saved the file when listed after other objects' {
        # After a header table the response was listed by its own display properties, without Path.
        $dir = New-Item -ItemType Directory (Join-Path $TestDrive 'listed')
        $c = New-HttpxClient
        try {
            $text = & { $c.Headers; Invoke-Httpx "$base/download/100" -Download $dir.FullName -PassThru -Client $c } | Out-String -Width 200
        }
        finally { $c.Dispose() }
        $text | Should -Match ('(?m)^FileLength +: 100\s*\nResumed +: False\s*\nPath +: ' + [regex]::Escape((Join-Path $dir.FullName '100')) + ' *$')
    }

    It 'shows a file saved under the current location from there, so that its name fits 80 columns' {
        $dir = New-Item -ItemType Directory (Join-Path $TestDrive 'here' 'artifacts') -Force
        Push-Location (Split-Path $dir.FullName -Parent)
        try {
            $table = Invoke-Httpx "$base/download/100" -Download ./artifacts -PassThru | Out-String -Width 80
        }
        finally { Pop-Location }
        $table | Should -Match ('(?m)^200 OK +[0-9.]+ +100 False +' + [regex]::Escape((Join-Path '.' 'artifacts' '100')) + '\s*$')
    }

    It 'shows the whole path of a saved file while the current location is not in the file system' {
        $dir = New-Item -ItemType Directory (Join-Path $TestDrive 'elsewhere' 'artifacts') -Force
        Push-Location (Split-Path $dir.FullName -Parent)
        try {
            $r = Invoke-Httpx "$base/download/100" -Download ./artifacts -PassThru
            Set-Location Env:
            $table = $r | Out-String -Width 200
        }
        finally { Pop-Location }
        $table | Should -Match ('(?m)^200 OK +[0-9.]+ +100 False +' + [regex]::Escape((Join-Path $dir.FullName '100')) + '\s*$')
    }

    It 'applies the call''s -Auth and -FollowRedirects with a -Client' {
        $client = New-HttpxClient
        $auth = New-HttpxAuth -Basic -UserName user -Password pass
        $target = [uri]::EscapeDataString("$base/basic-auth/user/pass")
        $file = Join-Path $TestDrive 'secret.json'
        $r = Invoke-Httpx "$base/redirect-to?url=$target" -Client $client -Auth $auth -FollowRedirects -Download $file -PassThru
        $r.StatusCode | Should -Be 200
        $r.History.Count | Should -Be 1
        (Get-Content $file -Raw | ConvertFrom-Json).authenticated | Should -BeTrue
    }

    It 'takes a PowerShell path (~ is the home folder)' {
        $name = "httpx-test-$([guid]::NewGuid()).bin"
        try {
            Invoke-Httpx "$base/bytes/100" -Download "~/$name"
            (Get-Item "~/$name").Length | Should -Be 100
        }
        finally { Remove-Item "~/$name" -ErrorAction SilentlyContinue }
    }

    It 'shows progress as -ProgressAction says, over $ProgressPreference' {
        # Progress records cannot be redirected: a runspace of its own, with the module, runs the download and keeps them.
        $manifest = Join-Path $PSScriptRoot '..' '..' 'out' 'Httpx' 'Httpx.psd1'
        $progressOf = {
            param([string] $Script, [string] $Url, [string] $File)
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddCommand('Import-Module').AddArgument($manifest).AddStatement().AddScript($Script).AddArgument($Url).AddArgument($File).Invoke()
                $ps.Streams.Error | Should -HaveCount 0
                $ps.Streams.Progress.Count
            }
            finally { $ps.Dispose() }
        }
        & $progressOf 'param($u, $f) $ProgressPreference = ''SilentlyContinue''; Invoke-Httpx $u -Download $f' "$base/bytes/200000" (Join-Path $TestDrive 'quiet.bin') |
            Should -Be 0
        & $progressOf 'param($u, $f) $ProgressPreference = ''SilentlyContinue''; Invoke-Httpx $u -Download $f -ProgressAction Continue' "$base/bytes/200000" (Join-Path $TestDrive 'shown.bin') |
            Should -BeGreaterThan 0
        & $progressOf 'param($u, $f) $ProgressPreference = ''Continue''; Invoke-Httpx $u -Download $f -ProgressAction SilentlyContinue' "$base/bytes/200000" (Join-Path $TestDrive 'silent.bin') |
            Should -Be 0
    }

    It 'names the file from Content-Disposition, else the URL, in a folder' {
        Invoke-Httpx "$base/download/10?filename=report.csv" -Download $TestDrive
        Invoke-Httpx "$base/bytes/10" -Download $TestDrive
        Join-Path $TestDrive 'report.csv' | Should -Exist
        Join-Path $TestDrive '10' | Should -Exist
    }

    It 'never lets a name the server chooses replace a file, nor make a hidden one' {
        $dir = New-Item (Join-Path $TestDrive ([guid]::NewGuid())) -ItemType Directory
        Set-Content (Join-Path $dir 'report.csv') 'precious'
        { Invoke-Httpx "$base/download/10?filename=report.csv" -Download $dir -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.FileError*' -ExpectedMessage '*never replaces a file*'
        Get-Content (Join-Path $dir 'report.csv') | Should -Be 'precious'
        (Invoke-Httpx "$base/download/10?filename=.bashrc" -Download $dir -PassThru).Path | Should -Be (Join-Path $dir 'bashrc')
    }

    It 'replaces a file whose name Content-Disposition gives as the URL does, as a download without it would' {
        $dir = New-Item (Join-Path $TestDrive ([guid]::NewGuid())) -ItemType Directory
        Set-Content (Join-Path $dir '10') 'old'
        (Invoke-Httpx "$base/download/10?filename=10" -Download $dir -PassThru).Path | Should -Be (Join-Path $dir '10')
        (Get-Item (Join-Path $dir '10')).Length | Should -Be 10
    }

    It 'never writes through a link at the partial file of a download into a folder' -Skip:$IsWindows {
        $dir = New-Item (Join-Path $TestDrive ([guid]::NewGuid())) -ItemType Directory
        $elsewhere = Join-Path $TestDrive "elsewhere-$([guid]::NewGuid()).txt"
        Set-Content $elsewhere 'precious'
        New-Item -ItemType SymbolicLink -Path (Join-Path $dir 'report.csv.partial') -Target $elsewhere | Out-Null
        { Invoke-Httpx "$base/download/10?filename=report.csv" -Download $dir -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.FileError*' -ExpectedMessage '*is a link to*writes only in the folder*'
        Get-Content $elsewhere | Should -Be 'precious'
        Join-Path $dir 'report.csv' | Should -Not -Exist
    }

    It 'never lets the name of a URL it was redirected to replace a file' {
        $dir = New-Item (Join-Path $TestDrive ([guid]::NewGuid())) -ItemType Directory
        Set-Content (Join-Path $dir '10') 'precious'
        { Invoke-Httpx "$base/redirect-to?url=/bytes/10" -FollowRedirects -Download $dir -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.FileError*' -ExpectedMessage '*the URL it redirected to*'
        Get-Content (Join-Path $dir '10') | Should -Be 'precious'
    }

    It 'masks the password of the URL in the progress bar of a download' {
        # The progress stream cannot be redirected: a PowerShell of its own collects it.
        $ps = [powershell]::Create()
        try {
            $url = "$base/bytes/200000" -replace '^http://', 'http://user:hunter2@'
            $null = $ps.AddCommand('Import-Module').AddArgument((Join-Path $PSScriptRoot '..' '..' 'out' 'Httpx' 'Httpx.psd1')).AddStatement()
            $null = $ps.AddCommand('Invoke-Httpx').AddParameter('Uri', $url).AddParameter('Download', (Join-Path $TestDrive 'masked.bin'))
            $null = $ps.Invoke()
            $ps.Streams.Error.Count | Should -Be 0
            $ps.Streams.Progress.Count | Should -BeGreaterThan 0
            $ps.Streams.Progress[0].Activity | Should -BeLike '*user:`[secure`]@*'
            ($ps.Streams.Progress.Activity -join ' ') | Should -Not -Match 'hunter2'
        } finally { $ps.Dispose() }
    }

    It 'keeps the partial file when a -Resume is answered with less than the rest' {
        $file = Join-Path $TestDrive 'short-range.bin'
        [IO.File]::WriteAllBytes("$file.partial", [byte[]]::new(4000))
        { Invoke-Httpx "$base/range/10000?short=1000" -Download $file -Resume -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.RemoteProtocolError*' -ExpectedMessage '*ended after 9000 of 10000 bytes*'
        Test-Path $file | Should -BeFalse
        (Get-Item "$file.partial").Length | Should -Be 9000
    }

    It 'replaces the partial file with the whole body when the server ignores the range of a -Resume' {
        $file = Join-Path $TestDrive 'ignored-range.bin'
        [IO.File]::WriteAllBytes("$file.partial", [byte[]]::new(300))
        $r = Invoke-Httpx "$base/bytes/1000" -Download $file -Resume -PassThru
        $r.StatusCode | Should -Be 200
        $r.Resumed | Should -BeFalse
        $r.FileLength | Should -Be 1000
        (Get-Item $file).Length | Should -Be 1000
        Test-Path "$file.partial" | Should -BeFalse
    }

    It 'refuses -Resume and -PassThru without -Download, before anything is sent' {
        { Invoke-Httpx 'http://127.0.0.1:1/data.bin' -Resume } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*-Resume continues a -Download*'
        { Invoke-Httpx 'http://127.0.0.1:1/data.bin' -PassThru } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*-PassThru goes with -Download*'
    }

    It 'saves each piped row to the file its Download or OutFile column names, relative to the current location' {
        $dir = New-Item (Join-Path $TestDrive ([guid]::NewGuid())) -ItemType Directory
        $csv = Join-Path $dir 'manifest.csv'
        @(
            [pscustomobject]@{ Uri = "$base/bytes/100"; OutFile = 'one.bin' }
            [pscustomobject]@{ Uri = "$base/bytes/200"; OutFile = './sub/two.bin' }
            [pscustomobject]@{ Uri = "$base/bytes/300"; OutFile = './nope/three.bin' }
        ) | Export-Csv $csv
        $null = New-Item (Join-Path $dir 'sub') -ItemType Directory
        Push-Location $dir
        try {
            $saved = Import-Csv $csv | Invoke-Httpx -ThrottleLimit 4 -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue
        }
        finally { Pop-Location }
        $saved.Path | Sort-Object | Should -Be @((Join-Path $dir 'one.bin'), (Join-Path $dir 'sub/two.bin'))
        (Get-Item (Join-Path $dir 'sub/two.bin')).Length | Should -Be 200
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.InvalidArgument*'
        $failed[0].TargetObject.OutFile | Should -Be './nope/three.bin'
    }

    It 'checks a downloaded row''s Sha256 before its file is saved, and saves nothing that differs' {
        $dir = New-Item (Join-Path $TestDrive ([guid]::NewGuid())) -ItemType Directory
        $body = [byte[]](0..999 | ForEach-Object { $_ % 251 })
        $good = [BitConverter]::ToString([Security.Cryptography.SHA256]::HashData($body)).Replace('-', '')
        $saved = @(
            [pscustomobject]@{ Uri = "$base/range/1000"; OutFile = Join-Path $dir 'good.bin'; Sha256 = $good.ToLower() }
            [pscustomobject]@{ Uri = "$base/range/1000"; OutFile = Join-Path $dir 'bad.bin'; Sha256 = '0' * 64 }
        ) | Invoke-Httpx -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue
        $saved.Path | Should -Be (Join-Path $dir 'good.bin')
        (Get-FileHash (Join-Path $dir 'good.bin') -Algorithm SHA256).Hash | Should -Be $good
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ChecksumMismatch*'
        $failed[0].Exception | Should -BeOfType ([Httpx.ChecksumMismatch])
        Get-ChildItem $dir -Name | Should -Be 'good.bin'
    }

    It 'never replaces the file of a piped row with the body of another URL whose row names the same file' {
        $file = Join-Path $TestDrive "$([guid]::NewGuid()).bin"
        $saved = "$base/bytes/100", "$base/bytes/200" | ForEach-Object { [pscustomobject]@{ Uri = $_; OutFile = $file } } |
            Invoke-Httpx -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue
        $saved.Url.Path | Should -Be '/bytes/100'
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.FileError*'
        "$($failed[0])" | Should -BeLike "*two URLs are given one file*"
        (Get-Item $file).Length | Should -Be 100
    }

    It 'refuses -Resume into a folder with one error for the command, before anything is sent' {
        $dir = New-Item (Join-Path $TestDrive ([guid]::NewGuid())) -ItemType Directory
        { 'http://127.0.0.1:1/a.bin', 'http://127.0.0.1:1/b.bin' | Invoke-Httpx -Download $dir -Resume } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage "*not the folder '$dir'*"
    }

    It 'refuses -Resume with a Range header of the command or the client with one error for the command' {
        $file = Join-Path $TestDrive 'ranged.bin'
        { 'http://127.0.0.1:1/a.bin', 'http://127.0.0.1:1/b.bin' | Invoke-Httpx -Header 'Range: bytes=0-9' -Download $file -Resume } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*bytes=0-9*'
        $client = New-HttpxClient -Headers @{ Range = 'bytes=0-9' }
        try {
            { Invoke-Httpx 'http://127.0.0.1:1/a.bin' -Client $client -Download $file -Resume } |
                Should -Throw -ErrorId 'Httpx.InvalidArgument*' -ExpectedMessage '*bytes=0-9*'
        } finally { Close-HttpxClient $client }
    }

    It 'keeps my partial file when -Resume is answered with another range than asked' {
        $file = Join-Path $TestDrive 'shifted.bin'
        [IO.File]::WriteAllBytes("$file.partial", [byte[]]::new(4000))
        { Invoke-Httpx "$base/range/10000?shift=1000" -Download $file -Resume -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.RemoteProtocolError*' -ExpectedMessage '*bytes=4000-*'
        $file | Should -Not -Exist
        (Get-Item "$file.partial").Length | Should -Be 4000
    }

    It 'keeps my partial file when -Resume is answered with a compressed range' {
        # The partial file holds decoded bytes; a 206 sent with Content-Encoding despite Accept-Encoding: identity is a
        # range of the compressed bytes, and decoded and appended it made a whole-looking file of the wrong bytes.
        $file = Join-Path $TestDrive 'compressed.txt'
        [IO.File]::WriteAllText("$file.partial", 'hello')
        $buffer = [IO.MemoryStream]::new()
        $gzip = [IO.Compression.GZipStream]::new($buffer, [IO.Compression.CompressionMode]::Compress)
        $gzip.Write([Text.Encoding]::ASCII.GetBytes(' world'), 0, 6); $gzip.Dispose()
        $body = $buffer.ToArray()
        $mock = New-HttpxClient -Transport (New-HttpxMockTransport {
            param($Request)
            New-HttpxResponse 206 -Headers @{ 'Content-Range' = "bytes 5-$(4 + $body.Length)/$(5 + $body.Length)"; 'Content-Encoding' = 'gzip' } -Stream ([IO.MemoryStream]::new($body))
        }.GetNewClosure())
        { Invoke-Httpx https://example.org/compressed.txt -Client $mock -Download $file -Resume -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.RemoteProtocolError*' -ExpectedMessage "*Content-Encoding 'gzip'*"
        $file | Should -Not -Exist
        Get-Content -Raw "$file.partial" | Should -Be 'hello'
    }

    It 'never saves an error page with -Resume, also with nothing to continue and -SkipHttpErrorCheck' {
        $file = Join-Path $TestDrive 'first.bin'
        { Invoke-Httpx "$base/status/503" -Download $file -Resume -SkipHttpErrorCheck -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.HTTPStatusError*'
        $file | Should -Not -Exist
        "$file.partial" | Should -Not -Exist
    }

    It 'saves the range I ask for with a Range header' {
        $file = Join-Path $TestDrive 'head.bin'
        (Invoke-Httpx "$base/range/10000" -Headers @{ Range = 'bytes=100-199' } -Download $file -PassThru).StatusCode | Should -Be 206
        (Get-Item $file).Length | Should -Be 100
    }

    It 'finishes with -Resume when the partial file is already whole, and keeps it on another 416' {
        $file = Join-Path $TestDrive 'whole.bin'
        $all = [byte[]](0..999 | ForEach-Object { $_ % 251 })
        [IO.File]::WriteAllBytes("$file.partial", $all)
        $r = Invoke-Httpx "$base/range/1000" -Download $file -Resume -PassThru
        $r.Resumed | Should -BeTrue
        $r.StatusCode | Should -Be 416
        [IO.File]::ReadAllBytes($file) | Should -Be $all
        "$file.partial" | Should -Not -Exist

        $other = Join-Path $TestDrive 'other.bin'
        [IO.File]::WriteAllBytes("$other.partial", [byte[]]::new(10))
        { Invoke-Httpx "$base/status/416" -Download $other -Resume -SkipHttpErrorCheck -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.HTTPStatusError*'
        $other | Should -Not -Exist
        (Get-Item "$other.partial").Length | Should -Be 10
    }

    It 'leaves a whole file with -Resume and continues a shorter one, when there is no partial file' {
        $all = [byte[]](0..999 | ForEach-Object { $_ % 251 })
        $whole = Join-Path $TestDrive 'finished.bin'
        [IO.File]::WriteAllBytes($whole, $all)
        $earlier = [datetime]::new(2001, 2, 3, 4, 5, 6, [DateTimeKind]::Utc)
        (Get-Item $whole).LastWriteTimeUtc = $earlier
        $r = Invoke-Httpx "$base/range/1000" -Download $whole -Resume -PassThru
        $r.StatusCode | Should -Be 416
        $r.Resumed | Should -BeTrue
        (Get-Item $whole).LastWriteTimeUtc | Should -Be $earlier

        $start = Join-Path $TestDrive 'started.bin'
        [IO.File]::WriteAllBytes($start, $all[0..399])
        (Invoke-Httpx "$base/range/1000" -Download $start -Resume -PassThru).StatusCode | Should -Be 206
        [IO.File]::ReadAllBytes($start) | Should -Be $all
        "$start.partial" | Should -Not -Exist
    }

    It 'starts over with -Resume when the partial file is longer than the resource' {
        $file = Join-Path $TestDrive 'longer.bin'
        [IO.File]::WriteAllBytes("$file.partial", [byte[]]::new(1500))
        $r = Invoke-Httpx "$base/range/1000" -Download $file -Resume -PassThru
        $r.Resumed | Should -BeFalse
        (Get-Item $file).Length | Should -Be 1000
        "$file.partial" | Should -Not -Exist
    }

    It 'reads a quoted Content-Disposition file name whole and unescaped: <Name>' -TestCases @(
        @{ Name = 'a;b.txt'; Expected = 'a;b.txt' }
        @{ Name = 'say "hi".txt'; Expected = 'say _hi_.txt' }
        @{ Name = '..\..\evil.txt'; Expected = 'evil.txt' }
    ) {
        $dir = New-Item (Join-Path $TestDrive ([guid]::NewGuid())) -ItemType Directory
        $r = Invoke-Httpx "$base/download/10?filename=$([uri]::EscapeDataString($Name))" -Download $dir.FullName -PassThru
        $r.Path | Should -Be (Join-Path $dir.FullName $Expected)
        (Get-ChildItem -LiteralPath $dir.FullName).Name | Should -Be $Expected
    }

    It 'never names a file after a Windows device, nor with a trailing dot: <Name>' -TestCases @(
        @{ Name = 'nul.txt'; Expected = '_nul.txt' }
        @{ Name = 'CON'; Expected = '_CON' }
        @{ Name = 'Com1.log'; Expected = '_Com1.log' }
        @{ Name = 'report.'; Expected = 'report' }
    ) {
        $dir = New-Item (Join-Path $TestDrive ([guid]::NewGuid())) -ItemType Directory
        $r = Invoke-Httpx "$base/download/10?filename=$([uri]::EscapeDataString($Name))" -Download $dir.FullName -PassThru
        $r.Path | Should -Be (Join-Path $dir.FullName $Expected)
        (Get-ChildItem -LiteralPath $dir.FullName).Name | Should -Be $Expected
    }

    It 'gives a name the same safe form on every system: <Name>' -TestCases @(
        @{ Name = 'a<b>c:d|e?f*g.txt'; Expected = 'a_b_c_d_e_f_g.txt' }
        @{ Name = "invoice$([char]0x202E)gpj.exe"; Expected = 'invoice_gpj.exe' }
        @{ Name = "zero$([char]0x200B)width.txt"; Expected = 'zero_width.txt' }
        @{ Name = '. .bashrc'; Expected = 'bashrc' }
    ) {
        $dir = New-Item (Join-Path $TestDrive ([guid]::NewGuid())) -ItemType Directory
        $r = Invoke-Httpx "$base/download/10?filename_star=$([uri]::EscapeDataString($Name))" -Download $dir.FullName -PassThru
        $r.Path | Should -Be (Join-Path $dir.FullName $Expected)
        (Get-ChildItem -LiteralPath $dir.FullName -Force).Name | Should -Be $Expected
    }

    It 'takes the first of repeated file names, and none from Content-Disposition fields that differ: <Expected>' -TestCases @(
        @{ Fields = @('attachment; filename="foo.html"; filename="bar.html"'); Expected = 'foo.html' }
        @{ Fields = @('attachment; filename=foo.html', 'attachment; filename=bar.html'); Expected = 'response-headers' }
        @{ Fields = @('attachment; filename=same.html', 'attachment; filename=same.html'); Expected = 'same.html' }
    ) {
        $dir = New-Item (Join-Path $TestDrive ([guid]::NewGuid())) -ItemType Directory
        $query = ($Fields | ForEach-Object { "Content-Disposition=$([uri]::EscapeDataString($_))" }) -join '&'
        (Invoke-Httpx "$base/response-headers?$query" -Download $dir.FullName -PassThru).Path | Should -Be (Join-Path $dir.FullName $Expected)
    }

    It 'leaves no file at the target when the connection breaks' {
        $file = Join-Path $TestDrive 'broken.bin'
        { Invoke-Httpx "$base/broken/100000?after=40000" -Download $file -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.*Error*'
        $file | Should -Not -Exist
    }

    It 'leaves no empty partial file when the body fails at its first byte' {
        $dir = New-Item (Join-Path $TestDrive ([guid]::NewGuid())) -ItemType Directory
        { Invoke-Httpx "$base/encoding/malformed?e=gzip" -Download (Join-Path $dir.FullName 'data.bin') -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.DecodingError*'
        Get-ChildItem -LiteralPath $dir.FullName | Should -BeNullOrEmpty
    }

    It 'names the partial file a resume keeps when it gets no answer (DownloadTests.A_resume_that_gets_no_answer_names_the_partial_file_it_keeps)' {
        $file = Join-Path $TestDrive 'unanswered.bin'
        [IO.File]::WriteAllBytes("$file.partial", [byte[]](1..10))
        Invoke-Httpx 'http://127.0.0.1:1/unanswered.bin' -Download $file -Resume -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.ConnectError,*'
        "$($failure[0])" | Should -BeLike "*/unanswered.bin). What was received is kept in '$file.partial': -Download '$file' -Resume continues it."
        $failure[0].Exception.Data['Httpx.ResumableFile'] | Should -Be $file
        (Get-Item -LiteralPath "$file.partial").Length | Should -Be 10
    }

    It 'keeps the partial file of a resume answered from the start whose body fails at its first byte' {
        $file = Join-Path $TestDrive 'resumed-bad-chunk.bin'
        [IO.File]::WriteAllBytes("$file.partial", [byte[]](1..300 | ForEach-Object { $_ % 251 }))
        Invoke-Httpx "$($Server.'raw-tcp')/bad-chunk-size" -Download $file -Resume -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].FullyQualifiedErrorId | Should -BeLike 'Httpx.RemoteProtocolError,*'
        # The advice is in the message shown (ErrorDetails), as for a download broken half-way.
        "$($failure[0])" | Should -BeLike "*-Download '$file' -Resume continues it."
        # A sentence of its own after the engine's message, which ends with the request "(GET url)".
        "$($failure[0])" | Should -BeLike "*/bad-chunk-size). What was received is kept in*"
        (Get-Item -LiteralPath "$file.partial").Length | Should -Be 300
        # A script that retries finds the file to resume on the exception, as the help says.
        $failure[0].Exception.Data['Httpx.ResumableFile'] | Should -Be $file
    }

    It 'leaves no file at the target when the gzip body is cut short inside its data' {
        $file = Join-Path $TestDrive 'sample.txt'
        { Invoke-Httpx "$base/encoding/truncated/gzip" -Download $file -ErrorAction Stop } |
            Should -Throw -ErrorId 'Httpx.DecodingError*' -ExpectedMessage '*gzip data ended before its end*'
        $file | Should -Not -Exist
    }

    It 'continues <file>.partial with -Resume' {
        $file = Join-Path $TestDrive 'range.bin'
        $all = [byte[]](0..9999 | ForEach-Object { $_ % 251 })
        [IO.File]::WriteAllBytes("$file.partial", $all[0..3999])
        (Invoke-Httpx "$base/range/10000" -Download $file -Resume -PassThru).Resumed | Should -BeTrue
        [IO.File]::ReadAllBytes($file) | Should -Be $all
        "$file.partial" | Should -Not -Exist
    }

    It 'leaves my request as it was after -Resume' {
        $file = Join-Path $TestDrive 'kept.bin'
        [IO.File]::WriteAllBytes("$file.partial", [byte[]](0..3999 | ForEach-Object { $_ % 251 }))
        $req = New-HttpxRequest "$base/range/10000"
        (Invoke-Httpx -Request $req -Download $file -Resume -PassThru).Resumed | Should -BeTrue
        $req.Headers.ContainsKey('Range') | Should -BeFalse
        (Invoke-Httpx -Request $req -As Bytes).Length | Should -Be 10000
    }

    It 'refuses a folder that does not exist, naming it' {
        $file = Join-Path $TestDrive 'missing/out.bin'
        { Invoke-Httpx "$base/bytes/10" -Download $file } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand' -ExpectedMessage "*the folder '$(Join-Path $TestDrive 'missing')' does not exist*"
    }

    It 'leaves a read-only file as it was, as Invoke-WebRequest -OutFile does' {
        $file = Join-Path $TestDrive 'readonly.bin'
        Set-Content $file 'kept' -NoNewline
        Set-ItemProperty $file -Name IsReadOnly -Value $true
        try {
            { Invoke-Httpx "$base/bytes/10" -Download $file -ErrorAction Stop } |
                Should -Throw -ErrorId 'Httpx.FileError,Httpx.PowerShell.Commands.InvokeHttpxCommand' -ExpectedMessage "*'$file' is read-only*"
            Get-Content $file -Raw | Should -Be 'kept'
            "$file.partial" | Should -Not -Exist
        } finally { Set-ItemProperty $file -Name IsReadOnly -Value $false }
    }

    It 'never lets a second URL of the command replace the file of a name the first one took in the folder' {
        $folder = Join-Path $TestDrive 'same-name'
        New-Item -ItemType Directory $folder | Out-Null
        $failed = $null
        $paths = "$base/anything/a/report.txt", "$base/anything/b/report.txt", "$base/anything/c/other.txt" |
            Invoke-Httpx -Download $folder -PassThru -ErrorAction SilentlyContinue -ErrorVariable failed | ForEach-Object { Split-Path -Leaf $_.Path }
        $paths | Should -Be 'report.txt', 'other.txt'
        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -Be 'Httpx.FileError,Httpx.PowerShell.Commands.InvokeHttpxCommand'
        $failed[0].TargetObject | Should -Be "$base/anything/b/report.txt"
        Get-Content (Join-Path $folder 'report.txt') -Raw | Should -BeLike '*/anything/a/report.txt*'
    }

    It 'writes a file whose name is too long to take .partial after it, as Invoke-WebRequest -OutFile does' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'long-name')
        $file = Join-Path $folder (('n' * 250) + '.bin')
        (Invoke-Httpx "$base/bytes/1000" -Download $file -PassThru).FileLength | Should -Be 1000
        (Get-Item -LiteralPath $file).Length | Should -Be 1000
        @(Get-ChildItem -LiteralPath $folder).Count | Should -Be 1
    }

    It 'refuses a path with a NUL once for the command, naming -Download' {
        $errors = $null
        try { "$base/bytes/10", "$base/bytes/10" | Invoke-Httpx -Download (Join-Path $TestDrive "a$([char]0)b.bin") -ErrorVariable errors -ErrorAction SilentlyContinue } catch { }
        @($errors).Count | Should -Be 1
        $record = if ($errors[0] -is [System.Management.Automation.ErrorRecord]) { $errors[0] } else { $errors[0].ErrorRecord }
        $record.FullyQualifiedErrorId | Should -Be 'Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand'
        $record.TargetObject | Should -Be 'Download'
        # A backtick is a wildcard escape: matched as text.
        "$record".Contains("a``0b.bin': the path holds a NUL character") | Should -BeTrue
    }

    It 'refuses a path of another provider than the file system, before any request' {
        $cwd = [Environment]::CurrentDirectory
        { Invoke-Httpx "$base/bytes/10" -Download variable:httpx-out.bin } |
            Should -Throw -ErrorId 'Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand' -ExpectedMessage "*is a path of the Variable provider*"
        Join-Path $cwd 'httpx-out.bin' | Should -Not -Exist
    }

    It 'says so when another download is writing the same file' {
        $file = Join-Path $TestDrive 'shared.bin'
        $held = [IO.FileStream]::new("$file.partial", 'Create', 'Write', 'None')
        try {
            { Invoke-Httpx "$base/bytes/10" -Download $file -ErrorAction Stop } |
                Should -Throw -ErrorId 'Httpx.FileError,*' -ExpectedMessage "Another download is writing*"
        }
        finally { $held.Dispose() }
        $file | Should -Not -Exist
    }

    It 'raises for a 4xx/5xx and writes nothing' {
        $file = Join-Path $TestDrive 'missing.bin'
        { Invoke-Httpx "$base/status/404" -Download $file -ErrorAction Stop } | Should -Throw -ErrorId 'Httpx.HTTPStatusError*'
        $file | Should -Not -Exist
    }

    It 'shows the body of the error status it raises, and keeps it on the response' {
        $file = Join-Path $TestDrive 'missing.bin'
        Invoke-Httpx "$base/status/404" -Download $file -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].ErrorDetails.Message | Should -Be "404 Not Found from GET $base/status/404: {`"status`":404}"
        $failure[0].Exception.Response.Text | Should -Be '{"status":404}'
    }

    It 'saves the error page with -SkipHttpErrorCheck' {
        $file = Join-Path $TestDrive 'error-page.json'
        (Invoke-Httpx "$base/status/404" -Download $file -SkipHttpErrorCheck -PassThru).StatusCode | Should -Be 404
        Get-Content -Raw $file | Should -Match '404'
    }
}
