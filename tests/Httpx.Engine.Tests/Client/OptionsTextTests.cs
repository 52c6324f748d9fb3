namespace Httpx.Tests.Client;

/// <summary>Options objects end up in logs and debugger views: their text never holds a password.</summary>
public class OptionsTextTests
{
    [Fact]
    public void ClientOptions_text_masks_URL_passwords_and_auth_secrets_and_keeps_the_rest()
    {
        var text = new ClientOptions
        {
            BaseUrl = "https://user:s3cret-base@api.example.com/",
            Auth = ("alice", "s3cret-auth"),
            Proxy = "http://bob:s3cret-proxy@proxy:8080",
            MaxRedirects = 7,
        }.ToString();
        Assert.DoesNotContain("s3cret", text);
        Assert.Contains("BaseUrl = https://user:[secure]@api.example.com/", text);
        Assert.Contains("Auth = (alice, [secure])", text);
        Assert.Contains("Proxy = http://bob:[secure]@proxy:8080", text);
        Assert.Contains("MaxRedirects = 7", text);
        Assert.StartsWith("ClientOptions { ", text);
    }

    [Fact]
    public void A_proxy_given_as_a_System_Uri_is_masked_too()
    {
        var text = new ClientOptions { Proxy = new Uri("http://pu:URIPROXYPW@127.0.0.1:3128") }.ToString();
        Assert.DoesNotContain("URIPROXYPW", text);
        Assert.Contains("Proxy = http://pu:[secure]@127.0.0.1:3128/", text);
    }

    [Fact]
    public void EventHooks_text_counts_the_hooks_of_each_kind()
    {
        Assert.Equal("EventHooks(request=0, response=0)", new EventHooks().ToString());
        var hooks = new EventHooks().OnRequest(_ => { }).OnResponse(_ => { }).OnResponse(_ => { });
        Assert.Equal("EventHooks(request=1, response=2)", hooks.ToString());
    }

    [Fact]
    public void RequestOptions_text_masks_auth_secrets()
    {
        var text = new RequestOptions { Auth = ("alice", "s3cret-auth2"), MaxRedirects = 3 }.ToString();
        Assert.DoesNotContain("s3cret", text);
        Assert.Contains("Auth = (alice, [secure])", text);
        Assert.Contains("MaxRedirects = 3", text);
    }
}
