using Httpx.TestServer;

namespace Httpx.Tests.Tls;

/// <summary>SSL_CERT_FILE, SSL_CERT_DIR and SSLKEYLOGFILE, given as an environment (the process's is left alone).</summary>
public class EnvironmentTlsTests : IClassFixture<ServerFixture>
{
    private readonly TestServerHost _server;

    public EnvironmentTlsTests(ServerFixture fixture) => _server = fixture.Server;

    private int Get(Dictionary<string, string?> environment, bool trustEnv = true, object? verify = null)
    {
        using var client = new Httpx.Client(new ClientOptions { TrustEnv = trustEnv, Verify = verify ?? true }, environment);
        return client.Get(_server.HttpsUrl + "/get").StatusCode;
    }

    [Fact]
    public void Ssl_cert_file_replaces_the_system_roots_when_verify_is_true()
    {
        Assert.Equal(200, Get(new() { ["SSL_CERT_FILE"] = _server.CaPemPath }));
        // Without it the test CA is unknown.
        var error = Assert.Throws<ConnectException>(() => Get(new()));
        Assert.Contains("not trusted", error.Message);
    }

    [Fact]
    public void Ssl_cert_dir_is_used_when_there_is_no_ssl_cert_file()
    {
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"httpx-cadir-{Guid.NewGuid():N}"));
        try
        {
            File.Copy(_server.CaPemPath, Path.Combine(dir.FullName, "test-ca.pem"));
            Assert.Equal(200, Get(new() { ["SSL_CERT_DIR"] = dir.FullName }));
            Assert.Equal(200, Get(new() { ["SSL_CERT_FILE"] = "", ["SSL_CERT_DIR"] = dir.FullName }));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void The_environment_is_ignored_without_TrustEnv_or_when_verify_is_given()
    {
        var environment = new Dictionary<string, string?> { ["SSL_CERT_FILE"] = _server.CaPemPath };
        Assert.Throws<ConnectException>(() => Get(environment, trustEnv: false));
        Assert.Equal(200, Get(new() { ["SSL_CERT_FILE"] = "/nonexistent/ca.pem" }, verify: _server.CaPemPath));
    }

    [Fact]
    public void A_missing_bundle_is_an_error_naming_the_variable_and_the_path()
    {
        var error = Assert.Throws<ArgumentException>(() => Get(new() { ["SSL_CERT_FILE"] = "/nonexistent/ca.pem" }));
        Assert.Contains("SSL_CERT_FILE", error.Message);
        Assert.Contains("/nonexistent/ca.pem", error.Message);
        // The variable named the path, not an argument: no "(Parameter 'verify')" inside the sentence.
        Assert.DoesNotContain("(Parameter", error.Message);
    }

    [Theory]
    [InlineData("SSL_CERT_FILE")]
    [InlineData("SSL_CERT_DIR")]
    public void An_unusable_bundle_names_its_variable_for_the_caller_to_point_at(string variable)
    {
        // As a proxy variable's error does: the module makes the variable's name its error record's target.
        var error = Assert.Throws<ArgumentException>(() => Get(new() { [variable] = "/nonexistent/ca.pem" }));
        Assert.Equal(variable, error.Data[EnvironmentProxies.VariableKey]);
    }

    [Fact]
    public void Sslkeylogfile_turns_on_the_runtime_switch_only_when_set()
    {
        Assert.False(EnvironmentTls.EnableKeyLogging(new Dictionary<string, string?> { ["SSLKEYLOGFILE"] = "" }));
        Assert.True(EnvironmentTls.EnableKeyLogging(new Dictionary<string, string?> { ["SSLKEYLOGFILE"] = "/tmp/keys.log" }));
        Assert.True(AppContext.TryGetSwitch(EnvironmentTls.KeyLoggingSwitch, out var enabled) && enabled);
    }
}
