namespace Httpx.Tests.Downloads;

/// <summary>
/// Downloads into a folder named by the server's Content-Disposition, from the test server: the name tc2231 and the
/// browsers read, made safe, and never a file outside the folder or one that was there.
/// </summary>
public class ContentDispositionDownloadTests : IClassFixture<ServerFixture>, IDisposable
{
    private readonly TestServer.TestServerHost _server;
    private readonly string _folder = Directory.CreateTempSubdirectory("httpx-disposition-").FullName;

    public ContentDispositionDownloadTests(ServerFixture f) => _server = f.Server;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // /response-headers sends each query parameter as a header, a repeated one as repeated fields.
    private string Disposition(params string[] fields) =>
        _server.HttpUrl + "/response-headers?" + string.Join("&", fields.Select(f => "Content-Disposition=" + Uri.EscapeDataString(f)));

    private async Task<string> DownloadedName(string url, Downloader? downloader = null)
    {
        using var client = new Httpx.Client();
        var result = await (downloader ?? new Downloader(client)).DownloadAsync(new Request("GET", url), _folder);
        Assert.Equal(_folder, Path.GetDirectoryName(result.Path));
        Assert.Equal([result.Path], Directory.GetFileSystemEntries(_folder));
        return Path.GetFileName(result.Path);
    }

    [Fact]
    public async Task A_long_name_is_shortened_so_that_its_partial_file_fits_too()
    {
        // Shortened to the 255 bytes a file name can have, the name left no room for ".partial": the download failed
        // with "File name too long" on the partial file.
        var name = await DownloadedName(_server.HttpUrl + $"/download/10?filename={new string('n', 300)}.tar.gz");

        Assert.Equal(255 - Downloader.PartialSuffix.Length, System.Text.Encoding.UTF8.GetByteCount(name));
        Assert.EndsWith("nnn.gz", name);
    }

    [Theory]
    // What Windows refuses in a name is replaced on every system, as Chrome replaces it: the same download gets the
    // same name on Linux as on Windows, where '"', ':' and the rest were kept on Linux ("C:x" was "x" on Windows).
    [InlineData("a<b>c:d|e?f*g.txt", "a_b_c_d_e_f_g.txt")]
    [InlineData("say \"hi\".txt", "say _hi_.txt")]
    [InlineData("C:x", "C_x")]
    [InlineData("report.txt:hidden", "report.txt_hidden")] // an alternate data stream of report.txt on NTFS
    // Format characters and line separators: U+202E shows "invoice\u202Egpj.exe" as "invoiceexe.jpg", zero-width
    // characters hide in a name, a line separator breaks it in two on screen.
    [InlineData("invoice\u202Egpj.exe", "invoice_gpj.exe")]
    [InlineData("zero\u200Bwidth.txt", "zero_width.txt")]
    [InlineData("\uFEFFbom.txt", "_bom.txt")]
    [InlineData("line\u2028break.txt", "line_break.txt")]
    // Dots and spaces at either end, in any order: ". .bashrc" was " .bashrc".
    [InlineData(". .bashrc", "bashrc")]
    [InlineData("\u00A0.profile", "profile")]
    public async Task A_name_is_made_safe_the_same_way_on_every_system(string suggested, string expected) =>
        Assert.Equal(expected, await DownloadedName(_server.HttpUrl + "/download/10?filename_star=" + Uri.EscapeDataString(suggested)));

    [Theory]
    // tc2231's attwith2filenames (invalid, RFC 6266 section 4.1): Chrome, curl -J and Python's email take the first of
    // repeated parameters; the last was taken. An unreadable filename* is passed over as when it is alone.
    [InlineData("attachment; filename=\"foo.html\"; filename=\"bar.html\"", "foo.html")]
    [InlineData("attachment; filename*=UTF-8''foo.html; filename*=UTF-8''bar.html", "foo.html")]
    [InlineData("attachment; filename*=UTF-8''foo%ZZ.html; filename*=UTF-8''bar.html", "bar.html")]
    public async Task The_first_of_repeated_parameters_names_the_file(string disposition, string expected) =>
        Assert.Equal(expected, await DownloadedName(Disposition(disposition)));

    [Fact]
    public async Task Content_Disposition_fields_that_differ_name_no_file_and_the_URL_does()
    {
        // tc2231's attmultinstances: two fields (a server that sets the header twice, or a header injected into a
        // response), which Chrome refuses outright. Read joined with ", ", the second one's name was taken.
        Assert.Equal("response-headers", await DownloadedName(Disposition("attachment; filename=foo.html", "attachment; filename=bar.html")));
    }

    [Fact]
    public async Task Content_Disposition_fields_that_are_the_same_are_one()
    {
        Assert.Equal("foo.html", await DownloadedName(Disposition("attachment; filename=foo.html", "attachment; filename=foo.html")));
    }

    [Fact]
    public async Task A_file_made_while_the_download_ran_is_not_replaced_by_a_name_the_server_chose()
    {
        // The name is checked free before the body comes. A file made meanwhile (another download of that name under
        // -ThrottleLimit that finished first, another program) was replaced by the rename at the end.
        var target = Path.Combine(_folder, "report.csv");
        using var client = new Httpx.Client();
        var downloader = new Downloader(client)
        {
            RenamingForTests = path => File.WriteAllTextAsync(path, "made meanwhile"),
        };

        var e = await Assert.ThrowsAsync<IOException>(() =>
            downloader.DownloadAsync(new Request("GET", _server.HttpUrl + "/download/10?filename=report.csv"), _folder));

        Assert.Equal("made meanwhile", File.ReadAllText(target));
        Assert.Equal($"The server named the file 'report.csv' (Content-Disposition), and '{target}' was made while it downloaded: a name the server chooses never replaces a file. The download is in '{target}.partial'.", e.Message);
        Assert.Equal(10, new FileInfo(target + Downloader.PartialSuffix).Length);
    }

    [Fact]
    public async Task A_file_made_while_the_download_ran_is_replaced_by_a_name_from_the_URL_asked_for()
    {
        // The URL's name is the caller's, as a file path is: it replaces a file, as Invoke-WebRequest -OutFile does.
        var target = Path.Combine(_folder, "10");
        using var client = new Httpx.Client();
        var downloader = new Downloader(client)
        {
            RenamingForTests = path => File.WriteAllTextAsync(path, "made meanwhile"),
        };

        await downloader.DownloadAsync(new Request("GET", _server.HttpUrl + "/bytes/10"), _folder);

        Assert.Equal(10, new FileInfo(target).Length);
    }

    [Fact]
    public async Task A_file_path_given_is_replaced_whatever_the_server_names_and_whatever_was_made_there_meanwhile()
    {
        // A file path is the caller's name: Content-Disposition is not read for it, and neither the file that was there
        // nor one made while the body came keeps the download from replacing it, as Invoke-WebRequest -OutFile replaces it.
        var target = Path.Combine(_folder, "mine.bin");
        File.WriteAllText(target, "older");
        using var client = new Httpx.Client();
        var downloader = new Downloader(client)
        {
            RenamingForTests = path => File.WriteAllTextAsync(path, "made meanwhile"),
        };

        var result = await downloader.DownloadAsync(new Request("GET", _server.HttpUrl + "/download/10?filename=report.csv"), target);

        Assert.Equal(target, result.Path);
        Assert.Equal(10, new FileInfo(target).Length);
        Assert.Equal([target], Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task A_partial_file_that_is_a_link_is_refused_and_nothing_is_written_where_it_points()
    {
        if (OperatingSystem.IsWindows()) return; // making a link there needs a privilege the tests may not have
        // "<name>.partial" is opened to write the body, and a link there (left in the folder, or planted) was followed:
        // the server's bytes went to any file out of the folder that the link named.
        var outside = Directory.CreateTempSubdirectory("httpx-disposition-outside-").FullName;
        try
        {
            var elsewhere = Path.Combine(outside, "elsewhere.txt");
            File.WriteAllText(elsewhere, "precious");
            var partial = Path.Combine(_folder, "report.csv" + Downloader.PartialSuffix);
            File.CreateSymbolicLink(partial, elsewhere);
            using var client = new Httpx.Client();

            var e = await Assert.ThrowsAsync<IOException>(() =>
                new Downloader(client).DownloadAsync(new Request("GET", _server.HttpUrl + "/download/10?filename=report.csv"), _folder));

            Assert.Equal($"The partial file '{partial}' is a link to '{elsewhere}': a download into a folder writes only in the folder. Remove the link.", e.Message);
            Assert.Equal("precious", File.ReadAllText(elsewhere));
            Assert.False(File.Exists(Path.Combine(_folder, "report.csv")));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public async Task A_link_at_the_name_the_server_chose_is_a_file_there_and_is_not_replaced()
    {
        if (OperatingSystem.IsWindows()) return; // making a link there needs a privilege the tests may not have
        // A link whose target is gone is still a name in the folder, the user's: as any file there, not replaced.
        var target = Path.Combine(_folder, "report.csv");
        File.CreateSymbolicLink(target, Path.Combine(_folder, "gone", "report.csv"));
        using var client = new Httpx.Client();

        var e = await Assert.ThrowsAsync<IOException>(() =>
            new Downloader(client).DownloadAsync(new Request("GET", _server.HttpUrl + "/download/10?filename=report.csv"), _folder));

        Assert.StartsWith($"The server named the file 'report.csv' (Content-Disposition), and '{target}' exists already", e.Message);
        Assert.NotNull(new FileInfo(target).LinkTarget);
        Assert.False(File.Exists(target + Downloader.PartialSuffix));
    }

    [Fact]
    public async Task A_Content_Disposition_name_that_is_the_URLs_own_replaces_an_existing_file_as_the_URLs_name_does()
    {
        // Release and storage servers name the file as its URL does. The name is then the one the caller asked for, not
        // the server's choice: a script that downloads into a folder again replaces the file, as without the header
        // (it was refused as "exists already" on the second run).
        var target = Path.Combine(_folder, "response-headers");
        File.WriteAllText(target, "old");

        Assert.Equal("response-headers", await DownloadedName(Disposition("attachment; filename=response-headers")));
        Assert.NotEqual("old", File.ReadAllText(target));
    }

    [Theory]
    // Raw bytes in a quoted filename: UTF-8 when they are (Chrome and Firefox read them so, and curl -J and wget write
    // the bytes, which a UTF-8 system shows so), else Latin-1 (tc2231's attwithisofnplain). tc2231's attwithutf8fnplain
    // asks for Latin-1 ("cafÃ©.txt") there too: no browser does. Headers are read so (ResponseHeaderDecoding, as HTTPX).
    [InlineData("/raw-disposition-utf8")]
    [InlineData("/raw-disposition-latin1")]
    public async Task Raw_bytes_in_a_file_name_are_read_as_UTF8_when_they_are_else_as_Latin1(string path) =>
        Assert.Equal("caf\u00e9.txt", await DownloadedName(_server.RawTcpUrl + path));

    [Fact]
    public async Task A_quoted_disposition_type_gives_no_name_from_inside_its_quotes()
    {
        // tc2231's attmissingdisposition3: the type is a quoted-string, invalid; its ';' let "filename=bar;baz" inside
        // the quotes read as a parameter, and "bar" named the file (and "qux" before the first filename was taken).
        Assert.Equal("response-headers", await DownloadedName(Disposition("\"foo; filename=bar;baz\"; filename=qux")));
    }
}
