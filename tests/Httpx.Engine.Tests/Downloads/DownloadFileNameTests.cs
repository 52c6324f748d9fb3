namespace Httpx.Tests.Downloads;

/// <summary>The file name a folder download takes from Content-Disposition (RFC 6266), and what stays of an unsafe one.</summary>
public class DownloadFileNameTests
{
    private static readonly string Spaces300 = new(' ', 300);
    private static readonly string Xs300 = new('x', 300);

    private static string FileName(string disposition)
    {
        var response = new Response(200, headers: new Dictionary<string, string> { ["Content-Disposition"] = disposition })
        {
            Request = new Request("GET", "https://example.org/files/fallback.bin"),
        };
        return Downloader.FileNameFor(response);
    }

    [Theory]
    [InlineData("attachment; filename=\"a;b.txt\"", "a;b.txt")]
    [InlineData("attachment; filename=\"say \\\"hi\\\".txt\"", "say \"hi\".txt")]
    [InlineData("attachment; filename=\"a;b.txt\"; size=3", "a;b.txt")]
    [InlineData("attachment; filename=plain.txt", "plain.txt")]
    [InlineData("attachment;filename = \"spaced.txt\" ", "spaced.txt")]
    [InlineData("attachment; FileName=\"case.txt\"", "case.txt")]
    [InlineData("filename=\"untyped.txt\"", "untyped.txt")]
    public void A_quoted_string_is_read_whole_with_its_escapes_undone(string disposition, string expected) =>
        Assert.Equal(expected.Replace('"', '_'), FileName(disposition)); // '"' is refused on Windows, so replaced everywhere

    [Theory]
    // tc2231 (greenbytes.de/tech/tc2231), case by case where a reader could choose; "fallback.bin" is the URL's name.
    // Any disposition type, or none, names the file (Chrome; tc2231 would ignore a header without one): -Download asks for a file.
    [InlineData("inlwithasciifilename", "inline; filename=\"foo.html\"", "foo.html")]
    [InlineData("attonlyquoted", "\"attachment\"", "fallback.bin")]
    [InlineData("attmissingdisposition", "filename=foo.html", "foo.html")]
    [InlineData("attandinline2", "attachment; inline; filename=foo.html", "foo.html")]
    // A quoted type is none: nothing inside its quotes is a parameter (with the first filename taken, "bar" was).
    [InlineData("attmissingdisposition3", "\"foo; filename=bar;baz\"; filename=qux", "fallback.bin")]
    // A quoted-pair is undone; a filename is taken as it is, neither percent- nor RFC 2047-decoded (tc2231, Firefox,
    // curl -J; Chrome decodes both). What Windows refuses becomes '_'.
    [InlineData("attwithasciifnescapedchar", "attachment; filename=\"f\\oo.html\"", "foo.html")]
    [InlineData("attwithfnrawpctenca", "attachment; filename=\"foo-%41.html\"", "foo-%41.html")]
    [InlineData("attwithfnusingpct", "attachment; filename=\"50%.html\"", "50%.html")]
    [InlineData("attwithfntokensq", "attachment; filename='foo.bar'", "'foo.bar'")]
    [InlineData("attrfc2047quoted", "attachment; filename=\"=?ISO-8859-1?Q?foo-=E4.html?=\"", "=_ISO-8859-1_Q_foo-=E4.html_=")]
    // Broken syntax tc2231 would ignore: what reads as a name is kept, as Chrome keeps it, and made safe.
    [InlineData("attbrokenquotedfn", "attachment; filename=\"foo.html\".txt", "foo.html")]
    [InlineData("attbrokenquotedfn2", "attachment; filename=\"bar", "bar")]
    [InlineData("attwithtokfncommanq", "attachment; filename=foo,bar.html", "foo,bar.html")]
    // Only a parameter named filename or filename* names the file.
    [InlineData("attwithnamepct", "attachment; name=\"foo-%41.html\"", "fallback.bin")]
    [InlineData("attconfusedparam", "attachment; xfilename=foo.html", "fallback.bin")]
    [InlineData("dispextbadfn", "attachment; example=\"filename=example.txt\"", "fallback.bin")]
    [InlineData("attwithfn2231ws1", "attachment; filename *=UTF-8''foo-%c3%a4.html", "fallback.bin")]
    // filename*: whitespace around '=' is allowed; a charset is needed and must decode; a quoted one is read (RFC
    // 8187 forbids the quotes, Chrome passes it over: some servers send it so); no percent-decoding twice.
    [InlineData("attwithfn2231ws2", "attachment; filename*= UTF-8''foo-%c3%a4.html", "foo-\u00e4.html")]
    [InlineData("attwithfn2231ws3", "attachment; filename* =UTF-8''foo-%c3%a4.html", "foo-\u00e4.html")]
    [InlineData("attwithfn2231noc", "attachment; filename*=''foo-%c3%a4-%e2%82%ac.html", "fallback.bin")]
    [InlineData("attwithfn2231iso-bad", "attachment; filename*=utf-8''foo-%E4.html", "fallback.bin")]
    [InlineData("attwithfn2231utf8-bad", "attachment; filename*=iso-8859-1''foo-%c3%a4-%e2%82%ac.html", "foo-\u00c3\u00a4-\u00e2_\u00ac.html")]
    [InlineData("attwithfn2231quot", "attachment; filename*=\"UTF-8''foo-%c3%a4.html\"", "foo-\u00e4.html")]
    [InlineData("attwithfn2231quot2", "attachment; filename*=\"foo%20bar.html\"", "fallback.bin")]
    [InlineData("attwithfn2231singleqmissing", "attachment; filename*=UTF-8'foo-%c3%a4.html", "fallback.bin")]
    [InlineData("attwithfn2231nbadpct1", "attachment; filename*=UTF-8''foo%", "fallback.bin")]
    [InlineData("attwithfn2231nbadpct2", "attachment; filename*=UTF-8''f%oo.html", "fallback.bin")]
    [InlineData("attwithfn2231dpct", "attachment; filename*=UTF-8''A-%2541.html", "A-%41.html")]
    // Decomposed as sent ('a' and U+0308): not normalised, as Chrome writes it.
    [InlineData("attwithfn2231utf8comp", "attachment; filename*=UTF-8''foo-a%cc%88.html", "foo-a\u0308.html")]
    [InlineData("attfnboth3", "attachment; filename*0*=ISO-8859-15''euro-sign%3d%a4; filename*=ISO-8859-1''currency-sign%3d%a4", "currency-sign=\u00a4")]
    // RFC 2231 continuations are not read (RFC 8187 dropped them; Chrome reads none, Firefox does).
    [InlineData("attfncont", "attachment; filename*0=\"foo.\"; filename*1=\"html\"", "fallback.bin")]
    [InlineData("attfncontenc", "attachment; filename*0*=UTF-8''foo-%c3%a4; filename*1=\".html\"", "fallback.bin")]
    public void Tc2231_cases_are_read_as_decided(string tc2231, string disposition, string expected)
    {
        _ = tc2231;
        Assert.Equal(expected, FileName(disposition));
    }

    [Theory]
    [InlineData("attachment; filename*=UTF-8''na%C3%AFve%3B.txt; filename=\"fallback.txt\"")]
    [InlineData("attachment; filename=\"fallback.txt\"; filename*=UTF-8''na%C3%AFve%3B.txt")]
    public void The_extended_filename_comes_before_the_plain_one(string disposition) =>
        Assert.Equal("naïve;.txt", FileName(disposition));

    [Theory]
    // RFC 8187's value is ASCII: a raw é (a server writing the name unescaped) is no value of it, whatever it decodes to.
    [InlineData("attachment; filename*=iso-8859-1''caf\u00e9.txt; filename=\"plain.txt\"")]
    // An escape cut short at the value's end ('%4'), which a bound one too wide would read past (an ArgumentOutOfRangeException).
    [InlineData("attachment; filename*=UTF-8''caf%4; filename=\"plain.txt\"")]
    public void An_extended_filename_that_is_not_RFC_8187_gives_way_to_the_plain_one(string disposition) =>
        Assert.Equal("plain.txt", FileName(disposition));

    [Theory]
    [InlineData("attachment; filename=\"..\\\\..\\\\evil.txt\"")]
    [InlineData("attachment; filename=\"../../evil.txt\"")]
    [InlineData("attachment; filename*=UTF-8''..%2F..%2Fevil.txt")]
    public void Only_the_last_segment_of_a_path_is_kept(string disposition) =>
        Assert.Equal("evil.txt", FileName(disposition));

    [Theory]
    [InlineData("attachment")]
    [InlineData("attachment; filename=\"\"")]
    [InlineData("attachment; filename")]
    public void Without_a_name_the_URL_names_the_file(string disposition) =>
        Assert.Equal("fallback.bin", FileName(disposition));

    [Theory]
    // RFC 8187: ISO-8859-1 as well as UTF-8 (it stayed percent-encoded: "caf%E9.txt").
    [InlineData("attachment; filename*=ISO-8859-1''caf%E9.txt", "café.txt")]
    [InlineData("attachment; filename*=utf-8''caf%C3%A9.txt", "café.txt")]
    // A charset no recipient must read, or a broken escape: the plain filename instead.
    [InlineData("attachment; filename*=KOI8-R''%C1.txt; filename=\"plain.txt\"", "plain.txt")]
    [InlineData("attachment; filename*=UTF-8''bad%ZZ.txt; filename=\"plain.txt\"", "plain.txt")]
    public void The_extended_filename_is_read_in_its_charset(string disposition, string expected) =>
        Assert.Equal(expected, FileName(disposition));

    [Theory]
    // RFC 6266 4.3: control characters replaced, spaces at either end and leading dots (hidden files) dropped.
    [InlineData("attachment; filename*=UTF-8''a%0Ab%09c.txt", "a_b_c.txt")]
    [InlineData("attachment; filename=\"  padded.txt  \"", "padded.txt")]
    [InlineData("attachment; filename=\".bashrc\"", "bashrc")]
    // Nothing usable left: the URL's name, as without a Content-Disposition.
    [InlineData("attachment; filename=\"..\"", "fallback.bin")]
    [InlineData("attachment; filename=\" . \"", "fallback.bin")]
    public void Unsafe_names_are_made_safe(string disposition, string expected) =>
        Assert.Equal(expected, FileName(disposition));

    [Theory]
    // Windows device names, with or without an extension and in any case, would write to the device (or fail): a '_'
    // goes before them, as browsers do, on every system so that a script gets the same name everywhere.
    [InlineData("attachment; filename=\"CON\"", "_CON")]
    [InlineData("attachment; filename=\"nul.txt\"", "_nul.txt")]
    [InlineData("attachment; filename=\"Aux.tar.gz\"", "_Aux.tar.gz")]
    [InlineData("attachment; filename=\"com1.log\"", "_com1.log")]
    [InlineData("attachment; filename=\"LPT9\"", "_LPT9")]
    [InlineData("attachment; filename=\"prn .txt\"", "_prn .txt")]
    [InlineData("attachment; filename*=UTF-8''COM%C2%B9.txt", "_COM¹.txt")]
    [InlineData("attachment; filename=\"conin$\"", "_conin$")]
    // Only the whole stem is a device: these are ordinary names.
    [InlineData("attachment; filename=\"console.txt\"", "console.txt")]
    [InlineData("attachment; filename=\"com10.txt\"", "com10.txt")]
    [InlineData("attachment; filename=\"my-nul.txt\"", "my-nul.txt")]
    // Windows drops trailing dots and spaces: the file written would have another name than the one checked.
    [InlineData("attachment; filename=\"report.\"", "report")]
    [InlineData("attachment; filename=\"report. . \"", "report")]
    [InlineData("attachment; filename=\"nul.\"", "_nul")]
    [InlineData("attachment; filename=\"...\"", "fallback.bin")]
    // A device name can be what is left once a long name is cut; a long one is cut to make room for its '_'.
    public void Windows_device_names_and_trailing_dots_are_made_safe_on_every_system(string disposition, string expected) =>
        Assert.Equal(expected, FileName(disposition));

    [Fact]
    public void A_device_name_left_of_a_long_name_gets_its_underscore_within_the_length()
    {
        // What is left once a long name is cut can be a device; a device name cut to the longest name is cut again for its '_'.
        Assert.Equal("_CON", FileName($"attachment; filename=\"CON{Spaces300}x\""));
        Assert.Equal("_nul." + new string('x', 242), FileName($"attachment; filename=\"nul.{Xs300}\""));
    }

    [Theory]
    [InlineData("https://example.org/files/CON", "_CON")]
    [InlineData("https://example.org/files/aux.json", "_aux.json")]
    [InlineData("https://example.org/files/data.csv.", "data.csv")]
    // Percent-decoded, as Invoke-WebRequest names it; "download" where the URL gives no name (a folder or the root).
    [InlineData("https://example.org/files/my%20report.pdf", "my report.pdf")]
    [InlineData("https://example.org/files/", "download")]
    [InlineData("https://example.org/", "download")]
    public void A_name_from_the_URL_is_made_safe_the_same_way(string url, string expected) =>
        Assert.Equal(expected, Downloader.FileNameFor(new Response(200) { Request = new Request("GET", url) }));

    [Fact]
    public void A_name_longer_than_a_file_system_takes_is_shortened_keeping_its_extension()
    {
        // 255 bytes less ".partial", the name the file has while it is written.
        var name = FileName($"attachment; filename=\"{new string('n', 300)}.tar.gz\"");
        Assert.Equal(247, System.Text.Encoding.UTF8.GetByteCount(name));
        Assert.EndsWith("n.gz", name);
    }

    [Theory]
    // Cut one UTF-16 unit at a time, a name of emoji (4 bytes, two units each) kept half of one, which no file name
    // can hold (it was written as U+FFFD, another name than the one returned).
    [InlineData(".txt", 60)]
    [InlineData("", 61)]
    public void A_long_name_is_cut_between_characters(string extension, int emojiKept)
    {
        var name = FileName($"attachment; filename*=UTF-8''{string.Concat(Enumerable.Repeat("%F0%9F%98%80", 100))}{extension}");
        Assert.Equal(string.Concat(Enumerable.Repeat("\U0001F600", emojiKept)) + extension, name);
    }

    [Fact]
    public void An_extension_longer_than_a_name_can_be_is_cut_as_the_rest_of_the_name() =>
        Assert.Equal("a." + new string('x', 245), FileName($"attachment; filename=\"a.{new string('x', 300)}\""));
}
