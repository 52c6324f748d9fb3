namespace Httpx.Tests.Auth;

/// <summary>BearerAuth's token: RFC 6750's b64token, so no white space or control character; the token never shown.</summary>
public class BearerAuthTests
{
    [Theory]
    [InlineData("s3cr3t tail")]      // two words: a server reads "Bearer s3cr3t", or refuses
    [InlineData("s3cr3t\t")]        // a tab from a pasted or exported value
    [InlineData(" s3cr3t")]
    [InlineData("s3cr3t\u00A0")]    // a no-break space from a web page
    [InlineData("s3cr3t\n")]        // Get-Content -Raw of a token file
    [InlineData("s3\0cr3t")]
    [InlineData("s3\u007Fcr3t")]
    public void White_space_and_control_characters_are_refused_without_showing_the_token(string token)
    {
        var e = Assert.Throws<ArgumentException>(() => new BearerAuth(token));
        Assert.Equal("token", e.ParamName);
        Assert.Contains("white space", e.Message);
        Assert.DoesNotContain("s3", e.Message);
        Assert.DoesNotContain("cr3t", e.Message);
    }

    [Fact]
    public void A_b64token_is_sent_as_is()
    {
        string? sent = null;
        using var client = new Httpx.Client(new ClientOptions
        {
            Auth = new BearerAuth("eyJ0.a-b_c~d+e/f=="),
            Transport = new MockTransport(request => { sent = request.Headers.Get("Authorization"); return new Response(200); }),
        });
        client.Get("http://example.org/");
        Assert.Equal("Bearer eyJ0.a-b_c~d+e/f==", sent);
    }
}
