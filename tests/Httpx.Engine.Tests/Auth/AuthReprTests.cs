namespace Httpx.Tests.Auth;

/// <summary>
/// The auth classes' ToString(), as Python's repr() writes their text (Internal.PythonRepr): a name with a quote or a
/// line break is shown whole and readable, not cut by the quote or split over lines; the password is always masked.
/// </summary>
public class AuthReprTests
{
    [Fact]
    public void A_user_name_is_written_as_Python_repr_and_the_password_masked()
    {
        Assert.Equal("BasicAuth(username='user', password=[secure])", new BasicAuth("user", "hunter2").ToString());
        Assert.Equal("BasicAuth(username=\"O'Brien\", password=[secure])", new BasicAuth("O'Brien", "hunter2").ToString());
        Assert.Equal("BasicAuth(username='a\\nb', password=[secure])", new BasicAuth("a\nb", "hunter2").ToString());
        Assert.Equal("DigestAuth(username=\"O'Brien\", password=[secure])", new DigestAuth("O'Brien", "hunter2").ToString());
        Assert.Equal("NtlmAuth(username=\"O'Brien\", domain='CORP', password=[secure])", new NtlmAuth("O'Brien", "hunter2", "CORP").ToString());
        Assert.DoesNotContain("hunter2", new NegotiateAuth("it's", "hunter2").ToString());
    }

    [Fact]
    public void A_netrc_path_is_written_as_Python_repr()
    {
        var folder = Directory.CreateTempSubdirectory("httpx-netrc-'s-").FullName;
        try
        {
            var file = Path.Combine(folder, "netrc");
            File.WriteAllText(file, "machine example.org login user password hunter2\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Assert.Equal($"NetRCAuth(file=\"{file}\")", new NetRCAuth(file).ToString());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
