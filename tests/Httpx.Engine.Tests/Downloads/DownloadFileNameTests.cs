namespace Httpx.Tests.Downloads;

/// <summary>The file name a folder download takes from Content-Disposition (RFC 6266), and what stays of an unsafe one.</summary>
public class DownloadFileNameTests
{
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
        Assert.Equal(OperatingSystem.IsWindows() ? expected.Replace('"', '_') : expected, FileName(disposition));

    [Theory]
    [InlineData("attachment; filename*=UTF-8''na%C3%AFve%3B.txt; filename=\"fallback.txt\"")]
    [InlineData("attachment; filename=\"fallback.txt\"; filename*=UTF-8''na%C3%AFve%3B.txt")]
    public void The_extended_filename_comes_before_the_plain_one(string disposition) =>
        Assert.Equal("naïve;.txt", FileName(disposition));

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

    [Fact]
    public void A_name_longer_than_a_file_system_takes_is_shortened_keeping_its_extension()
    {
        var name = FileName($"attachment; filename=\"{new string('n', 300)}.tar.gz\"");
        Assert.Equal(255, System.Text.Encoding.UTF8.GetByteCount(name));
        Assert.EndsWith("n.gz", name);
    }
}
