namespace Httpx.Tests.Auth;

/// <summary>BearerAuth's token: RFC 6750's b64token, so no white space or control character; the token never shown.</summary>
public class BearerAuthTests
{
    [Theory]
    [InlineData("s3cr3t tail")]      // two words: a server reads "Bearer s3cr3t", or refuses
    [InlineData("s3cr3t\t")]        // a tab from a pasted or exported value
    [InlineData(" s3cr3t")]
    [InlineData("s3cr3t\u00A0")]    // a no-break space from a web page
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

    [Theory]
    [InlineData("s3cr3t\n")]        // Get-Content -Raw of a token file
    [InlineData("s3cr3t\r\n")]      // one saved on Windows
    public void A_token_file_s_last_line_break_is_refused_in_so_many_words(string token)
    {
        // "cannot contain white space, line breaks..." sent the user looking inside the token.
        var e = Assert.Throws<ArgumentException>(() => new BearerAuth(token));
        Assert.StartsWith("The bearer token ends with a line break, as a token file read whole does: give the token without it (trim it).", e.Message);
        Assert.DoesNotContain("s3cr3t", e.Message);
    }

    [Theory]
    [InlineData("Bearer s3cr3t")]    // the whole Authorization value, copied from a browser or a curl command
    [InlineData("bearer s3cr3t")]
    [InlineData("Bearer\ts3cr3t")]
    public void A_token_given_with_its_scheme_is_refused_saying_to_give_the_token_alone(string token)
    {
        var e = Assert.Throws<ArgumentException>(() => new BearerAuth(token));
        Assert.Equal("token", e.ParamName);
        Assert.StartsWith("The bearer token starts with 'Bearer ': give the token alone", e.Message);
        Assert.DoesNotContain("s3cr3t", e.Message);
    }

    [Theory]
    [InlineData("Bearerish")]       // a token that merely starts with the word is a token
    [InlineData("BearerToken.abc")]
    public void A_token_that_starts_with_the_word_Bearer_is_sent_as_is(string token)
    {
        string? sent = null;
        using var client = new Httpx.Client(new ClientOptions
        {
            Auth = new BearerAuth(token),
            Transport = new MockTransport(request => { sent = request.Headers.Get("Authorization"); return new Response(200); }),
        });
        client.Get("http://example.org/");
        Assert.Equal("Bearer " + token, sent);
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
