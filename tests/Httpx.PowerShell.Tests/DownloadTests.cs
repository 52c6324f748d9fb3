using System.Text.RegularExpressions;
namespace Httpx.PowerShell.Tests;

public sealed class DownloadTests : IClassFixture<PowerShellFixture>, IDisposable
{
    private readonly PowerShellFixture _ps;
    public DownloadTests(PowerShellFixture ps) => _ps = ps;

    // Each test's folders, removed after it: a run left one folder per download test in the temp directory.
    private readonly List<string> _folders = new();

    // Bytes start .. start + count - 1 of the test server's /range/N body (byte i is i % 251).
    private static byte[] RangeBody(int start, int count) => Enumerable.Range(start, count).Select(i => (byte)(i % 251)).ToArray();

    private string NewFolder()
    {
        var folder = Directory.CreateTempSubdirectory("httpx-ps-").FullName;
        _folders.Add(folder);
        return folder;
    }

    public void Dispose()
    {
        foreach (var folder in _folders) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Download_writes_the_file_and_PassThru_writes_the_response_with_its_path()
    {
        var dir = NewFolder();
        var file = Path.Combine(dir, "out.bin");
        var result = _ps.Run($$"""
            Invoke-Httpx "$base/bytes/50000" -Download '{{file}}'
            $r = Invoke-Httpx "$base/bytes/1000" -OutFile '{{file}}' -PassThru
            $r.StatusCode; $r.Path; $r.PSObject.TypeNames[0]
            try { $r.Text } catch { $_.FullyQualifiedErrorId }
            try { $r.Content } catch { $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        // Its own type name, so that its view shows the path (Httpx.Format.ps1xml; the table itself is checked in Pester).
        // Its body went to the file: .Text is HTTPX's ResponseNotRead, as the help of -PassThru says, naming the file
        // (HTTPX's "without having called `Read()`" sent Invoke-WebRequest -OutFile -PassThru users reading .Content
        // to a Read() that cannot bring it back).
        Assert.Equal(new object[]
        {
            200, file, "Httpx.DownloadedResponse", "Httpx.ResponseNotRead",
            $"The body was saved to '{file}' by -Download, not kept in memory: read it from the file (Get-Content -Raw, [IO.File]::ReadAllBytes), where Invoke-WebRequest -OutFile -PassThru kept it in .Content too.",
        }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(1000, new FileInfo(file).Length);
        Assert.False(File.Exists(file + ".partial"));
    }

    [Fact]
    public void A_HEAD_downloads_as_an_empty_file_whatever_its_Content_Length()
    {
        // A HEAD's Content-Length is what a GET would send: it was taken as the body's, and the download was a
        // RemoteProtocolError "ended after 0 of 100 bytes" that left an empty partial file.
        var dir = NewFolder();
        var file = Path.Combine(dir, "head.bin");
        var result = _ps.Run($$"""
            (Invoke-Httpx "$base/bytes/100" -Method HEAD -Download '{{file}}' -PassThru).Headers['Content-Length']
            """);
        Assert.Empty(result.Errors);
        Assert.Equal("100", Assert.Single(result.Output).BaseObject);
        Assert.Equal(new[] { file }, Directory.GetFiles(dir));
        Assert.Equal(0, new FileInfo(file).Length);
    }

    [Fact]
    public void PassThru_gives_the_files_path_also_as_OutFile_as_Invoke_WebRequest_does()
    {
        // Invoke-WebRequest -OutFile <folder> -PassThru has the file it named in .OutFile; here it read $null.
        var dir = NewFolder();
        var result = _ps.Run($$"""
            Set-StrictMode -Version Latest
            $r = Invoke-Httpx "$base/bytes/10" -OutFile '{{dir}}' -PassThru
            $r.OutFile; $r.OutFile -eq $r.Path
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { Path.Combine(dir, "10"), true }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Verbose_names_the_file_a_download_was_saved_to()
    {
        // Into a folder the name comes from the response; -Verbose showed the exchange but never which file it wrote
        // (Invoke-WebRequest -Verbose names it, curl says where it saved).
        var dir = NewFolder();
        var result = _ps.Run($$"""
            Invoke-Httpx "$base/bytes/10" -OutFile '{{dir}}' -Verbose
            """);
        Assert.Empty(result.Errors);
        Assert.Equal($"* Saved 10 bytes to {Path.Combine(dir, "10")}", result.Verbose.Last());
    }

    [Fact]
    public void A_download_into_a_folder_that_does_not_exist_stops_before_any_request()
    {
        var file = Path.Combine(NewFolder(), "missing", "out.bin");
        var result = _ps.Run($$"""
            $script:sent = 0
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) $script:sent++; @{ Text = 'x' } })
            try { Invoke-Httpx https://example.org/f -Client $c -Download '{{file}}' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            $script:sent
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            $"-Download '{file}': the folder '{Path.GetDirectoryName(file)}' does not exist. (Parameter 'Download')",
            0,
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_read_only_file_is_not_replaced_and_the_next_piped_download_goes_on()
    {
        // The rename that ends a download replaced a read-only file on Linux and macOS, where Invoke-WebRequest -OutFile
        // and curl -o fail to open it.
        var folder = NewFolder();
        var kept = Path.Combine(folder, "kept.bin");
        File.WriteAllText(kept, "kept");
        File.SetAttributes(kept, FileAttributes.ReadOnly);
        try
        {
            var result = _ps.Run($$"""
                "$base/bytes/10", "$base/bytes/20" | ForEach-Object { $i = 0 } { $i++; [pscustomobject]@{ Url = $_; Path = if ($i -eq 1) { '{{kept}}' } else { '{{folder}}/new.bin' } } } |
                    ForEach-Object { Invoke-Httpx $_.Url -Download $_.Path -PassThru -ErrorAction SilentlyContinue -ErrorVariable +failed } | ForEach-Object FileLength
                $failed | ForEach-Object { $_.FullyQualifiedErrorId; $_.Exception.Message }
                """);
            Assert.Empty(result.Errors);
            Assert.Equal(new object[]
            {
                20L,
                "Httpx.FileError,Httpx.PowerShell.Commands.InvokeHttpxCommand",
                $"The file '{kept}' is read-only: a download does not replace it, as Invoke-WebRequest -OutFile and curl -o do not. Make it writable or remove it first, or give another path.",
            }, result.Output.Select(o => o.BaseObject).ToArray());
            Assert.Equal("kept", File.ReadAllText(kept));
            Assert.False(File.Exists(kept + ".partial"));
        }
        finally { File.SetAttributes(kept, FileAttributes.Normal); }
    }

    [Fact]
    public void A_download_path_with_a_NUL_is_one_error_for_the_command_naming_Download_before_any_request()
    {
        // Each piped URL failed with .NET's bare "Null character in path.", the URL as its target.
        var folder = NewFolder();
        var result = _ps.Run($$"""
            $script:sent = 0
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) $script:sent++; @{ Text = 'x' } })
            try { 'https://example.org/a', 'https://example.org/b' | Invoke-Httpx -Client $c -Download ('{{folder}}/a' + [char]0 + 'b.bin') } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category; $_.TargetObject; $_.Exception.Message }
            $script:sent
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            System.Management.Automation.ErrorCategory.InvalidArgument,
            "Download",
            $"-Download '{folder}/a`0b.bin': the path holds a NUL character (shown as `0), which no file name can hold. (Parameter 'Download')",
            0,
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Theory]
    // c4ae5c3 said the NUL check covers the other paths the module reads, each named by its parameter; only -Download
    // was shown. Two piped URLs, one error: the check is made once per command.
    [InlineData("$urls | Invoke-Httpx -Verify $p", "-Verify", "Verify")]
    [InlineData("$urls | Invoke-Httpx -Client $c -Method POST -Files @{ f = $p }", "-Files 'f':", "Files")]
    [InlineData("$urls | Invoke-Httpx -Certificate $p", "Cannot process argument transformation on parameter 'Certificate'. -Certificate", null)]
    [InlineData("New-HttpxClient -CookieFile $p", "-CookieFile", "CookieFile")]
    [InlineData("New-HttpxTransport -UnixSocket $p", "-UnixSocket", "UnixSocket")]
    [InlineData("New-HttpxAuth -NetRC -Path $p", "-Path", "Path")]
    public void A_path_with_a_NUL_is_one_error_naming_its_parameter_for_every_path_parameter(string command, string label, string? parameter)
    {
        var result = _ps.Run($$"""
            $script:sent = 0
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) $script:sent++; @{ Text = 'x' } })
            $urls = 'https://example.org/a', 'https://example.org/b'
            $p = '/tmp/a' + [char]0 + 'b'
            try { {{command}} } catch { $_.Exception.Message }
            $script:sent
            """);
        Assert.Empty(result.Errors);
        var suffix = parameter is null ? "" : $" (Parameter '{parameter}')";
        Assert.Equal(new object[] { $"{label} '/tmp/a`0b': the path holds a NUL character (shown as `0), which no file name can hold.{suffix}", 0 },
            result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void A_download_path_of_another_provider_than_the_file_system_is_refused_before_any_request()
    {
        // variable:out.bin resolved to the provider path "out.bin", which the download then wrote in the process's
        // working folder, neither the variable asked for nor the current location. Invoke-WebRequest refuses it too.
        // A name of its own, looked for in the process's working folder: that folder is the process's, shared by the
        // tests running alongside, so it is not changed (set to a folder deleted after the test, it was left gone).
        var name = $"httpx-out-{Guid.NewGuid():N}.bin";
        var result = _ps.Run($$"""
            $script:sent = 0
            $c = New-HttpxClient -Transport (New-HttpxMockTransport { param($Request) $script:sent++; @{ Text = 'x' } })
            try { Invoke-Httpx https://example.org/f -Client $c -Download variable:{{name}} } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category; $_.TargetObject; $_.Exception.Message }
            $script:sent
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand",
            System.Management.Automation.ErrorCategory.InvalidArgument,
            "Download",
            $"-Download 'variable:{name}' is a path of the Variable provider: give a path in the file system. (Parameter 'Download')",
            0,
        }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, name)));
    }

    [Fact]
    public void A_gzip_body_cut_short_inside_its_data_is_a_DecodingError_and_leaves_no_file()
    {
        // The Content-Length matched what was sent; the gzip data stopped before its end. The decoded start of the
        // body was saved as the complete file.
        var file = Path.Combine(NewFolder(), "sample.txt");
        var result = _ps.Run($$"""Invoke-Httpx "$base/encoding/truncated/gzip" -Download '{{file}}'""");
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.DecodingError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Contains("Content-Encoding 'gzip': The gzip data ended before its end: the body was cut short.", error.Exception.Message);
        Assert.Contains("/encoding/truncated/gzip", error.TargetObject?.ToString());
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void A_download_to_a_file_another_download_is_writing_says_so()
    {
        var file = Path.Combine(NewFolder(), "data.bin");
        // Held as a second download would hold it, so that the two overlap every time.
        using (new FileStream(file + ".partial", FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var result = _ps.Run($$"""Invoke-Httpx "$base/bytes/10" -Download '{{file}}'""");
            var error = Assert.Single(result.Errors);
            Assert.Equal("Httpx.FileError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
            Assert.Equal($"Another download is writing '{file}.partial' (two downloads to the file '{file}'?): give each its own file.", error.Exception.Message);
        }
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void A_download_path_is_a_PowerShell_path_so_the_home_folder_works()
    {
        var name = $"httpx-test-{Guid.NewGuid():N}.bin";
        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), name);
        try
        {
            var result = _ps.Run($$"""Invoke-Httpx "$base/bytes/100" -Download '~/{{name}}'""");
            Assert.Empty(result.Errors);
            Assert.Equal(100, new FileInfo(home).Length);
        }
        finally
        {
            File.Delete(home);
        }
    }

    [Fact]
    public void A_download_with_a_client_takes_the_calls_auth_and_redirect_settings()
    {
        var dir = NewFolder();
        var file = Path.Combine(dir, "secret.json");
        var result = _ps.Run($$"""
            $client = New-HttpxClient
            $auth = New-HttpxAuth -Basic -UserName user -Password pass
            $target = [uri]::EscapeDataString("$base/basic-auth/user/pass")
            $r = Invoke-Httpx "$base/redirect-to?url=$target" -Client $client -Auth $auth -FollowRedirects -Download '{{file}}' -PassThru
            $r.StatusCode; $r.History.Count
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 200, 1 }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Contains("\"authenticated\"", File.ReadAllText(file));
    }

    [Fact]
    public void A_folder_target_takes_the_name_from_Content_Disposition_else_the_URL()
    {
        var dir = NewFolder();
        var result = _ps.Run($$"""
            Invoke-Httpx "$base/download/10?filename=report.csv" -Download '{{dir}}'
            Invoke-Httpx "$base/bytes/10" -Download '{{dir}}'
            """);
        Assert.Empty(result.Errors);
        Assert.True(File.Exists(Path.Combine(dir, "report.csv")));
        Assert.True(File.Exists(Path.Combine(dir, "10")));
    }

    [Fact]
    public void A_name_from_the_URL_a_redirect_chose_never_replaces_a_file()
    {
        // The name after a redirect is the server's choice, as a Content-Disposition one is (wget's CVE-2010-2252).
        var dir = NewFolder();
        File.WriteAllText(Path.Combine(dir, "10"), "precious");
        var result = _ps.Run($$"""
            Invoke-Httpx "$base/redirect-to?url=/bytes/10" -FollowRedirects -Download '{{dir}}'
            (Invoke-Httpx "$base/redirect-to?url=/bytes/12" -FollowRedirects -Download '{{dir}}' -PassThru).Path
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.FileError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.WriteError, error.CategoryInfo.Category);
        Assert.Contains("the URL it redirected to", error.Exception.Message);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(dir, "10")));
        // A name nothing has yet is taken from the redirect's URL, as Invoke-WebRequest takes it.
        Assert.Equal(Path.Combine(dir, "12"), Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void A_name_the_server_chooses_never_replaces_a_file_and_a_name_from_the_URL_does()
    {
        // The server could name any file of the folder (.bashrc in ~, a script beside it): it was replaced.
        var dir = NewFolder();
        File.WriteAllText(Path.Combine(dir, "report.csv"), "precious");
        File.WriteAllText(Path.Combine(dir, "10"), "old");
        var result = _ps.Run($$"""
            Invoke-Httpx "$base/download/10?filename=report.csv" -Download '{{dir}}'
            Invoke-Httpx "$base/bytes/10" -Download '{{dir}}'
            Invoke-Httpx "$base/download/10?filename=.bashrc" -Download '{{dir}}'
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.FileError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Contains("never replaces a file", error.Exception.Message);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(dir, "report.csv")));
        Assert.Equal(10, new FileInfo(Path.Combine(dir, "10")).Length);
        // A leading dot would make a hidden file: it is dropped.
        Assert.True(File.Exists(Path.Combine(dir, "bashrc")));
        Assert.False(File.Exists(Path.Combine(dir, ".bashrc")));

        // A URL's name that is a folder there is refused before the body is written (it failed at the rename, and the
        // whole body stayed in a .partial file).
        Directory.CreateDirectory(Path.Combine(dir, "20"));
        var folder = _ps.Run($$"""Invoke-Httpx "$base/bytes/20" -Download '{{dir}}'""");
        Assert.Equal("Httpx.FileError,Httpx.PowerShell.Commands.InvokeHttpxCommand", Assert.Single(folder.Errors).FullyQualifiedErrorId);
        Assert.False(File.Exists(Path.Combine(dir, "20.partial")));
    }

    [Fact]
    public void A_Content_Disposition_name_that_is_the_URLs_own_replaces_a_file_as_the_URLs_name_does()
    {
        // Release and storage servers name the file as its URL does: the name asked for, so a script that downloads
        // into a folder again replaces the file (its second run was an Httpx.FileError, "exists already").
        var dir = NewFolder();
        File.WriteAllText(Path.Combine(dir, "10"), "old");
        var result = _ps.Run($$"""
            (Invoke-Httpx "$base/download/10?filename=10" -Download '{{dir}}' -PassThru).Path
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(Path.Combine(dir, "10"), Assert.Single(result.Output).BaseObject);
        Assert.Equal(10, new FileInfo(Path.Combine(dir, "10")).Length);
    }

    [Fact]
    public void Resume_of_a_partial_file_that_is_already_whole_succeeds_on_the_416_without_sending_the_body_again()
    {
        // wget -c's "already fully retrieved": the 416 answering bytes=1000- says "bytes */1000", the partial file's
        // length, so the partial file is the download. Another 416 (here without a Content-Range) is an error that
        // keeps the partial file.
        var file = Path.Combine(NewFolder(), "f.bin");
        var all = RangeBody(0, 1000);
        File.WriteAllBytes(file + ".partial", all);
        var other = file + ".other";
        File.WriteAllBytes(other + ".partial", new byte[10]);
        var result = _ps.Run($$"""
            $r = Invoke-Httpx "$base/range/1000" -Download '{{file}}' -Resume -PassThru
            $r.Resumed; $r.StatusCode; $r.Path
            Invoke-Httpx "$base/status/416" -Download '{{other}}' -Resume -SkipHttpErrorCheck
            """);
        Assert.Equal(new object[] { true, 416, file }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(all, File.ReadAllBytes(file));
        Assert.False(File.Exists(file + ".partial"));
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.HTTPStatusError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.False(File.Exists(other));
        Assert.Equal(10, new FileInfo(other + ".partial").Length);
    }

    [Fact]
    public void A_tar_gz_served_with_Content_Encoding_gzip_is_saved_as_the_gzip_file_it_is()
    {
        // Apache's AddEncoding x-gzip .gz labels a stored .gz so: decoded, app.tar.gz held a tar that tar -xzf refuses.
        var dir = NewFolder();
        var result = _ps.Run($$"""
            $r = Invoke-Httpx "$base/encoding/gzip?type=application/x-tar" -Download '{{Path.Combine(dir, "app.tar.gz")}}' -PassThru
            $r.FileLength
            [int]$r.Headers['Content-Length']
            """);
        Assert.Empty(result.Errors);
        var bytes = File.ReadAllBytes(Path.Combine(dir, "app.tar.gz"));
        Assert.Equal(new byte[] { 0x1f, 0x8b }, bytes[..2]);
        Assert.Equal(new long[] { bytes.Length, bytes.Length }, result.Output.Select(o => Convert.ToInt64(o.BaseObject)).ToArray());
    }

    [Fact]
    public void PassThru_shows_the_files_length_not_the_bodys_content_length()
    {
        // A resumed file's Content-Length is the rest of it; a gzip body's, its compressed size; a chunked one has none.
        var dir = NewFolder();
        File.WriteAllBytes(Path.Combine(dir, "resumed.bin.partial"), RangeBody(0, 300));
        var script = $$"""
            Invoke-Httpx "$base/range/1000" -Download '{{Path.Combine(dir, "resumed.bin")}}' -Resume -PassThru
            Invoke-Httpx "$base/encoding/gzip" -Download '{{Path.Combine(dir, "gzip.json")}}' -PassThru
            Invoke-Httpx "$base/bytes/5000?chunked=1" -Download '{{Path.Combine(dir, "chunked.bin")}}' -PassThru
            """;
        // Read in the runspace, as a user reads them: the type data's Length is a member PowerShell adds there.
        var result = _ps.Run($"$out = @({script}); $out | ForEach-Object {{ $_.FileLength }}; $out[1].Length");
        Assert.Empty(result.Errors);
        var sizes = new[] { "resumed.bin", "gzip.json", "chunked.bin" }.Select(f => new FileInfo(Path.Combine(dir, f)).Length).ToArray();
        var shown = result.Output.Select(o => Convert.ToInt64(o.BaseObject)).ToArray();
        Assert.Equal(new long[] { 1000, sizes[1], 5000 }, shown[..3]);
        Assert.True(sizes[1] > shown[3]); // the file holds the decoded body; Length is the response's Content-Length

        // The same downloads again, shown: from the same partial file.
        foreach (var f in Directory.GetFiles(dir)) File.Delete(f);
        File.WriteAllBytes(Path.Combine(dir, "resumed.bin.partial"), RangeBody(0, 300));
        var table = _ps.Display(script);
        Assert.Matches($@"(?m)^206 Partial Con\S* +{DisplayTests.Decimal} +1000 True +{Regex.Escape(Path.Combine(dir, "resumed.bin"))} *$", table);
        Assert.Matches($@"(?m)^200 OK +{DisplayTests.Decimal} +{sizes[1]} False +{Regex.Escape(Path.Combine(dir, "gzip.json"))} *$", table);
        Assert.Matches($@"(?m)^200 OK +{DisplayTests.Decimal} +5000 False +{Regex.Escape(Path.Combine(dir, "chunked.bin"))} *$", table);
    }

    [Fact]
    public void The_download_table_shows_a_file_under_the_current_location_from_there_so_its_name_fits_80_columns()
    {
        // Cut to the column from the right, a full path lost the file's name first: at 80 columns the Path column has
        // 36 characters, and /tmp/httpx-ps-<random>/artifacts/ alone is longer.
        var dir = NewFolder();
        var outside = NewFolder();
        var sep = Path.DirectorySeparatorChar;
        var table = _ps.Display($$"""
            $null = $ExecutionContext.SessionState.Path.SetLocation('{{dir}}')
            $null = [IO.Directory]::CreateDirectory('{{Path.Combine(dir, "artifacts")}}')
            Invoke-Httpx "$base/download/100", "$base/bytes/5000" -Download ./artifacts -PassThru
            Invoke-Httpx "$base/bytes/10" -Download '{{Path.Combine(outside, "x.bin")}}' -PassThru
            """, 80);

        Assert.Matches($@"(?m)^200 OK +{DisplayTests.Decimal} +100 False +{Regex.Escape($".{sep}artifacts{sep}100")} *$", table);
        Assert.Matches($@"(?m)^200 OK +{DisplayTests.Decimal} +5000 False +{Regex.Escape($".{sep}artifacts{sep}5000")} *$", table);
        // A file elsewhere is shown from its root, as before.
        Assert.Matches($@"(?m)^200 OK +{DisplayTests.Decimal} +10 False +{Regex.Escape(outside[..10])}", table);
    }

    [Fact]
    public void The_download_table_shows_the_whole_path_when_the_current_location_is_not_in_the_file_system()
    {
        // In Env: or HKLM:, "./artifacts/100" would read as a path there: the file-system location PowerShell keeps
        // aside is not where the prompt is.
        var dir = NewFolder();
        var table = _ps.Display($$"""
            $null = $ExecutionContext.SessionState.Path.SetLocation('{{dir}}')
            $null = [IO.Directory]::CreateDirectory('{{Path.Combine(dir, "artifacts")}}')
            $r = Invoke-Httpx "$base/download/100" -Download ./artifacts/100 -PassThru
            $null = $ExecutionContext.SessionState.Path.SetLocation('Env:')
            $r
            """, 200);

        Assert.Matches($@"(?m)^200 OK +{DisplayTests.Decimal} +100 False +{Regex.Escape(Path.Combine(dir, "artifacts", "100"))} *$", table);
    }

    [Fact]
    public void Resume_of_a_finished_file_without_a_partial_file_leaves_a_whole_one_and_continues_a_shorter_one()
    {
        // As Invoke-WebRequest -Resume and wget -c: the file was downloaded again whole, every time.
        var dir = NewFolder();
        var whole = Path.Combine(dir, "whole.bin");
        var start = Path.Combine(dir, "start.bin");
        File.WriteAllBytes(whole, RangeBody(0, 1000));
        File.SetLastWriteTimeUtc(whole, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        File.WriteAllBytes(start, RangeBody(0, 400));
        var result = _ps.Run($$"""
            $r = Invoke-Httpx "$base/range/1000" -Download '{{whole}}' -Resume -PassThru
            $r.StatusCode; $r.Resumed; $r.FileLength
            $r = Invoke-Httpx "$base/range/1000" -Download '{{start}}' -Resume -PassThru
            $r.StatusCode; $r.Resumed; $r.FileLength
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 416, true, 1000L, 206, true, 1000L }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc), File.GetLastWriteTimeUtc(whole));
        Assert.Equal(RangeBody(0, 1000), File.ReadAllBytes(whole));
        Assert.Equal(RangeBody(0, 1000), File.ReadAllBytes(start));
        Assert.Empty(Directory.GetFiles(dir, "*.partial"));
    }

    [Fact]
    public void Resume_starts_over_when_the_partial_file_is_longer_than_the_resource()
    {
        // The resource changed (a 416 for bytes=1500-, of 1000): it failed with the same 416 at every retry, and with
        // -SkipHttpErrorCheck the error page became the file.
        var file = Path.Combine(NewFolder(), "f.bin");
        File.WriteAllBytes(file + ".partial", new byte[1500]);
        var result = _ps.Run($$"""
            $r = Invoke-Httpx "$base/range/1000" -Download '{{file}}' -Resume -PassThru -SkipHttpErrorCheck
            $r.Resumed; $r.StatusCode
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { false, 200 }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(RangeBody(0, 1000), File.ReadAllBytes(file));
        Assert.False(File.Exists(file + ".partial"));
    }

    [Fact]
    public void A_quoted_Content_Disposition_file_name_is_read_whole_and_unescaped_and_stays_in_the_folder()
    {
        var dir = NewFolder();
        // The server sends filename="..." with \ and " escaped as quoted-pairs.
        var result = _ps.Run($$"""
            foreach ($name in 'a;b.txt', 'say "hi".txt', '..\..\evil.txt') {
                (Invoke-Httpx "$base/download/10?filename=$([uri]::EscapeDataString($name))" -Download '{{dir}}' -PassThru).Path
            }
            """);
        Assert.Empty(result.Errors);
        // '"' is refused on Windows, and replaced on every system so that a download gets one name everywhere.
        string[] expected = [Path.Combine(dir, "a;b.txt"), Path.Combine(dir, "say _hi_.txt"), Path.Combine(dir, "evil.txt")];
        Assert.Equal(expected, result.Output.Select(o => (string)o.BaseObject));
        Assert.Equal(expected.Order(), Directory.GetFiles(dir).Order());
    }

    [Fact]
    public void A_folder_download_takes_the_first_repeated_name_none_from_differing_fields_and_never_writes_through_a_link()
    {
        var dir = NewFolder();
        var result = _ps.Run($$"""
            $one = [uri]::EscapeDataString('attachment; filename="first.txt"; filename="second.txt"')
            (Invoke-Httpx "$base/response-headers?Content-Disposition=$one" -Download '{{dir}}' -PassThru).Path
            $a = [uri]::EscapeDataString('attachment; filename=a.txt'); $b = [uri]::EscapeDataString('attachment; filename=b.txt')
            (Invoke-Httpx "$base/response-headers?Content-Disposition=$a&Content-Disposition=$b" -Download '{{dir}}' -PassThru).Path
            """);
        Assert.Empty(result.Errors);
        Assert.Equal([Path.Combine(dir, "first.txt"), Path.Combine(dir, "response-headers")], result.Output.Select(o => (string)o.BaseObject));
        if (OperatingSystem.IsWindows()) return; // making a link there needs a privilege the tests may not have

        // A link at the partial file's name took the body to the file it named, out of the folder.
        var elsewhere = Path.Combine(NewFolder(), "elsewhere.txt");
        File.WriteAllText(elsewhere, "precious");
        File.CreateSymbolicLink(Path.Combine(dir, "report.csv.partial"), elsewhere);
        var linked = _ps.Run($$"""Invoke-Httpx "$base/download/10?filename=report.csv" -Download '{{dir}}'""");
        var error = Assert.Single(linked.Errors);
        Assert.Equal("Httpx.FileError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Contains("is a link to", error.Exception.Message);
        Assert.Equal("precious", File.ReadAllText(elsewhere));
    }

    [Fact]
    public void A_redirect_not_followed_is_a_status_error_for_a_download_and_writes_nothing()
    {
        var file = Path.Combine(NewFolder(), "data.bin");
        var result = _ps.Run($$"""
            Invoke-Httpx "$base/redirect-to?url=/bytes/10" -Download '{{file}}'
            (Invoke-Httpx "$base/redirect-to?url=/bytes/10" -Download '{{file}}' -FollowRedirects -PassThru).StatusCode
            """);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.HTTPStatusError,", error.FullyQualifiedErrorId);
        Assert.Contains("Redirect location", error.Exception.Message);
        Assert.Equal(new object[] { 200 }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(10, new FileInfo(file).Length);
    }

    [Fact]
    public void A_broken_download_is_an_error_and_leaves_no_file_at_the_target()
    {
        var file = Path.Combine(NewFolder(), "data.bin");
        var broken = _ps.Run($$"""Invoke-Httpx "$base/broken/100000?after=40000" -Download '{{file}}'""");
        var error = Assert.Single(broken.Errors);
        Assert.Matches("^Httpx\\.(ReadError|RemoteProtocolError),", error.FullyQualifiedErrorId);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void A_file_name_too_long_for_its_partial_suffix_downloads_and_its_broken_download_names_the_partial_file_kept()
    {
        // A name of 248 to 255 bytes, which Invoke-WebRequest -OutFile writes, failed: "The path '<name>.partial' is too long".
        var dir = NewFolder();
        var file = Path.Combine(dir, new string('n', 250) + ".bin");
        var result = _ps.Run($$"""
            (Invoke-Httpx "$base/bytes/1000" -Download '{{file}}' -PassThru).FileLength
            try { Invoke-Httpx "$raw/truncated" -Download '{{file}}' -ErrorAction Stop } catch { $_.ErrorDetails.Message }
            """);
        Assert.Empty(result.Errors);
        var partial = Assert.Single(Directory.GetFiles(dir, "*.partial"));
        Assert.Matches("^n+~[0-9a-f]{8}\\.partial$", Path.GetFileName(partial));
        Assert.Equal(1000L, result.Output[0].BaseObject);
        Assert.EndsWith($"What was received is kept in '{partial}': -Download '{file}' -Resume continues it.", (string)result.Output[1].BaseObject);
        Assert.Equal("0123456789"u8.ToArray(), File.ReadAllBytes(partial));
        Assert.Equal(1000, new FileInfo(file).Length);
    }

    [Fact]
    public void A_resume_that_gets_no_answer_names_the_partial_file_it_keeps()
    {
        // Run again after a break, a resume whose connection was refused (or reset before the response) said only
        // "Connection refused by ...": the partial file, still there, and the -Resume that continues it went unnamed.
        var file = Path.Combine(NewFolder(), "data.bin");
        File.WriteAllBytes(file + ".partial", "0123456789"u8.ToArray());
        var result = _ps.Run($"Invoke-Httpx 'http://127.0.0.1:1/data.bin' -Download '{file}' -Resume");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.ConnectError,", error.FullyQualifiedErrorId);
        Assert.EndsWith($"/data.bin). What was received is kept in '{file}.partial': -Download '{file}' -Resume continues it.", error.ErrorDetails?.Message);
        Assert.Equal(file, error.Exception.Data["Httpx.ResumableFile"]);
        Assert.Equal("0123456789"u8.ToArray(), File.ReadAllBytes(file + ".partial"));
    }

    [Fact]
    public void A_broken_downloads_error_names_the_partial_file_that_Resume_continues()
    {
        // The error said only "Server disconnected without sending the complete response body": the bytes received
        // were in a .partial file it did not name, and nothing said that -Resume continues it. (/truncated promises 100
        // bytes, sends 10 and closes.)
        var file = Path.Combine(NewFolder(), "data.bin");
        var broken = _ps.Run($$"""Invoke-Httpx "$raw/truncated" -Download '{{file}}'""");
        var error = Assert.Single(broken.Errors);
        Assert.StartsWith("Httpx.RemoteProtocolError,", error.FullyQualifiedErrorId);
        // The message shown (ErrorDetails), as for a status error's body excerpt.
        Assert.StartsWith("Server disconnected without sending the complete response body", error.ErrorDetails?.Message);
        Assert.EndsWith($"What was received is kept in '{file}.partial': -Download '{file}' -Resume continues it.", error.ErrorDetails!.Message);
        // Two sentences: the engine's message ends with the request, "(GET url)", and no full stop; the advice was run on
        // after it ("... (GET http://host/truncated) What was received ...").
        Assert.Matches(@"/truncated\)\. What was received", error.ErrorDetails.Message);
        Assert.Equal("0123456789"u8.ToArray(), File.ReadAllBytes(file + ".partial"));
        Assert.False(File.Exists(file));
        // For a script that retries, as the help of -Resume says: the file to give -Download -Resume, on the exception.
        var resume = _ps.Run($$"""
            try { Invoke-Httpx "$raw/truncated" -Download '{{file}}' -ErrorAction Stop } catch { $_.Exception.Data['Httpx.ResumableFile'] }
            """);
        Assert.Equal(file, Assert.Single(resume.Output).BaseObject);

        // Into a folder, the advice names the file (a folder cannot be resumed), as a command that can be pasted: a
        // quote in the path doubled.
        var dir = Directory.CreateDirectory(Path.Combine(NewFolder(), "it's")).FullName;
        var inFolder = _ps.Run($$"""Invoke-Httpx "$raw/truncated" -Download '{{dir.Replace("'", "''")}}'""");
        var named = Path.Combine(dir, "truncated").Replace("'", "''");
        Assert.EndsWith($"-Download '{named}' -Resume continues it.", Assert.Single(inFolder.Errors).ErrorDetails!.Message);
    }

    [Theory]
    [InlineData("$raw/bad-chunk-size", "Httpx.RemoteProtocolError")]
    [InlineData("$base/encoding/malformed?e=gzip", "Httpx.DecodingError")]
    public void A_download_that_fails_before_its_first_byte_leaves_no_file_at_all(string url, string id)
    {
        // An empty data.bin.partial was left beside the target, named by no message and with nothing to resume.
        var folder = NewFolder();
        var file = Path.Combine(folder, "data.bin");
        var result = _ps.Run($$"""Invoke-Httpx "{{url}}" -Download '{{file}}'""");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith(id + ",", error.FullyQualifiedErrorId);
        Assert.DoesNotContain("-Resume", error.ToString());
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void A_resume_answered_from_the_start_that_fails_before_its_first_byte_keeps_the_partial_file()
    {
        // The raw server ignores the Range and its chunked body fails at once: the partial file was emptied, then deleted.
        var file = Path.Combine(NewFolder(), "data.bin");
        File.WriteAllBytes(file + ".partial", RangeBody(0, 300));
        var result = _ps.Run($$"""Invoke-Httpx "$raw/bad-chunk-size" -Download '{{file}}' -Resume""");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.RemoteProtocolError,", error.FullyQualifiedErrorId);
        Assert.EndsWith($"-Download '{file}' -Resume continues it.", error.ErrorDetails!.Message);
        Assert.Equal(RangeBody(0, 300), File.ReadAllBytes(file + ".partial"));
    }

    [Fact]
    public void Resume_with_a_Range_header_of_my_own_is_refused_before_anything_is_sent()
    {
        // Our Range replaced the caller's and the answer was appended: a whole-looking file of the wrong bytes.
        var file = Path.Combine(NewFolder(), "part.bin");
        File.WriteAllBytes(file + ".partial", new byte[50]);
        var result = _ps.Run($$"""Invoke-Httpx "$base/range/10000" -Headers @{ Range = 'bytes=100-199' } -Download '{{file}}' -Resume""");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.InvalidArgument,", error.FullyQualifiedErrorId);
        Assert.Contains("bytes=100-199", error.Exception.Message);
        Assert.False(File.Exists(file));
        Assert.Equal(50, new FileInfo(file + ".partial").Length);
    }

    [Fact]
    public void Resume_with_a_Range_header_of_the_command_or_client_stops_the_command_with_one_error_as_a_folder_does()
    {
        // The help says -Resume with a Range header of your own is refused as -Resume with a folder is (one error for the
        // command, target Resume, before any request); piped URLs got one error each, the command went on. Port 1
        // refuses connections: a request sent would be a ConnectError.
        var file = Path.Combine(NewFolder(), "part.bin");
        File.WriteAllBytes(file + ".partial", [1, 2, 3]);
        var result = _ps.Run($$"""
            try { 'http://127.0.0.1:1/a', 'http://127.0.0.1:1/b' | Invoke-Httpx -Header 'Range: bytes=100-199' -Download '{{file}}' -Resume; 'went on' }
            catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            $client = New-HttpxClient -Headers @{ range = 'bytes=0-9' }
            try { 'http://127.0.0.1:1/a', 'http://127.0.0.1:1/b' | Invoke-Httpx -Client $client -Download '{{file}}' -Resume; 'went on' }
            catch { $_.FullyQualifiedErrorId; $_.TargetObject; $_.Exception.Message }
            Close-HttpxClient $client
            """);
        Assert.Empty(result.Errors);
        var values = result.Output.Select(o => o?.BaseObject).ToArray();
        Assert.Equal(6, values.Length);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", values[0]);
        Assert.Equal("Resume", values[1]);
        Assert.Contains("bytes=100-199", (string)values[2]!);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", values[3]);
        Assert.Equal("Resume", values[4]);
        Assert.Contains("bytes=0-9", (string)values[5]!);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(file + ".partial"));
    }

    [Fact]
    public void Resume_leaves_a_request_of_mine_as_it_was()
    {
        // The range goes on a copy: the same request object sent again later gets the whole body, not the tail.
        var file = Path.Combine(NewFolder(), "data.bin");
        File.WriteAllBytes(file + ".partial", RangeBody(0, 4000));
        var result = _ps.Run($$"""
            $req = New-HttpxRequest "$base/range/10000"
            (Invoke-Httpx -Request $req -Download '{{file}}' -Resume -PassThru).Resumed
            $req.Headers.ContainsKey('Range')
            (Invoke-Httpx -Request $req -As Bytes).Length
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, false, 10000 }, result.Output.Select(o => o.BaseObject).ToArray());
    }

    [Fact]
    public void Resume_continues_a_partial_file_with_a_range_request()
    {
        // A partial file as a broken download leaves it: the first 4000 bytes of the server's pattern (byte i = i % 251).
        var file = Path.Combine(NewFolder(), "data.bin");
        File.WriteAllBytes(file + ".partial", RangeBody(0, 4000));
        var resumed = _ps.Run($$"""(Invoke-Httpx "$base/range/10000" -Download '{{file}}' -Resume -PassThru).Resumed""");
        Assert.Empty(resumed.Errors);
        Assert.Equal(true, Assert.Single(resumed.Output).BaseObject);
        Assert.Equal(RangeBody(0, 10000), File.ReadAllBytes(file));
        Assert.False(File.Exists(file + ".partial"));
    }

    [Fact]
    public void Progress_of_a_resume_counts_the_partial_file_and_ends_at_the_whole_files_length()
    {
        // The bar is of the file: 400 bytes were there, 600 came; it ends at 1000 of 1000 and 100%, not at 600.
        var file = Path.Combine(NewFolder(), "data.bin");
        File.WriteAllBytes(file + ".partial", RangeBody(0, 400));
        var result = _ps.Run($$"""Invoke-Httpx "$base/range/1000" -Download '{{file}}' -Resume -ProgressAction Continue""");
        Assert.Empty(result.Errors);
        var last = result.Progress.Last(p => p.RecordType == System.Management.Automation.ProgressRecordType.Processing);
        Assert.StartsWith("1000 B of 1000 B at ", last.StatusDescription);
        Assert.Equal(100, last.PercentComplete);
        Assert.Equal(RangeBody(0, 1000), File.ReadAllBytes(file));
    }

    [Fact]
    public void Resume_answered_with_less_than_the_rest_is_an_error_and_keeps_what_came_for_the_next_resume()
    {
        // A server may answer bytes=4000- with a shorter range, said in its Content-Range (bytes 4000-8999/10000): the
        // body is whole for the handler, and the file, 1000 bytes short, was renamed as if complete.
        var file = Path.Combine(NewFolder(), "data.bin");
        File.WriteAllBytes(file + ".partial", RangeBody(0, 4000));
        var shorter = _ps.Run($$"""Invoke-Httpx "$base/range/10000?short=1000" -Download '{{file}}' -Resume""");
        var error = Assert.Single(shorter.Errors);
        Assert.Equal("Httpx.RemoteProtocolError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Contains("ended after 9000 of 10000 bytes", error.ToString());
        Assert.False(File.Exists(file));
        Assert.Equal(RangeBody(0, 9000), File.ReadAllBytes(file + ".partial"));

        var rest = _ps.Run($$"""Invoke-Httpx "$base/range/10000" -Download '{{file}}' -Resume""");
        Assert.Empty(rest.Errors);
        Assert.Equal(RangeBody(0, 10000), File.ReadAllBytes(file));
    }

    [Fact]
    public void Resume_answered_whole_by_a_server_that_ignores_the_range_replaces_the_partial_file_with_the_whole_body()
    {
        // /bytes/N ignores Range and answers 200 with the whole pattern: the old start is dropped and the file is the
        // body alone, as curl -C and Invoke-WebRequest -Resume do; counted after the old start, the body was 300 bytes too long.
        var file = Path.Combine(NewFolder(), "data.bin");
        File.WriteAllBytes(file + ".partial", new byte[300]);
        var result = _ps.Run($$"""
            $r = Invoke-Httpx "$base/bytes/1000" -Download '{{file}}' -Resume -PassThru
            $r.StatusCode; $r.Resumed; $r.FileLength
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 200, false, 1000L }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(RangeBody(0, 1000), File.ReadAllBytes(file));
        Assert.False(File.Exists(file + ".partial"));
    }

    [Theory]
    [InlineData("shift=1000")]
    [InlineData("nocontentrange=1")]
    public void Resume_answered_with_another_range_than_asked_is_an_error_and_keeps_the_partial_file(string query)
    {
        // Asked for bytes=4000-, the server sends 206 with bytes 5000-9999, or without a Content-Range: the partial
        // file was replaced by that tail, as the whole file (no Content-Range) or as a start a later -Resume continued.
        var file = Path.Combine(NewFolder(), "data.bin");
        var start = RangeBody(0, 4000);
        File.WriteAllBytes(file + ".partial", start);
        var result = _ps.Run($$"""Invoke-Httpx "$base/range/10000?{{query}}" -Download '{{file}}' -Resume""");
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Httpx.RemoteProtocolError,", error.FullyQualifiedErrorId);
        Assert.Contains("bytes=4000-", error.Exception.Message);
        Assert.False(File.Exists(file));
        Assert.Equal(start, File.ReadAllBytes(file + ".partial"));
    }

    [Fact]
    public void Resume_answered_with_an_error_keeps_the_partial_file_also_with_SkipHttpErrorCheck()
    {
        // The error page was written over the partial file (emptied) and saved as the file: what was received was lost.
        var file = Path.Combine(NewFolder(), "data.bin");
        File.WriteAllBytes(file + ".partial", [1, 2, 3]);
        var result = _ps.Run($$"""Invoke-Httpx "$base/status/503" -Download '{{file}}' -Resume -SkipHttpErrorCheck""");
        var e0 = Assert.Single(result.Errors);
        Assert.True(e0.FullyQualifiedErrorId.StartsWith("Httpx.HTTPStatusError,"), e0.FullyQualifiedErrorId + " | " + e0.Exception.Message + " | " + e0.TargetObject);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(file + ".partial"));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void Resume_with_nothing_to_continue_never_saves_an_error_page_also_with_SkipHttpErrorCheck()
    {
        // The 503 page became the file, and the next -Resume appended the rest of the resource after its 14 bytes.
        var file = Path.Combine(NewFolder(), "data.bin");
        var result = _ps.Run($$"""Invoke-Httpx "$base/status/503" -Download '{{file}}' -Resume -SkipHttpErrorCheck""");
        Assert.StartsWith("Httpx.HTTPStatusError,", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(file + ".partial"));
    }

    [Fact]
    public void A_range_of_my_own_is_downloaded_as_the_file()
    {
        // A Range header the caller gives: the 206's 100 bytes are the file. It was an error "ended after 100 of
        // 10000 bytes", the total of the resource taken for the length of the answer.
        var file = Path.Combine(NewFolder(), "head.bin");
        var result = _ps.Run($$"""(Invoke-Httpx "$base/range/10000" -Headers @{ Range = 'bytes=100-199' } -Download '{{file}}' -PassThru).StatusCode""");
        Assert.Empty(result.Errors);
        Assert.Equal(206, Assert.Single(result.Output).BaseObject);
        Assert.Equal(RangeBody(100, 100), File.ReadAllBytes(file));
    }

    [Fact]
    public void Resume_and_PassThru_without_Download_stop_the_command_before_anything_is_sent()
    {
        // Both only mean something for a -Download. Port 1 refuses connections: a request sent would be a ConnectError
        // and the switch ignored without a word, the user believing the file resumed or saved.
        var result = _ps.Run("""
            foreach ($given in @{ Resume = $true }, @{ PassThru = $true }) {
                try { Invoke-Httpx 'http://127.0.0.1:1/data.bin' @given -ErrorAction SilentlyContinue; 'went on' }
                catch { $_.FullyQualifiedErrorId; $_.TargetObject; "$_" }
            }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "Resume", "-Resume continues a -Download: give -Download too.",
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", "PassThru", "-PassThru goes with -Download (responses are written by default).",
        }, result.Output.Select(o => o?.BaseObject).ToArray());
    }

    [Fact]
    public void A_piped_rows_Download_or_OutFile_column_is_the_file_its_URL_is_saved_to()
    {
        // A manifest's rows (Import-Csv: every cell a string) naming each URL's file, as binding by property name gives
        // -Download (alias OutFile) its column: the column was dropped without a word, each URL's response written and
        // no file saved. Relative to the current location; a folder as -Download takes it; an empty cell names none
        // (that row's response is written); -Download given wins; a row naming a missing folder is an error for that
        // row only, the row as its target; -PassThru and -Resume go per row too.
        var dir = NewFolder();
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        var result = _ps.Run($$"""
            $before = $ExecutionContext.SessionState.Path.CurrentLocation
            $null = $ExecutionContext.SessionState.Path.SetLocation('{{dir}}')
            try {
            $rows = @('a', "$base/bytes/100", 'one.bin'), @('b', "$base/range/200", './sub'), @('c', "$base/bytes/300", ''), @('d', "$base/bytes/400", './nope/x.bin') |
                ForEach-Object { [pscustomobject]@{ Name = $_[0]; Uri = $_[1]; OutFile = $_[2] } }
            $rows | Invoke-Httpx -ThrottleLimit 4 | ForEach-Object { "$($_.StatusCode) $($_.Url.Path)" }
            $rows[0..1] | Invoke-Httpx -PassThru | ForEach-Object { $_.Path }
            (Invoke-Httpx $rows[0..1] -PassThru).Count
            @{ url = "$base/bytes/50"; DOWNLOAD = 'hash.bin' } | Invoke-Httpx
            $rows[0] | Invoke-Httpx -Download ./sub/given.bin
            'http://127.0.0.1:1/data.bin' | Invoke-Httpx -Resume
            } finally { $null = $ExecutionContext.SessionState.Path.SetLocation($before.Path) }
            """);
        Assert.Equal(new object[] { "200 /bytes/300", Path.Combine(dir, "one.bin"), Path.Combine(dir, "sub", "200"), 2 },
            result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(new long[] { 100, 50, 200, 100 }, new[] { "one.bin", "hash.bin", "sub/200", "sub/given.bin" }.Select(f => new FileInfo(Path.Combine(dir, f)).Length).ToArray());
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", e.FullyQualifiedErrorId));
        Assert.Equal("d", ((System.Management.Automation.PSObject)result.Errors[0].TargetObject).Properties["Name"].Value);
        Assert.Equal($"The piped object's Download (or OutFile) './nope/x.bin' (the error's target): the folder '{Path.Combine(dir, "nope")}' does not exist.", result.Errors[0].ToString());
        // Nothing sent for a piped URL with -Resume and no file (port 1 would be a ConnectError).
        Assert.Equal("-Resume continues a -Download: give -Download too.", result.Errors[1].ToString());
    }

    [Fact]
    public void Two_piped_rows_naming_one_file_for_two_URLs_never_replace_the_first_ones_file()
    {
        // A manifest's copy-paste slip, two rows with one OutFile: the second URL's body replaced the first one's file,
        // both reported as saved there, as two URLs giving one name in a -Download folder did before that was refused.
        // The same URL twice is the same file, and replaces it.
        var dir = NewFolder();
        var file = Path.Combine(dir, "app.bin");
        var result = _ps.Run($$"""
            $rows = "$base/bytes/100", "$base/bytes/200", "$base/bytes/100" | ForEach-Object { [pscustomobject]@{ Uri = $_; OutFile = '{{file}}' } }
            $rows | Invoke-Httpx -PassThru | ForEach-Object { $_.Url.Path }
            """);
        Assert.Equal(new object[] { "/bytes/100", "/bytes/100" }, result.Output.Select(o => o.BaseObject).ToArray());
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.FileError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Equal($"The download of '{_ps.Server.HttpUrl}/bytes/200' is to '{file}', the file this command's download of '{_ps.Server.HttpUrl}/bytes/100' went to: two URLs are given one file, and the second never replaces the first one's file. Give each URL a file of its own.", error.ToString());
        Assert.Equal(100, new FileInfo(file).Length);
        Assert.Equal(new[] { file }, Directory.GetFiles(dir));
    }

    [Fact]
    public void A_downloaded_rows_Sha256_column_is_checked_before_its_file_is_saved()
    {
        // A manifest's expected SHA-256 was ignored: a wrong body was saved as the file, looking complete, and only a
        // second pass of Get-FileHash over every file could tell. A file that differs is not saved (its partial file
        // removed, nothing to resume), an Httpx.ChecksumMismatch for that row; a whole file a -Resume finds (the
        // server's 416) is checked too and left as it is; a Sha256 that is no hash is an error before anything is sent.
        var dir = NewFolder();
        string Sha(int n) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(RangeBody(0, n)));
        File.WriteAllBytes(Path.Combine(dir, "old.bin"), RangeBody(0, 300));
        File.WriteAllBytes(Path.Combine(dir, "changed.bin"), new byte[300]);
        var result = _ps.Run($$"""
            $rows = @('good.bin', "$base/range/1000", '{{Sha(1000).ToLowerInvariant()}}'), @('bad.bin', "$base/range/1000", '{{Sha(999)}}'),
                    @('old.bin', "$base/range/300", '{{Sha(300)}}'), @('changed.bin', "$base/range/300", '{{Sha(300)}}'), @('x.bin', "http://127.0.0.1:1/x", 'abc') |
                ForEach-Object { [pscustomobject]@{ Uri = $_[1]; OutFile = [IO.Path]::Combine('{{dir}}', $_[0]); Sha256 = $_[2] } }
            $rows | Invoke-Httpx -Resume -PassThru | ForEach-Object { "$($_.StatusCode) $([IO.Path]::GetFileName($_.Path))" }
            """);
        Assert.Equal(new object[] { "200 good.bin", "416 old.bin" }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Equal(new[] { "Httpx.ChecksumMismatch", "Httpx.ChecksumMismatch", "Httpx.InvalidArgument" },
            result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToArray());
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, result.Errors[0].CategoryInfo.Category);
        Assert.Equal($"The download of '{_ps.Server.HttpUrl}/range/1000' has the SHA-256 {Sha(1000)}, not the {Sha(999)} expected: the body was not saved (its partial file was removed), and '{Path.Combine(dir, "bad.bin")}' was left as it was.", result.Errors[0].ToString());
        Assert.Contains($"the file '{Path.Combine(dir, "changed.bin")}', which the server says is whole, was left as it was", result.Errors[1].ToString());
        Assert.StartsWith("The Sha256 of the piped object (the error's target) is 'abc', not a SHA-256", result.Errors[2].ToString());
        Assert.Equal(new[] { "changed.bin", "good.bin", "old.bin" }, Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToArray());
        Assert.Equal(new byte[300], File.ReadAllBytes(Path.Combine(dir, "changed.bin")));
    }

    [Fact]
    public void A_rows_Sha256_of_64_characters_that_are_not_all_hexadecimal_is_refused_before_anything_is_sent()
    {
        // 64 characters, one not a hexadecimal digit (a manifest's typo): the file was downloaded, then reported as a
        // ChecksumMismatch against a value no file can have. Port 1 would be a ConnectError had it been sent.
        var sum = new string('a', 63) + "g";
        var result = _ps.Run($$"""
            [pscustomobject]@{ Uri = "http://127.0.0.1:1/x"; OutFile = '{{Path.Combine(NewFolder(), "x.bin")}}'; Sha256 = '{{sum}}' } | Invoke-Httpx
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.StartsWith($"The Sha256 of the piped object (the error's target) is '{sum}', not a SHA-256", error.ToString());
    }

    [Fact]
    public void A_rows_file_column_is_trimmed_a_folder_item_is_its_path_and_one_no_path_or_with_As_is_that_rows_error()
    {
        // A CSV cell with spaces around its name, and a folder given as a DirectoryInfo (Get-Item's; Download -> its full
        // name), are saved as -Download would save them, with a progress bar; a column holding a number, or a row naming a
        // file under -As (which writes the body itself), is that row's error, the row as its target, and nothing is sent.
        var dir = NewFolder();
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        var result = _ps.Run($$"""
            [pscustomobject]@{ Uri = "$base/bytes/100"; OutFile = ' {{Path.Combine(dir, "spaced.bin")}} ' },
                [pscustomobject]@{ Uri = "$base/bytes/200"; Download = [IO.DirectoryInfo]::new('{{Path.Combine(dir, "sub")}}') } |
                Invoke-Httpx -PassThru -ThrottleLimit 1 -ProgressAction Continue | ForEach-Object { $_.Path }
            [pscustomobject]@{ Name = 'number'; Uri = "http://127.0.0.1:1/x"; OutFile = 5 } | Invoke-Httpx
            [pscustomobject]@{ Name = 'as'; Uri = "http://127.0.0.1:1/x"; OutFile = '{{Path.Combine(dir, "as.bin")}}' } | Invoke-Httpx -As Text
            """);
        Assert.Equal(new object[] { Path.Combine(dir, "spaced.bin"), Path.Combine(dir, "sub", "200") }, result.Output.Select(o => o.BaseObject).ToArray());
        Assert.Contains(result.Progress, p => p.RecordType == System.Management.Automation.ProgressRecordType.Completed);
        Assert.Equal(new[] { "number", "as" }, result.Errors.Select(e => ((System.Management.Automation.PSObject)e.TargetObject).Properties["Name"].Value).ToArray());
        Assert.All(result.Errors, e => Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", e.FullyQualifiedErrorId));
        Assert.Equal("The Download (or OutFile) of the piped object (the error's target) holds a System.Int32, not a file path.", result.Errors[0].ToString());
        Assert.Equal($"The piped object (the error's target) names a file to save the body in, '{Path.Combine(dir, "as.bin")}' (its Download or OutFile), and -As writes the body: use one of them.", result.Errors[1].ToString());
        Assert.Equal(new[] { "spaced.bin", "sub" }, Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order().ToArray());
    }

    [Fact]
    public void Resume_into_a_folder_stops_the_command_with_one_error_before_anything_is_sent_and_keeps_the_partial_file()
    {
        var dir = NewFolder();
        var partial = Path.Combine(dir, "data.bin.partial");
        File.WriteAllBytes(partial, [1, 2, 3]);
        // Port 1 refuses connections: a request sent would be a ConnectError. Two piped URLs got an error each, the
        // URL as target, and the command went on; a folder is no file to resume for any URL, as Invoke-WebRequest
        // refuses -Resume with an -OutFile folder (WebCmdletResumeNotFilePathException) before any request.
        var result = _ps.Run($$"""
            try { 'http://127.0.0.1:1/data.bin', 'http://127.0.0.1:1/other.bin' | Invoke-Httpx -Download '{{dir}}' -Resume; 'went on' }
            catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category; $_.TargetObject; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        var values = result.Output.Select(o => o?.BaseObject).ToArray();
        Assert.Equal(4, values.Length);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", values[0]);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, values[1]);
        Assert.Equal("Resume", values[2]);
        Assert.Contains(dir, (string)values[3]!);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(partial));
    }

    [Fact]
    public void Progress_is_reported_and_completed_unless_ProgressPreference_is_SilentlyContinue()
    {
        var dir = NewFolder();
        var shown = _ps.Run($$"""Invoke-Httpx "$base/bytes/200000" -Download '{{Path.Combine(dir, "a")}}'""");
        Assert.Empty(shown.Errors);
        Assert.NotEmpty(shown.Progress);
        Assert.Contains(shown.Progress, p => p.RecordType == System.Management.Automation.ProgressRecordType.Completed);
        // Bytes written, the total and the rate, as "195.3 KiB of 195.3 KiB at 12.5 MiB/s" (in the culture's numbers, as
        // PowerShell's own tables and progress write them: "195,3 KiB" under de-DE).
        Assert.Contains(shown.Progress, p => System.Text.RegularExpressions.Regex.IsMatch(p.StatusDescription, $@"^{DisplayTests.Decimal} (B|KiB|MiB|GiB) of 195{Regex.Escape(System.Globalization.CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator)}3 KiB at {DisplayTests.Decimal} (B|KiB|MiB|GiB)/s$"));

        var silent = _ps.Run($$"""$ProgressPreference = 'SilentlyContinue'; Invoke-Httpx "$base/bytes/200000" -Download '{{Path.Combine(dir, "b")}}'""");
        Assert.Empty(silent.Errors);
        Assert.Empty(silent.Progress);
    }

    [Fact]
    public void Progress_names_the_url_with_its_password_hidden()
    {
        // The bar's activity names the URL, on screen for the whole download: its password is masked as in every message.
        var dir = NewFolder();
        var result = _ps.Run($$"""
            $url = "$base/bytes/200000" -replace '^http://', 'http://user:hunter2@'
            Invoke-Httpx $url -Download '{{Path.Combine(dir, "a")}}'
            """);
        Assert.Empty(result.Errors);
        Assert.NotEmpty(result.Progress);
        Assert.All(result.Progress, p => Assert.DoesNotContain("hunter2", p.Activity));
        Assert.Contains("user:[secure]@", result.Progress[0].Activity);
    }

    [Fact]
    public void Progress_of_a_compressed_body_counts_the_bytes_received_against_Content_Length()
    {
        // Content-Length counts the gzip bytes, the file the decoded ones (as HTTPX's iter_bytes gives them): progress
        // said "11.6 KiB of 466 B". It counts what came over the wire, as HTTPX's num_bytes_downloaded, for its docs'
        // progress bars.
        var file = Path.Combine(NewFolder(), "sample.txt");
        var result = _ps.Run($$"""(Invoke-Httpx "$base/encoding/gzip" -Download '{{file}}' -PassThru).Headers['Content-Length']""");
        Assert.Empty(result.Errors);
        var length = long.Parse((string)Assert.Single(result.Output).BaseObject);
        Assert.True(new FileInfo(file).Length > length); // the decoded text is written
        var last = result.Progress.Last(p => p.RecordType == System.Management.Automation.ProgressRecordType.Processing);
        Assert.Equal($"{length} B of {length} B", last.StatusDescription[..last.StatusDescription.IndexOf(" at ", StringComparison.Ordinal)]);
    }

    [Fact]
    public void ProgressAction_given_to_the_command_wins_over_ProgressPreference()
    {
        var dir = NewFolder();
        var shown = _ps.Run($$"""$ProgressPreference = 'SilentlyContinue'; Invoke-Httpx "$base/bytes/200000" -Download '{{Path.Combine(dir, "a")}}' -ProgressAction Continue""");
        Assert.Empty(shown.Errors);
        Assert.NotEmpty(shown.Progress);
        var silent = _ps.Run($$"""Invoke-Httpx "$base/bytes/200000" -Download '{{Path.Combine(dir, "b")}}' -ProgressAction SilentlyContinue""");
        Assert.Empty(silent.Errors);
        Assert.Empty(silent.Progress);
    }

    [Fact]
    public void Downloads_at_once_have_a_progress_bar_each_and_each_is_completed()
    {
        var dir = NewFolder();
        var result = _ps.Run($$"""
            "$base/download/200000?filename=a.bin", "$base/download/200000?filename=b.bin", "$base/download/200000?filename=c.bin" |
                Invoke-Httpx -Download '{{dir}}' -ThrottleLimit 3 -PassThru | ForEach-Object { $_.Path } > $null
            """);
        Assert.Empty(result.Errors.Select(e => e.ToString()));
        var bars = result.Progress.GroupBy(p => p.ActivityId).ToList();
        Assert.Equal(3, bars.Count);
        // Each bar names its own URL and ends with its own Completed record.
        Assert.Equal(3, bars.Select(b => b.First().Activity).Distinct().Count());
        Assert.All(bars, b => Assert.Equal(System.Management.Automation.ProgressRecordType.Completed, b.Last().RecordType));
    }

    [Fact]
    public void A_second_piped_URL_giving_a_name_in_the_folder_that_the_first_took_is_an_error_and_the_others_go_on()
    {
        // One after the other, the second replaced the first one's file silently, both -PassThru responses naming it;
        // at once (-ThrottleLimit), the second was refused: which one happened hung on the server's timing.
        var dir = NewFolder();
        var result = _ps.Run($$"""
            "$base/anything/a/report.txt", "$base/anything/b/report.txt", "$base/anything/c/other.txt" |
                Invoke-Httpx -Download '{{dir}}' -PassThru -ErrorAction SilentlyContinue -ErrorVariable failed | ForEach-Object { [IO.Path]::GetFileName($_.Path) }
            $failed | ForEach-Object { $_.FullyQualifiedErrorId; $_.TargetObject }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "report.txt", "other.txt",
            "Httpx.FileError,Httpx.PowerShell.Commands.InvokeHttpxCommand", $"{_ps.Server.HttpUrl}/anything/b/report.txt",
        }, result.Output.Select(o => o.BaseObject.ToString()!).ToArray());
        Assert.Contains("/anything/a/report.txt", File.ReadAllText(Path.Combine(dir, "report.txt")));
    }

    [Fact]
    public void A_failed_downloads_progress_bar_is_completed_too()
    {
        // /truncated promises 100 bytes and sends 10: the bar stayed on screen (no Completed record).
        var file = Path.Combine(NewFolder(), "t.bin");
        var result = _ps.Run($$"""Invoke-Httpx "$raw/truncated" -Download '{{file}}'""");
        Assert.Equal("Httpx.RemoteProtocolError,Httpx.PowerShell.Commands.InvokeHttpxCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ProgressRecordType.Completed, Assert.Single(result.Progress, p => p.RecordType == System.Management.Automation.ProgressRecordType.Completed).RecordType);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void A_console_slow_to_draw_progress_draws_the_newest_report_not_every_one_queued()
    {
        // A console whose terminal never answers pwsh's cursor query (`docker run -t`, a CI agent's pty) takes seconds
        // per bar. The first bar is held here until the file is saved: every report made meanwhile was queued and
        // drawn afterwards, one slow bar each, and the command ended that much later (300 MB saved in 1 s took 22 s).
        var file = Path.Combine(NewFolder(), "drip.bin");
        var drawn = new List<System.Management.Automation.ProgressRecord>();
        var host = new Hosting.TextHost(120, record =>
        {
            if (record.RecordType == System.Management.Automation.ProgressRecordType.Processing && drawn.Count == 0)
                SpinWait.SpinUntil(() => File.Exists(file), TimeSpan.FromSeconds(30));
            drawn.Add(record);
        });
        var result = _ps.Run($$"""Invoke-Httpx "$base/drip?chunks=8&size=1000&delay_ms=300" -Download '{{file}}' -ProgressAction Continue""", variables: null, host);
        Assert.Empty(result.Errors);
        Assert.Equal(8000, new FileInfo(file).Length);
        var bars = drawn.Where(p => p.RecordType == System.Management.Automation.ProgressRecordType.Processing).ToList();
        // The held bar, then the newest report, the whole file.
        Assert.InRange(bars.Count, 1, 2);
        Assert.Equal(100, bars[^1].PercentComplete);
        Assert.Equal(System.Management.Automation.ProgressRecordType.Completed, drawn[^1].RecordType);
    }

    [Fact]
    public void Progress_is_reported_a_few_times_a_second_at_most_not_once_per_chunk()
    {
        // 16 MB arrives in hundreds of chunks. Reports are at least a quarter of a second apart, so however long the
        // download takes, it gets at most four a second, plus the last one and the completion.
        var dir = NewFolder();
        var result = _ps.Run($$"""
            $clock = [Diagnostics.Stopwatch]::StartNew()
            Invoke-Httpx "$base/bytes/16777216" -Download '{{Path.Combine(dir, "big")}}'
            $clock.Elapsed.TotalSeconds
            """);
        Assert.Empty(result.Errors);
        var seconds = (double)Assert.Single(result.Output).BaseObject;
        var reports = result.Progress.Count(p => p.RecordType == System.Management.Automation.ProgressRecordType.Processing);
        Assert.InRange(reports, 1, (int)(seconds * 4) + 1);
        Assert.Single(result.Progress, p => p.RecordType == System.Management.Automation.ProgressRecordType.Completed);
        Assert.Equal(16777216, new FileInfo(Path.Combine(dir, "big")).Length);
    }

    [Fact]
    public void A_download_of_an_error_status_is_an_error_and_writes_nothing()
    {
        var dir = NewFolder();
        var file = Path.Combine(dir, "missing");
        var result = _ps.Run($$"""
            Invoke-Httpx "$base/status/404" -Download '{{file}}' -ErrorVariable e
            $e[0].Exception.Response.Text
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.HTTPStatusError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.False(File.Exists(file));
        // Why it failed, as for -As and -Stream: the body's excerpt, and the body on the response attached.
        Assert.Equal($"404 Not Found from GET {_ps.Server.HttpUrl}/status/404: {{\"status\":404}}", error.ErrorDetails.Message);
        Assert.Equal("{\"status\":404}", Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void A_download_of_an_endless_error_body_reads_only_its_start_and_says_so()
    {
        // The help promised the whole error body on .Exception.Response.Text: only a body of at most 64 KB is read, and
        // the message says when it was cut (Text is then HTTPX's ResponseNotRead: the body was not read). Saved as a
        // file instead, the endless body ran for minutes (till the server's cap): the guard makes that a failure.
        var dir = NewFolder();
        var file = Path.Combine(dir, "endless");
        var result = _ps.Run($$"""
            Invoke-Httpx "$base/stream-lines/0?status=503" -Download '{{file}}' -ErrorVariable e
            try { $e[0].Exception.Response.Text } catch { $_.FullyQualifiedErrorId }
            """, within: TimeSpan.FromMinutes(2));
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.HTTPStatusError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.StartsWith($"503 Service Unavailable from GET {_ps.Server.HttpUrl}/stream-lines/0?status=503: line 1 line 2 ", error.ErrorDetails.Message);
        Assert.EndsWith("(the body is longer than 64 KB: only that much was read)", error.ErrorDetails.Message);
        Assert.Equal("Httpx.ResponseNotRead", Assert.Single(result.Output).BaseObject);
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void SkipHttpErrorCheck_downloads_the_body_of_an_error_status()
    {
        var dir = NewFolder();
        var file = Path.Combine(dir, "error-page");
        var result = _ps.Run($$"""(Invoke-Httpx "$base/status/404" -Download '{{file}}' -SkipHttpErrorCheck -PassThru).StatusCode""");
        Assert.Empty(result.Errors);
        Assert.Equal(404, Assert.Single(result.Output).BaseObject);
        Assert.Contains("404", File.ReadAllText(file));
        Assert.Equal(new[] { file }, Directory.GetFiles(dir));
    }
}
