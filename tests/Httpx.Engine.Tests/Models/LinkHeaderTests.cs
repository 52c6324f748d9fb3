namespace Httpx.Tests.Models;

/// <summary>Response.Links, HTTPX's response.links (tests/models/test_responses.py and test_headers.py).</summary>
public class LinkHeaderTests
{
    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Links(string? header) =>
        new Response(200, headers: header is null ? null : new Dictionary<string, string> { ["Link"] = header }).Links;

    [Fact]
    public void Links_are_keyed_by_rel_with_quotes_stripped()
    {
        var single = Links("<https://example.com>; rel='preload'");
        Assert.Equal(new Dictionary<string, string> { ["url"] = "https://example.com", ["rel"] = "preload" }, single["preload"]);

        var two = Links("</hub>; rel=\"hub\", </resource>; rel=\"self\"");
        Assert.Equal(["hub", "self"], two.Keys);
        Assert.Equal("/hub", two["hub"]["url"]);
        Assert.Equal("/resource", two["self"]["url"]);
    }

    [Theory]
    [InlineData("<http:/.../front.jpeg>; rel=front; type=\"image/jpeg\"", "front", "http:/.../front.jpeg", "image/jpeg")]
    [InlineData("<http:/.../front.jpeg>", "http:/.../front.jpeg", "http:/.../front.jpeg", null)]
    [InlineData("<http:/.../front.jpeg>;", "http:/.../front.jpeg", "http:/.../front.jpeg", null)]
    public void A_link_without_rel_is_keyed_by_its_url(string header, string key, string url, string? type)
    {
        var link = Links(header)[key];
        Assert.Equal(url, link["url"]);
        Assert.Equal(type, link.TryGetValue("type", out var t) ? t : null);
    }

    [Fact]
    public void Several_links_without_a_space_after_the_comma_and_no_header_at_all()
    {
        var links = Links("<http:/.../front.jpeg>; type=\"image/jpeg\",<http://.../back.jpeg>;");
        Assert.Equal("image/jpeg", links["http:/.../front.jpeg"]["type"]);
        Assert.Single(links["http://.../back.jpeg"]);
        Assert.Empty(Links(""));
        Assert.Empty(Links(null));
    }

    [Fact]
    public void Links_split_at_a_comma_before_a_url_only_so_a_url_may_hold_commas()
    {
        var links = Links("</items?ids=1,2>; rel=\"next\", </items?ids=0>; rel=\"prev\"");
        Assert.Equal("/items?ids=1,2", links["next"]["url"]);
        Assert.Equal("/items?ids=0", links["prev"]["url"]);
    }

    [Fact]
    public void A_semicolon_inside_the_angle_brackets_is_the_urls_not_the_start_of_its_parameters()
    {
        // HTTPX cuts the URL at the first ';': next was /items?fields=id, and a paging loop read page 1 again.
        var links = Links("</items?fields=id;name&page=2>; rel=\"next\", </items;v=2?page=9>; rel=\"last\"");
        Assert.Equal(["next", "last"], links.Keys);
        Assert.Equal("/items?fields=id;name&page=2", links["next"]["url"]);
        Assert.Equal("/items;v=2?page=9", links["last"]["url"]);
    }

    [Theory]
    // As HTTPX's _parse_header_links: a parameter that is not one name=value pair ends that link's parameters.
    [InlineData("</a>; crossorigin; rel=\"next\"")]
    [InlineData("</a>; title=\"x=y\"; rel=\"next\"")]
    public void A_parameter_without_one_equals_sign_ends_the_links_parameters(string header)
    {
        var link = Assert.Single(Links(header));
        Assert.Equal("/a", link.Key);
        Assert.False(link.Value.ContainsKey("rel"));
    }

    [Fact]
    public void Rels_and_parameter_names_are_found_in_any_case_and_keep_the_headers_spelling()
    {
        // RFC 8288 compares relation types and parameter names without case; PowerShell's $r.Links.Next.Url reads so.
        var links = Links("</page/3>; rel=\"next\"; Title=\"Three\", </page/1>; REL=\"First\"");
        Assert.Equal("/page/3", links["Next"]["URL"]);
        Assert.Equal("Three", links["NEXT"]["title"]);
        Assert.Equal("/page/1", links["first"]["Url"]);
        Assert.Equal(["next", "First"], links.Keys);
    }
}
