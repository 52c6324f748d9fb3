namespace Httpx.Tests.Auth;

/// <summary>
/// NetRCAuth with temporary .netrc files, against the server's Basic auth endpoint. Some tests change NETRC and HOME,
/// which belong to the whole process: the class runs alone.
/// </summary>
[CollectionDefinition(nameof(NetRCAuthTests), DisableParallelization = true)]
public class NetRCAuthTestsCollection;

[Collection(nameof(NetRCAuthTests))]
public class NetRCAuthTests : IClassFixture<ServerFixture>
{
    private readonly ServerFixture _f;
    public NetRCAuthTests(ServerFixture f) => _f = f;

    private static string NetRC(string text, bool ownerOnly = true)
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, ownerOnly ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return path;
    }

    private int Status(NetRCAuth auth, string host = "127.0.0.1")
    {
        using var client = new Httpx.Client(new ClientOptions { Auth = auth });
        return client.Get(_f.Server.HttpUrl.Replace("127.0.0.1", host) + "/basic-auth/user/pass").StatusCode;
    }

    [Fact]
    public void Machine_entry_for_the_request_host_is_used()
    {
        var path = NetRC("machine example.com login other password nope\nmachine 127.0.0.1\n  login user\n  password pass\n");
        try
        {
            Assert.Equal(200, Status(new NetRCAuth(path)));
            Assert.Equal(401, Status(new NetRCAuth(path), host: "localhost")); // no entry, no default: no credentials
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void A_value_may_start_with_a_hash_and_host_names_match_exactly_as_in_Pythons_netrc()
    {
        // "#hash" after "password" is the password, not a comment (it was a FormatException: no value).
        var path = NetRC("machine 127.0.0.1 login user password #hash\nmachine LOCALHOST login user password #hash\n");
        try
        {
            using var client = new Httpx.Client(new ClientOptions { Auth = new NetRCAuth(path) });
            Assert.Equal(200, client.Get(_f.Server.HttpUrl + "/basic-auth/user/%23hash").StatusCode);
            // "LOCALHOST" is not the host localhost (Python's netrc keeps host names as written): no credentials.
            Assert.Equal(401, client.Get(_f.Server.HttpUrl.Replace("127.0.0.1", "localhost") + "/basic-auth/user/%23hash").StatusCode);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Default_entry_quotes_comments_account_and_macdef()
    {
        var path = NetRC(
            "# comment line\n" +
            "macdef init\ncd /pub\nmachine 127.0.0.1 login macro password macro\n\n" +
            "machine example.com login x password \"with space\" account acct # trailing comment\n" +
            "default login user password \"pa\\ss\"\n");
        try
        {
            // The macdef body is not an entry; localhost and 127.0.0.1 both fall to default ("pa\ss" unescapes to "pass").
            Assert.Equal(200, Status(new NetRCAuth(path)));
            Assert.Equal(200, Status(new NetRCAuth(path), host: "localhost"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Entry_without_password_sends_no_credentials()
    {
        var path = NetRC("machine 127.0.0.1 login user\n", ownerOnly: false);
        try
        {
            using var client = new Httpx.Client();
            var r = client.Get(_f.Server.HttpUrl + "/basic-auth/user/pass", new RequestOptions { Auth = new NetRCAuth(path) });
            Assert.Equal(401, r.StatusCode);
            Assert.False(r.Request.Headers.ContainsKey("Authorization"));
        }
        finally { File.Delete(path); }
    }

    /// <summary>Runs <paramref name="test"/> with HOME a new folder holding <paramref name="netrc"/> as .netrc, and NETRC unset.</summary>
    private static void WithHomeNetRC(string netrc, bool ownerOnly, Action<string> test)
    {
        var home = Directory.CreateTempSubdirectory("httpx-home-").FullName;
        var path = Path.Combine(home, ".netrc");
        File.Move(NetRC(netrc, ownerOnly), path);
        var (netrcBefore, homeBefore) = (Environment.GetEnvironmentVariable("NETRC"), Environment.GetEnvironmentVariable("HOME"));
        try
        {
            Environment.SetEnvironmentVariable("NETRC", null);
            Environment.SetEnvironmentVariable("HOME", home);
            test(path);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NETRC", netrcBefore);
            Environment.SetEnvironmentVariable("HOME", homeBefore);
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void The_users_netrc_with_passwords_readable_by_others_is_refused_as_in_Python()
    {
        if (OperatingSystem.IsWindows()) return; // Unix permissions
        WithHomeNetRC("machine 127.0.0.1 login user password pass\n", ownerOnly: false, path =>
        {
            // Not UnauthorizedAccessException, which says the file could not be read (PowerShell showed a ReadError).
            var e = Assert.Throws<System.Security.SecurityException>(() => new NetRCAuth());
            Assert.Contains(path, e.Message);
            Assert.Contains("(mode 644)", e.Message);
            Assert.Contains("chmod 600", e.Message);
            // Ordinal: under th-TH a culture's comparison ignores the line break, and found "pass\n" in "passwords".
            Assert.DoesNotContain("pass\n", e.Message, StringComparison.Ordinal);
        });
    }

    [Theory]
    // Python's check: any permission of the group or of others (stat.S_IRWXG | stat.S_IRWXO), not only others' read.
    [InlineData(UnixFileMode.GroupRead, "640")]
    [InlineData(UnixFileMode.GroupWrite, "620")]
    [InlineData(UnixFileMode.OtherRead, "604")]
    public void The_users_netrc_with_passwords_open_to_its_group_or_others_is_refused(UnixFileMode extra, string mode)
    {
        WithHomeNetRC("machine 127.0.0.1 login user password pass\n", ownerOnly: true, path =>
        {
            if (OperatingSystem.IsWindows()) return;
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);
            Assert.Contains($"(mode {mode})", Assert.Throws<System.Security.SecurityException>(() => new NetRCAuth()).Message);
        });
    }

    [Fact]
    public void An_anonymous_login_is_no_secret_as_in_Python()
    {
        if (OperatingSystem.IsWindows()) return;
        // ftp's convention: the anonymous password is an email address. It was refused as a password others can read.
        WithHomeNetRC("machine 127.0.0.1 login anonymous password guest@example.com\n", ownerOnly: false, path =>
            Assert.Equal(path, new NetRCAuth().Path));
    }

    [Fact]
    public void An_account_is_a_secret_as_a_password_is()
    {
        if (OperatingSystem.IsWindows()) return;
        // ftp's account is a second password, which errors already never print. Python refuses ~/.netrc for any entry
        // whose login is not "anonymous"; an entry with an account and no password was read from a file others can read.
        WithHomeNetRC("machine ftp.example login ada account acct-s3cret\n", ownerOnly: false, path =>
            Assert.Contains("(mode 644)", Assert.Throws<System.Security.SecurityException>(() => new NetRCAuth()).Message));
        WithHomeNetRC("machine ftp.example login anonymous account guest\n", ownerOnly: false, path =>
            Assert.Equal(path, new NetRCAuth().Path));
    }

    [Fact]
    public void A_file_named_by_path_or_NETRC_is_not_refused_for_its_permissions_as_in_Python_and_curl()
    {
        if (OperatingSystem.IsWindows()) return;
        // Python's netrc(file) and curl check no such file; it is often one the user cannot chmod (a secret mounted
        // read-only for a group into a container). It was a SecurityException.
        var path = NetRC("machine 127.0.0.1 login user password pass\n", ownerOnly: false);
        var before = Environment.GetEnvironmentVariable("NETRC");
        try
        {
            Assert.Equal(200, Status(new NetRCAuth(path)));
            Environment.SetEnvironmentVariable("NETRC", path);
            Assert.Equal(200, Status(new NetRCAuth()));
        }
        finally
        {
            Environment.SetEnvironmentVariable("NETRC", before);
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_and_malformed_files_are_clear_errors()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-netrc-" + Guid.NewGuid().ToString("N"));
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => new NetRCAuth(missing)).Message);

        var path = NetRC("machine a login b password c\nmachine\n");
        try
        {
            var e = Assert.Throws<FormatException>(() => new NetRCAuth(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("line 2", e.Message);
        }
        finally { File.Delete(path); }

        var unknown = NetRC("machine a bogus b c\n");
        try
        {
            Assert.Contains("'bogus'", Assert.Throws<FormatException>(() => new NetRCAuth(unknown)).Message);
        }
        finally { File.Delete(unknown); }
    }

    [Fact]
    public void A_folder_given_as_the_netrc_file_is_said_to_be_a_folder()
    {
        // "The .netrc file '/home/me' does not exist" sent the user looking for a typo in a path that is there.
        var folder = Directory.CreateTempSubdirectory("httpx-netrc-folder-").FullName;
        try
        {
            var error = Assert.Throws<ArgumentException>(() => new NetRCAuth(folder));
            Assert.StartsWith($"The .netrc file '{folder}' is a folder: give the path of the .netrc file itself.", error.Message);
        }
        finally { Directory.Delete(folder); }
    }

    [Fact]
    public void Netrc_environment_variable_names_the_default_file()
    {
        var path = NetRC("machine 127.0.0.1 login user password pass\n");
        var before = Environment.GetEnvironmentVariable("NETRC");
        try
        {
            Environment.SetEnvironmentVariable("NETRC", path);
            var auth = new NetRCAuth();
            Assert.Equal(path, auth.Path);
            Assert.Equal(200, Status(auth));
            Assert.DoesNotContain("pass", auth.ToString().Replace(path, ""));
        }
        finally
        {
            Environment.SetEnvironmentVariable("NETRC", before);
            File.Delete(path);
        }
    }

    [Fact]
    public void Trust_env_does_not_enable_netrc_as_in_httpx_0_28()
    {
        // A .netrc with credentials for the server, found through NETRC: a client without auth must not use it. NETRC
        // is the process's, so the test runs here, alone; without it no .netrc was there and the test could not fail.
        var path = NetRC("machine 127.0.0.1 login user password pass\n");
        var before = Environment.GetEnvironmentVariable("NETRC");
        try
        {
            Environment.SetEnvironmentVariable("NETRC", path);
            using var client = new Httpx.Client(new ClientOptions { TrustEnv = true });
            var r = client.Get(_f.Server.HttpUrl + "/basic-auth/user/pass", new RequestOptions { Auth = null });
            Assert.Equal(401, r.StatusCode);
            Assert.Equal(200, client.Get(_f.Server.HttpUrl + "/basic-auth/user/pass", new RequestOptions { Auth = new NetRCAuth() }).StatusCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NETRC", before);
            File.Delete(path);
        }
    }

    [Fact]
    public void Without_NETRC_the_netrc_file_in_the_home_folder_is_used()
    {
        if (OperatingSystem.IsWindows()) return; // the home folder comes from HOME on Unix only
        WithHomeNetRC("machine 127.0.0.1 login user password pass\n", ownerOnly: true, path =>
        {
            var auth = new NetRCAuth();
            Assert.Equal(path, auth.Path);
            Assert.Equal(200, Status(auth));
        });
    }
}
