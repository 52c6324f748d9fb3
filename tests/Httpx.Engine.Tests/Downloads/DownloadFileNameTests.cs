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
}
