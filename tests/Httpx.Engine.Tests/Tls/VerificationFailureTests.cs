using Httpx.TestServer;

namespace Httpx.Tests.Tls;

/// <summary>A failed server certificate check is a ConnectException saying why and naming the host.</summary>
public class VerificationFailureTests : IClassFixture<ServerFixture>
{
    private readonly TestServerHost _server;

    public VerificationFailureTests(ServerFixture fixture) => _server = fixture.Server;

    private ConnectException Fail(string url)
    {
        using var client = new Httpx.Client(new ClientOptions { Verify = _server.CaPemPath, TrustEnv = false });
        return Assert.Throws<ConnectException>(() => client.Get(url + "/get"));
    }

    [Fact]
    public void Expired()
    {
        var error = Fail(_server.ExpiredHttpsUrl);
        Assert.Contains("expired", error.Message);
        Assert.Contains("'localhost'", error.Message);
    }

    [Fact]
    public void Name_mismatch()
    {
        var error = Fail(_server.WrongHostHttpsUrl);
        Assert.Contains("does not match the host name 'localhost'", error.Message);
        Assert.Contains("wrong.example", error.Message);
    }

    [Fact]
    public void Self_signed_is_untrusted()
    {
        var error = Fail(_server.SelfSignedHttpsUrl);
        Assert.Contains("not trusted", error.Message);
        Assert.Contains("'localhost'", error.Message);
    }

    [Fact]
    public void Verify_false_accepts_them()
    {
        using var client = new Httpx.Client(new ClientOptions { Verify = false, TrustEnv = false });
        Assert.Equal(200, client.Get(_server.SelfSignedHttpsUrl + "/get").StatusCode);
    }
}
