namespace Httpx.PowerShell.Tests;

/// <summary>New-HttpxAuth against the test server's /basic-auth and /bearer, and scriptblock flows.</summary>
public class AuthCmdletTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public AuthCmdletTests(PowerShellFixture ps) => _ps = ps;

    private object?[] Values(PowerShellResult result) => result.Output.Select(o => o?.BaseObject).ToArray();

    [Fact]
    public void Basic_with_user_name_and_password_authenticates_and_a_wrong_password_gets_401()
    {
        var result = _ps.Run("""
            (Invoke-Httpx "$base/basic-auth/ada/s3cret" -Auth (New-HttpxAuth -UserName ada -Password s3cret)).StatusCode
            (Invoke-Httpx "$base/basic-auth/ada/s3cret" -Auth (New-HttpxAuth -UserName ada -Password wrong)).StatusCode
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 200, 401 }, Values(result));
    }

    [Fact]
    public void Digest_refuses_a_user_name_with_a_line_break_at_New_HttpxAuth()
    {
        var result = _ps.Run("""
            try { New-HttpxAuth -Digest -UserName "ada`n" -Password s3cret } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category; $_.Exception.Message }
            """);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand", Values(result)[0]);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, Values(result)[1]);
        Assert.Contains("Digest user name cannot contain line breaks", (string)Values(result)[2]!);
        Assert.DoesNotContain("s3cret", (string)Values(result)[2]!);
    }

    [Fact]
    public void Basic_with_a_PSCredential_and_a_SecureString_password()
    {
        var result = _ps.Run("""
            $secure = [System.Net.NetworkCredential]::new('', 'p@ss w0rd').SecurePassword
            $credential = [pscredential]::new('ada', $secure)
            (Invoke-Httpx "$base/basic-auth/ada/p@ss%20w0rd" -Auth (New-HttpxAuth -Credential $credential) -As Json).user
            (Invoke-Httpx "$base/basic-auth/ada/p@ss%20w0rd" -Auth (New-HttpxAuth -Basic -UserName ada -Password $secure)).StatusCode
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "ada", 200 }, Values(result));
    }

    [Fact]
    public void Bearer_sends_the_token_from_a_string_or_a_SecureString()
    {
        var result = _ps.Run("""
            (Invoke-Httpx "$base/bearer" -Auth (New-HttpxAuth -Bearer -Token abc123) -As Json).token
            $secure = [System.Net.NetworkCredential]::new('', 'xyz789').SecurePassword
            $client = New-HttpxClient -Auth (New-HttpxAuth -Bearer -Token $secure)
            (Invoke-Httpx "$base/bearer" -Client $client -As Json).token
            Close-HttpxClient $client
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "abc123", "xyz789" }, Values(result));
    }

    [Fact]
    public void A_bearer_token_read_whole_from_a_file_is_refused_for_its_last_line_break_in_so_many_words()
    {
        // A token file (a Kubernetes service account's, one saved by an editor) read with Get-Content -Raw ends with its
        // line break: the error said "cannot contain white space, line breaks or other control characters", which sent
        // the user looking inside the token. A space inside it is said with where it is; neither shows the token.
        var result = _ps.Run("""
            $token = "s3cr3t-token`n"   # as Get-Content -Raw reads a token file
            try { New-HttpxAuth -Bearer -Token $token -ErrorAction Stop } catch { "$_" }
            try { New-HttpxAuth -Bearer -Token 'half token' -ErrorAction Stop } catch { "$_" }
            """);
        Assert.Equal(new object[]
        {
            "The bearer token ends with a line break, as a token file read whole does: give the token without it (trim it).",
            "A bearer token cannot contain white space, line breaks or other control characters: character 5 is U+0020.",
        }, Values(result));
        Assert.DoesNotContain(result.Output, o => o.ToString().Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public void Auth_given_a_NetworkCredential_with_a_domain_sends_DOMAIN_backslash_user_as_a_PSCredential_does()
    {
        // Basic sends the user name as given (HTTPX): 'CORP\ada' from a PSCredential; a NetworkCredential keeps the
        // domain apart and it was dropped, so the server saw 'ada'. Also as a client's auth.
        var result = _ps.Run("""
            $network = [System.Net.NetworkCredential]::new('ada', 'pw', 'CORP')
            $ps = [pscredential]::new('CORP\ada', $network.SecurePassword)
            (Invoke-Httpx "$base/basic-auth/CORP%5Cada/pw" -Auth $ps -As Json).user
            (Invoke-Httpx "$base/basic-auth/CORP%5Cada/pw" -Auth $network -As Json).user
            $client = New-HttpxClient -Auth $network
            (Invoke-Httpx "$base/basic-auth/CORP%5Cada/pw" -Client $client -As Json).user
            $client.Auth = [System.Net.NetworkCredential]::new('ada', 'pw')
            (Invoke-Httpx "$base/basic-auth/ada/pw" -Client $client -As Json).user
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "CORP\\ada", "CORP\\ada", "CORP\\ada", "ada" }, Values(result));
    }

    [Fact]
    public void Auth_refuses_HTTPXs_user_password_pair_a_bare_token_and_a_hashtable_saying_what_to_give_without_showing_them()
    {
        // HTTPX's auth=("user", "pass") and Invoke-WebRequest's -Token (a SecureString) given to -Auth as they were: the
        // refusal named New-HttpxAuth only, not which of its forms. It now says, never repeating the secret.
        var result = _ps.Run("""
            $token = [securestring]::new(); 'S3CRET'.ToCharArray() | ForEach-Object { $token.AppendChar($_) }
            foreach ($auth in @(@('ada', 'S3CRET'), $token, 'S3CRET', 5, @{ UserName = 'ada'; Password = 'S3CRET' })) {
                try { Invoke-Httpx "$base/get" -Auth $auth; 'not refused' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            }
            """);
        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => (string)o.BaseObject).ToArray();
        Assert.Equal(10, output.Length);
        Assert.All(output.Where((_, i) => i % 2 == 0), id => Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.InvokeHttpxCommand", id));
        Assert.EndsWith("not System.Object[]: HTTPX's (user, password) pair is (New-HttpxAuth -Basic -UserName <user> -Password <password>) here. (Parameter 'Auth')", output[1]);
        Assert.EndsWith("not System.Security.SecureString: a bearer token is (New-HttpxAuth -Bearer -Token <token>). (Parameter 'Auth')", output[3]);
        Assert.EndsWith("not System.String: a bearer token is (New-HttpxAuth -Bearer -Token <token>). (Parameter 'Auth')", output[5]);
        Assert.EndsWith("not System.Int32. (Parameter 'Auth')", output[7]);
        // A hashtable of user and password (was: "not System.Collections.Hashtable." and nothing more).
        Assert.EndsWith("not System.Collections.Hashtable: a user name and password are (New-HttpxAuth -Basic -UserName <user> -Password <password>), or a PSCredential. (Parameter 'Auth')", output[9]);
        Assert.All(output, text => Assert.DoesNotContain("S3CRET", text));
    }

    [Fact]
    public void Auth_given_a_NetworkCredential_without_a_user_name_or_password_sends_no_Authorization()
    {
        // [Net.CredentialCache]::DefaultNetworkCredentials and [Net.NetworkCredential]::new() sent 'Basic Og==' (an empty
        // user and password), where [pscredential]::Empty is no auth. An empty user with a password (':token') stays Basic.
        var result = _ps.Run("""
            (Invoke-Httpx "$base/get" -Auth ([System.Net.CredentialCache]::DefaultNetworkCredentials)).Request.Headers.ContainsKey('Authorization')
            $client = New-HttpxClient -Auth ([System.Net.NetworkCredential]::new())
            $client.Auth -eq $null
            (Invoke-Httpx "$base/get" -Client $client).Request.Headers.ContainsKey('Authorization')
            $client.Auth = [System.Net.NetworkCredential]::new('ada', 'pw')
            $client.Auth = [System.Net.CredentialCache]::DefaultNetworkCredentials
            $client.Auth -eq $null
            (Invoke-Httpx "$base/get" -Client $client -Auth ([System.Net.NetworkCredential]::new('', 't0ken'))).Request.Headers['Authorization']
            Close-HttpxClient $client
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { false, true, false, true, "Basic OnQwa2Vu" }, Values(result));
    }

    [Fact]
    public void A_PSCredential_without_a_user_name_sends_Basic_with_an_empty_user_and_its_password()
    {
        // [pscredential]::new() from an object whose UserName is $null (Invoke-WebRequest sends 'Basic :password' for
        // it) failed with a NullReferenceException in -Auth, New-HttpxClient -Auth and New-HttpxAuth -Credential.
        var result = _ps.Run("""
            $secure = [System.Net.NetworkCredential]::new('', 't0ken').SecurePassword
            $credential = [pscredential]::new([pscustomobject]@{ UserName = $null; Password = $secure })
            (Invoke-Httpx "$base/get" -Auth $credential).Request.Headers['Authorization']
            $client = New-HttpxClient -Auth $credential
            (Invoke-Httpx "$base/get" -Client $client).Request.Headers['Authorization']
            Close-HttpxClient $client
            (Invoke-Httpx "$base/get" -Auth (New-HttpxAuth -Basic -Credential $credential)).Request.Headers['Authorization']
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "Basic OnQwa2Vu", "Basic OnQwa2Vu", "Basic OnQwa2Vu" }, Values(result));
    }

    [Fact]
    public void Digest_answers_the_challenge_with_user_and_password_or_a_credential()
    {
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/digest-auth/auth/ada/pw/SHA-256" -Auth (New-HttpxAuth -Digest -UserName ada -Password pw)
            "$($r.StatusCode) $($r.History.Count) $($r.History[0].StatusCode)"
            $credential = [pscredential]::new('ada', [System.Net.NetworkCredential]::new('', 'pw').SecurePassword)
            (Invoke-Httpx "$base/digest-auth/auth/ada/pw/MD5" -Auth (New-HttpxAuth -Digest -Credential $credential)).StatusCode
            (Invoke-Httpx "$base/digest-auth/auth/ada/pw/MD5" -Auth (New-HttpxAuth -Digest -UserName ada -Password nope)).StatusCode
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "200 1 401", 200, 401 }, Values(result));
    }

    [Fact]
    public void Digest_answers_an_SHA_512_256_challenge()
    {
        // RFC 7616's SHA-512-256, which curl answers; HTTPX fails on it (KeyError), and this failed with "Unsupported
        // Digest algorithm 'SHA-512-256'".
        var result = _ps.Run("""
            $auth = New-HttpxAuth -Digest -UserName ada -Password pw
            (Invoke-Httpx "$base/digest-auth/auth/ada/pw/SHA-512-256" -Auth $auth).StatusCode
            (Invoke-Httpx "$base/digest-auth/auth-int/ada/pw/SHA-512-256-sess" -Method POST -Content 'the body' -Auth $auth).StatusCode
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 200, 200 }, Values(result));
    }

    [Fact]
    public void Digest_answers_a_challenge_that_shares_its_header_line_with_a_Basic_one()
    {
        // WWW-Authenticate: Basic realm="...", Digest realm=..., nonce=... (RFC 7235 4.1). HTTPX returns the 401, as this
        // did; curl and requests answer the Digest challenge.
        var result = _ps.Run("""
            $r = Invoke-Httpx "$base/digest-auth/auth/ada/pw/MD5?basic_first=1" -Auth (New-HttpxAuth -Digest -UserName ada -Password pw)
            $r.StatusCode
            $r.History[0].Headers['WWW-Authenticate'].StartsWith('Basic realm=')
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 200, true }, Values(result));
    }

    [Fact]
    public void Digest_refuses_a_sess_challenge_without_qop_with_an_error_that_says_why()
    {
        // It ended in a 401, as for a wrong password: the answer hashed a client nonce it could not send.
        var result = _ps.Run("""
            Invoke-Httpx "$base/digest-auth/none/ada/pw/MD5-sess" -Auth (New-HttpxAuth -Digest -UserName ada -Password s3cret)
            """);
        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.RemoteProtocolError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        Assert.Contains("(algorithm MD5-sess without qop, ", error.ToString());
        Assert.DoesNotContain("s3cret", error.ToString());
    }

    [Fact]
    public void Digest_shows_a_long_challenge_it_cannot_answer_cut_short()
    {
        // The whole challenge went into the error record, tens of kilobytes from a broken server; its start says enough.
        var result = _ps.Run("""
            $challenge = [uri]::EscapeDataString('Digest realm="r", opaque="' + ('o' * 5000) + '"')
            Invoke-Httpx "$base/response-headers?status=401&WWW-Authenticate=$challenge" -Auth (New-HttpxAuth -Digest -UserName ada -Password s3cret)
            """);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Httpx.RemoteProtocolError,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
        // (The URL before it holds the challenge too: it is the user's own.)
        var shown = error.Exception.Message.Split("(no nonce): ", 2)[1];
        Assert.StartsWith("Digest realm=\"r\", opaque=\"ooo", shown);
        Assert.Equal(500 + "...".Length, shown.Length);
    }

    [Fact]
    public void Auth_given_as_null_sends_the_call_without_the_clients_auth()
    {
        // HTTPX's client.get(url, auth=None) (test_auth_disable_per_request); left out, the client's auth applies.
        var result = _ps.Run("""
            $client = New-HttpxClient -Auth (New-HttpxAuth -UserName ada -Password s3cret)
            (Invoke-Httpx "$base/basic-auth/ada/s3cret" -Client $client).StatusCode
            (Invoke-Httpx "$base/basic-auth/ada/s3cret" -Client $client -Auth $null).StatusCode
            (Invoke-Httpx -Request (New-HttpxRequest "$base/basic-auth/ada/s3cret") -Client $client -Auth $null).StatusCode
            $u = $base.Replace('http://', 'http://ada:s3cret@')
            (Invoke-Httpx "$u/basic-auth/ada/s3cret" -Auth $null).StatusCode
            # As in HTTPX, auth=None leaves the URL's credentials working, also with a client.
            $other = New-HttpxClient -Auth (New-HttpxAuth -UserName bob -Password wrong)
            (Invoke-Httpx "$u/basic-auth/ada/s3cret" -Client $other -Auth $null).StatusCode
            Close-HttpxClient $client, $other
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 200, 401, 401, 200, 200 }, Values(result));
    }

    [Fact]
    public void An_empty_PSCredential_is_taken_as_no_credential()
    {
        // [pscredential]::Empty is PowerShell's "no credential", the default of a function's [pscredential] parameter
        // that is passed on as it is.
        var result = _ps.Run("""
            $client = New-HttpxClient -Auth (New-HttpxAuth -UserName ada -Password s3cret)
            (Invoke-Httpx "$base/basic-auth/ada/s3cret" -Auth ([pscredential]::Empty)).StatusCode
            (Invoke-Httpx "$base/basic-auth/ada/s3cret" -Client $client -Auth ([pscredential]::Empty)).StatusCode
            Close-HttpxClient $client
            (New-HttpxAuth -Negotiate -Credential ([pscredential]::Empty)).UsesDefaultCredentials
            try { New-HttpxAuth -Digest -Credential ([pscredential]::Empty) } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 401, 200, true, "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand" }, Values(result)[..4]);
        Assert.Contains("needs -Credential, or -UserName and -Password", (string)Values(result)[4]!);
    }

    [Fact]
    public void NetRC_sends_the_credentials_listed_for_the_host()
    {
        var netrc = Path.Combine(Path.GetTempPath(), $"netrc-{Guid.NewGuid():N}");
        var malformed = netrc + "-malformed";
        File.WriteAllText(netrc, "machine 127.0.0.1\n  login ada\n  password fromfile\n");
        // ("machine 127.0.0.1 login", once the malformed file here, is an entry with an empty login, as in Python.)
        File.WriteAllText(malformed, "machine 127.0.0.1 login ada bogus");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(netrc, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            var result = _ps.Run("""
                (Invoke-Httpx "$base/basic-auth/ada/fromfile" -Auth (New-HttpxAuth -NetRC -Path $netrc) -As Json).user
                try { New-HttpxAuth -NetRC -Path ./no-such-netrc } catch { $_.FullyQualifiedErrorId }
                try { New-HttpxAuth -NetRC -Path $malformed } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category; $_.Exception.Message.Contains('line 1') }
                """, new Dictionary<string, object?> { ["netrc"] = netrc, ["malformed"] = malformed });
            Assert.Empty(result.Errors);
            Assert.Equal("ada", result.Output[0].BaseObject);
            Assert.StartsWith("Httpx.InvalidArgument,", (string)result.Output[1].BaseObject);
            // A malformed file had PowerShell's generic System.FormatException id.
            Assert.Equal(new object[] { "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand", System.Management.Automation.ErrorCategory.InvalidData, true },
                result.Output.Skip(2).Select(o => o.BaseObject).ToArray());
        }
        finally
        {
            File.Delete(netrc);
            File.Delete(malformed);
        }
    }

    [Fact]
    public void A_netrc_macro_without_a_blank_line_to_end_it_is_invalid_data_naming_its_line()
    {
        // The machine entry after the macro was silently part of it: the request went without credentials.
        var (error, netrc) = NetRCRefusal("macdef init\ncd /pub\nmachine 127.0.0.1 login ada password fromfile\n"u8.ToArray());
        Assert.Equal(new object?[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand", System.Management.Automation.ErrorCategory.InvalidData, netrc,
            $"Malformed .netrc file '{netrc}', line 1: the macro 'init' has no blank line to end it, so every line after it is part of the macro.",
        }, error);
    }

    [Fact]
    public void A_netrc_that_is_not_UTF8_is_invalid_data_naming_the_line()
    {
        // Windows PowerShell 5.1's Set-Content writes the ANSI code page: "päss" was read as "p\uFFFDss" and sent.
        var (error, netrc) = NetRCRefusal(System.Text.Encoding.Latin1.GetBytes("machine 127.0.0.1\nlogin ada password p\u00e4ss\n"));
        Assert.Equal(new object?[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand", System.Management.Automation.ErrorCategory.InvalidData, netrc,
            $"Malformed .netrc file '{netrc}', line 2: it holds bytes that are not UTF-8 text (save the file as UTF-8).",
        }, error);
    }

    [Fact]
    public void A_word_after_a_netrc_login_is_never_shown_the_login_is()
    {
        // A template's empty login ("login  password s3cret") made "password" the login: the message showed 's3cret'.
        var (error, netrc) = NetRCRefusal("machine 127.0.0.1 login  password s3cret\n"u8.ToArray());
        Assert.Equal(new object?[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand", System.Management.Automation.ErrorCategory.InvalidData, netrc,
            $"Malformed .netrc file '{netrc}', line 1: unexpected token after the login 'password' (a misspelled keyword, or a login that contains spaces and needs quotes).",
        }, error);
    }

    /// <summary>
    /// A .netrc of <paramref name="content"/>, readable by its owner only, given to New-HttpxAuth -NetRC -Path: its error
    /// record's id, category, target and message (no other output, no other error), and the file's path.
    /// </summary>
    private (object?[] Error, string Path) NetRCRefusal(byte[] content)
    {
        var netrc = Path.Combine(Path.GetTempPath(), $"netrc-{Guid.NewGuid():N}");
        File.WriteAllBytes(netrc, content);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(netrc, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            var result = _ps.Run("""
                try { New-HttpxAuth -NetRC -Path $netrc } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category; $_.TargetObject; $_.Exception.Message }
                """, new Dictionary<string, object?> { ["netrc"] = netrc });
            Assert.Empty(result.Errors);
            return (Values(result), netrc);
        }
        finally { File.Delete(netrc); }
    }

    [Fact]
    public void A_folder_given_as_the_netrc_or_the_client_certificate_is_said_to_be_a_folder()
    {
        // Both said "... does not exist" of a folder that is there, and -NetRC's error was ObjectNotFound.
        var folder = Directory.CreateTempSubdirectory("httpx-folder-").FullName;
        try
        {
            var result = _ps.Run("""
                try { New-HttpxAuth -NetRC -Path $folder } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.TargetObject; "$_" }
                try { New-HttpxTransport -Certificate $folder } catch { "$_" }
                """, new Dictionary<string, object?> { ["folder"] = folder });
            Assert.Empty(result.Errors);
            Assert.Equal(new object?[]
            {
                "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand", "InvalidArgument", folder,
                $"The .netrc file '{folder}' is a folder: give the path of the .netrc file itself.",
            }, Values(result)[..4]);
            Assert.EndsWith($"The client certificate file '{folder}' is a folder: give the path of the certificate file.", (string)Values(result)[4]!);
        }
        finally { Directory.Delete(folder); }
    }

    [Fact]
    public void A_netrc_named_by_Path_is_not_refused_for_its_permissions_as_in_Python_and_curl()
    {
        // It was a SecurityError: Python's netrc(file) and curl check no such file, and it is often one the user cannot
        // chmod (a secret mounted read-only for a group into a container). The user's ~/.netrc is: NetRCHomeFileTests.
        if (OperatingSystem.IsWindows()) return;
        var netrc = Path.Combine(Path.GetTempPath(), $"netrc-{Guid.NewGuid():N}");
        File.WriteAllText(netrc, "machine 127.0.0.1 login ada password fromfile\n");
        File.SetUnixFileMode(netrc, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            var result = _ps.Run("""
                (Invoke-Httpx "$base/basic-auth/ada/fromfile" -Auth (New-HttpxAuth -NetRC -Path $netrc)).StatusCode
                """, new Dictionary<string, object?> { ["netrc"] = netrc });
            Assert.Empty(result.Errors);
            Assert.Equal(new object[] { 200 }, Values(result));
        }
        finally { File.Delete(netrc); }
    }

    [Fact]
    public void Secrets_are_not_shown_by_the_auth_objects()
    {
        var result = _ps.Run("""
            "$(New-HttpxAuth -UserName ada -Password hunter2)"
            "$(New-HttpxAuth -Bearer -Token tok-hunter2)"
            "$(New-HttpxAuth -UserName "O'Brien" -Password hunter2)"
            """);
        Assert.Empty(result.Errors);
        Assert.All(Values(result), v => Assert.DoesNotContain("hunter2", (string)v!));
        Assert.Contains("ada", (string)Values(result)[0]!);
        // The user name as Python's repr writes it: a quote in it does not end it.
        Assert.Equal("BasicAuth(username=\"O'Brien\", password=[secure])", Values(result)[2]);
    }

    [Fact]
    public void Bad_arguments_are_errors_naming_the_problem()
    {
        var both = _ps.Run("""
            $credential = [pscredential]::new('a', [System.Net.NetworkCredential]::new('', 'b').SecurePassword)
            try { New-HttpxAuth -Credential $credential -UserName c } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            """);
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand", both.Output[0].BaseObject);
        Assert.Contains("not both", (string)both.Output[1].BaseObject);

        var noUser = _ps.Run("try { New-HttpxAuth -Password x } catch { $_.Exception.Message }");
        Assert.Contains("-UserName", (string)Assert.Single(noUser.Output).BaseObject);

        var badToken = _ps.Run("try { New-HttpxAuth -Bearer -Token \"a`nb\" } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }");
        Assert.Equal("Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand", badToken.Output[0].BaseObject);
        Assert.Contains("line breaks", (string)badToken.Output[1].BaseObject);
    }

    [Fact]
    public void An_empty_bearer_token_is_refused_saying_so_as_a_string_or_a_SecureString()
    {
        // An unset variable or an empty secret: the message was .NET's "The value cannot be an empty string. (Parameter 'token')".
        var result = _ps.Run("""
            foreach ($token in '', [securestring]::new()) {
                try { New-HttpxAuth -Bearer -Token $token } catch { "$($_.FullyQualifiedErrorId) $($_.CategoryInfo.Category) $($_.Exception.Message)" }
            }
            """);
        Assert.Empty(result.Errors);
        var messages = Values(result).Cast<string>().ToArray();
        Assert.Equal(2, messages.Length);
        Assert.All(messages, m =>
        {
            Assert.StartsWith("Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand InvalidArgument ", m);
            Assert.Contains("bearer token is empty", m);
        });
    }

    [Fact]
    public void A_bearer_token_with_white_space_is_refused_without_showing_it()
    {
        // "Bearer s3cr3t tail" would reach the server as a token it cuts at the space; a trailing tab is a paste accident.
        var result = _ps.Run("""
            foreach ($token in 's3cr3t tail', "s3cr3t`t", ([System.Net.NetworkCredential]::new('', 's3cr3t tail').SecurePassword)) {
                try { New-HttpxAuth -Bearer -Token $token } catch { "$($_.FullyQualifiedErrorId) $($_.CategoryInfo.Category) $($_.Exception.Message)" }
            }
            """);
        Assert.Empty(result.Errors);
        var messages = Values(result).Cast<string>().ToArray();
        Assert.Equal(3, messages.Length);
        Assert.All(messages, m =>
        {
            Assert.StartsWith("Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand InvalidArgument ", m);
            Assert.Contains("white space", m);
            Assert.DoesNotContain("s3cr3t", m);
        });
    }

    [Fact]
    public void A_bearer_token_given_with_its_scheme_is_refused_saying_to_give_the_token_alone()
    {
        // The Authorization value copied whole from a browser's network tab: refused for its "white space", which did not
        // say that the scheme was the problem.
        var result = _ps.Run("""
            foreach ($token in 'Bearer s3cr3t', ([System.Net.NetworkCredential]::new('', 'bearer s3cr3t').SecurePassword)) {
                try { New-HttpxAuth -Bearer -Token $token } catch { "$($_.FullyQualifiedErrorId) $($_.CategoryInfo.Category) $($_.Exception.Message)" }
            }
            """);
        Assert.Empty(result.Errors);
        var messages = Values(result).Cast<string>().ToArray();
        Assert.Equal(2, messages.Length);
        Assert.All(messages, m =>
        {
            Assert.StartsWith("Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand InvalidArgument The bearer token starts with 'Bearer ': give the token alone", m);
            Assert.DoesNotContain("s3cr3t", m);
        });
    }

    [Fact]
    public void A_scriptblock_flow_reacts_to_a_401_on_the_pipeline_thread()
    {
        var result = _ps.Run("""
            $script:calls = [System.Collections.Generic.List[string]]::new()
            $thread = [System.Threading.Thread]::CurrentThread.ManagedThreadId
            $auth = New-HttpxAuth {
                param($Request, $Response)
                # Session variables only work on the pipeline thread: the flow runs in this runspace.
                $script:calls.Add("$(if ($Response) { $Response.StatusCode } else { 'first' }) $([System.Threading.Thread]::CurrentThread.ManagedThreadId -eq $thread)")
                if ($Response -and $Response.StatusCode -eq 401) {
                    $Request.Headers.Set('Authorization', 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('ada:pw')))
                    $Request
                }
            }
            $r = Invoke-Httpx "$base/basic-auth/ada/pw" -Auth $auth
            $r.StatusCode
            $r.History.Count
            $r.History[0].StatusCode
            $script:calls -join ','
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 200, 1, 401, "first True,401 True,200 True" }, Values(result));
    }

    [Fact]
    public void A_scriptblock_flow_can_add_headers_and_end_at_once()
    {
        var result = _ps.Run("""
            $auth = New-HttpxAuth { param($Request, $Response) if (-not $Response) { $Request.Headers.Set('Authorization', 'Bearer from-script') } }
            (Invoke-Httpx "$base/bearer" -Auth $auth -As Json).token
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "from-script" }, Values(result));
    }

    [Fact]
    public void A_scriptblock_flow_is_given_back_the_request_it_returned()
    {
        // A returned request replaces the one given: the next step works on what went out, as an HTTPX flow does.
        var result = _ps.Run("""
            $auth = New-HttpxAuth { param($Request, $Response)
                if (-not $Response) { New-HttpxRequest "$base/basic-auth/ada/pw" -Headers @{ 'X-Step' = 'replaced' } }
                elseif ($Response.StatusCode -eq 401) { $global:step = $Request.Headers['X-Step']; $Request.Headers.Set('Authorization', 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('ada:pw'))); $Request }
            }
            $r = Invoke-Httpx "$base/status/418" -Auth $auth
            $global:step; $r.StatusCode; $r.Url.Path
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "replaced", 200, "/basic-auth/ada/pw" }, Values(result));
    }

    [Fact]
    public void A_scriptblock_flow_that_reads_the_401_body()
    {
        var result = _ps.Run("""
            $auth = New-HttpxAuth -ReadResponseBody {
                param($Request, $Response)
                if ($Response -and $Response.StatusCode -eq 401) {
                    $script:body = $Response.Text
                }
            }
            (Invoke-Httpx "$base/bearer" -Auth $auth).StatusCode
            [bool]$script:body
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 401, true }, Values(result));
    }

    [Fact]
    public void A_scriptblock_flow_reading_Text_or_Content_of_an_unread_body_fails_with_ResponseNotRead()
    {
        // HTTPX raises ResponseNotRead for .text and .content as for .json(); PowerShell read both as $null (it hides
        // the error a property raises), so a flow that looked for a token in the 401's body silently found none.
        var result = _ps.Run("""
            foreach ($member in 'Text', 'Content') {
                $auth = New-HttpxAuth { param($Request, $Response) if ($Response) { $script:seen = $Response.$member; 'after' } }
                Invoke-Httpx "$base/status/401" -Auth $auth
            }
            """);
        Assert.Empty(result.Output);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, error =>
        {
            Assert.Equal("Httpx.ResponseNotRead,Httpx.PowerShell.Commands.InvokeHttpxCommand", error.FullyQualifiedErrorId);
            Assert.Equal(System.Management.Automation.ErrorCategory.InvalidOperation, error.CategoryInfo.Category);
            Assert.Equal($"{_ps.Server.HttpUrl}/status/401", error.TargetObject);
        });
    }

    [Fact]
    public void After_a_redirect_the_flow_is_given_the_request_it_sent_and_the_response_the_redirected_one()
    {
        // As HTTPX's auth_flow keeps the request it yielded; the help said $Request was the one that got the answer.
        var result = _ps.Run("""
            $auth = New-HttpxAuth { param($Request, $Response) if ($Response) { $script:seen = "$($Request.Url.Path) $($Response.Request.Url.Path)" } }
            $null = Invoke-Httpx "$base/redirect-to?url=/status/401" -Auth $auth -FollowRedirects
            $script:seen
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "/redirect-to /status/401" }, Values(result));
    }

    [Fact]
    public void The_help_example_of_a_token_refresh_refreshes_once_also_after_a_redirect()
    {
        // New-HttpxAuth's Example 4, as Get-Help shows it. It told the first 401 by an empty History, but a redirect
        // before it is in History too: behind a redirect the token was never refreshed and the 401 was the answer.
        // Under strict mode, as a careful script runs it: $Response.History.StatusCode failed on the first 401, whose
        // History is empty, with "The property 'StatusCode' cannot be found".
        var result = _ps.Run("""
            Set-StrictMode -Version Latest
            $example = @((Get-Help New-HttpxAuth -Examples).examples.example) | Where-Object { $_.title -like '*refreshes a token*' }
            $code = [string]$example.code
            function Get-MyNewToken { $script:refreshes++; 'fresh' }
            . ([scriptblock]::Create($code.Substring(0, $code.IndexOf('Invoke-Httpx '))))
            foreach ($url in "$base/bearer", "$base/redirect-to?url=/bearer", "$base/redirect-to?url=/status/401") {
                $script:token = $null; $script:refreshes = 0
                $r = Invoke-Httpx $url -Auth $auth -FollowRedirects
                "$($r.StatusCode) $script:refreshes $($r.Request.Headers['Authorization'])"
            }
            """);
        Assert.Empty(result.Errors);
        // A server that keeps refusing is asked once more, not until -MaxRedirects.
        Assert.Equal(new object[] { "200 1 Bearer fresh", "200 1 Bearer fresh", "401 1 Bearer fresh" }, Values(result));
    }

    [Fact]
    public void The_help_example_of_a_token_refresh_gets_one_token_for_requests_refused_together()
    {
        // New-HttpxAuth's Example 4 under -ThrottleLimit: the requests in flight when the token expired each got a 401,
        // and each 401 fetched a token of its own (8 fetches for 8 requests, each a call to the token endpoint). The flow
        // runs on the pipeline thread, one call at a time: a request that carried an older token than the current one
        // is sent again with the current one.
        var result = _ps.Run("""
            $example = @((Get-Help New-HttpxAuth -Examples).examples.example) | Where-Object { $_.title -like '*refreshes a token*' }
            $code = [string]$example.code
            function Get-MyNewToken { $script:refreshes++; "fresh$script:refreshes" }
            . ([scriptblock]::Create($code.Substring(0, $code.IndexOf('Invoke-Httpx '))))
            $script:token = $null; $script:refreshes = 0
            $tokens = 1..8 | ForEach-Object { "$base/bearer?i=$_" } | Invoke-Httpx -Auth $auth -ThrottleLimit 8 | ForEach-Object { "$($_.StatusCode) $($_.Json().token)" }
            [System.Linq.Enumerable]::Distinct([string[]]$tokens) -join ','
            $script:refreshes
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "200 fresh1", 1 }, Values(result));
    }

    [Fact]
    public void An_error_in_the_flow_fails_that_request_with_the_scriptblock_message()
    {
        var result = _ps.Run("""
            $auth = New-HttpxAuth { param($Request, $Response) throw 'no token today' }
            "$base/get", "$base/get" | Invoke-Httpx -Auth $auth
            """);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Contains("no token today", e.Exception.Message));
    }

    [Fact]
    public void A_scriptblock_flow_runs_on_the_pipeline_thread_also_when_requests_run_concurrently()
    {
        var result = _ps.Run("""
            $thread = [Environment]::CurrentManagedThreadId
            $script:calls = 0; $script:elsewhere = 0
            $auth = New-HttpxAuth {
                param($Request, $Response)
                $script:calls++
                if ([Environment]::CurrentManagedThreadId -ne $thread) { $script:elsewhere++ }
                if ($Response -and $Response.StatusCode -eq 401) {
                    $Request.Headers.Set('Authorization', 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('ada:pw')))
                    $Request
                }
            }
            $codes = 1..6 | ForEach-Object { "$base/basic-auth/ada/pw?i=$_" } | Invoke-Httpx -Auth $auth -ThrottleLimit 3 | ForEach-Object { $_.StatusCode }
            ($codes | Where-Object { $_ -eq 200 }).Count
            $script:calls
            $script:elsewhere
            """);
        Assert.Empty(result.Errors);
        // Each request: the flow's first call, its call with the 401, and its call with the 200.
        Assert.Equal(new object[] { 6, 18, 0 }, Values(result));
    }

    [Fact]
    public void Ntlm_and_Negotiate_authenticate_with_a_domain_account()
    {
        // The test server checks the user, the domain and (through the NTLMv2 proof) the password.
        var result = _ps.Run("""
            $secret = [securestring]::new(); 's3cret'.ToCharArray() | ForEach-Object { $secret.AppendChar($_) }
            $fromCredential = Invoke-Httpx "$base/ntlm/alice/s3cret/CORP" -Auth (New-HttpxAuth -Ntlm -Credential ([pscredential]::new('CORP\alice', $secret))) -As Json
            "$($fromCredential.scheme) $($fromCredential.user) $($fromCredential.domain)"
            $fromNames = Invoke-Httpx "$base/ntlm/alice/s3cret/CORP" -Auth (New-HttpxAuth -Ntlm -UserName alice -Password $secret -Domain CORP) -As Json
            "$($fromNames.scheme) $($fromNames.user) $($fromNames.domain)"
            # A domain named in both, in another case, is one domain (Windows compares them so): -Domain's spelling goes.
            $bothNamed = Invoke-Httpx "$base/ntlm/alice/s3cret/CORP" -Auth (New-HttpxAuth -Ntlm -Credential ([pscredential]::new('corp\alice', $secret)) -Domain CORP) -As Json
            "$($bothNamed.scheme) $($bothNamed.user) $($bothNamed.domain)"
            $negotiate = Invoke-Httpx "$base/negotiate/carol/pa55/CORP" -Auth (New-HttpxAuth -Negotiate -UserName carol -Password pa55 -Domain CORP) -As Json
            "$($negotiate.scheme) $($negotiate.user) $($negotiate.domain)"
            (Invoke-Httpx "$base/ntlm/alice/s3cret/CORP" -Auth (New-HttpxAuth -Ntlm -UserName alice -Password wrong -Domain CORP)).StatusCode
            (New-HttpxAuth -Negotiate).UsesDefaultCredentials
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "NTLM alice CORP", "NTLM alice CORP", "NTLM alice CORP", "Negotiate carol CORP", 401, true }, Values(result));
    }

    [Fact]
    public void New_HttpxAuth_takes_a_NetworkCredential_and_its_domain_reaches_the_server()
    {
        // PowerShell's [Credential] took a NetworkCredential for a user name to prompt with: "Cannot process argument
        // transformation on parameter 'Credential'. userName". It is now the PSCredential 'CORP\alice'.
        var result = _ps.Run("""
            $network = [System.Net.NetworkCredential]::new('alice', 's3cret', 'CORP')
            $ntlm = Invoke-Httpx "$base/ntlm/alice/s3cret/CORP" -Auth (New-HttpxAuth -Ntlm -Credential $network) -As Json
            "$($ntlm.scheme) $($ntlm.user) $($ntlm.domain)"
            $negotiate = Invoke-Httpx "$base/negotiate/alice/s3cret/CORP" -Auth (New-HttpxAuth -Negotiate -Credential $network) -As Json
            "$($negotiate.scheme) $($negotiate.user) $($negotiate.domain)"
            (Invoke-Httpx "$base/basic-auth/CORP%5Calice/s3cret" -Auth (New-HttpxAuth -Credential $network) -As Json).user
            try { New-HttpxAuth -Ntlm -Credential $network -Domain OTHER } catch { "$_" }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "NTLM alice CORP", "Negotiate alice CORP", "CORP\\alice",
            "-Credential names the domain 'CORP' and -Domain 'OTHER': give one.",
        }, Values(result));
    }

    [Fact]
    public void A_credential_is_no_credential_only_without_user_and_password_in_New_HttpxAuth_as_in_Auth()
    {
        // One rule for -Auth, New-HttpxClient -Auth and New-HttpxAuth -Credential, the engine's (Auth.From) and
        // Invoke-WebRequest's: neither a user name nor a password is no credential (DefaultNetworkCredentials, the
        // logon account: Negotiate uses the current account); a password alone is Basic ':password'. New-HttpxAuth
        // took any NetworkCredential without a user name as no credential ("needs -Credential"), where -Auth sent the
        // same one as Basic ':t0ken'; and a PSCredential with neither, made from an object, was sent as 'Basic Og=='.
        var result = _ps.Run("""
            (New-HttpxAuth -Negotiate -Credential ([System.Net.CredentialCache]::DefaultNetworkCredentials)).UsesDefaultCredentials
            try { New-HttpxAuth -Credential ([System.Net.NetworkCredential]::new()) } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
            $token = [System.Net.NetworkCredential]::new('', 't0ken')
            (Invoke-Httpx "$base/get" -Auth $token).Request.Headers['Authorization']
            (Invoke-Httpx "$base/get" -Auth (New-HttpxAuth -Basic -Credential $token)).Request.Headers['Authorization']
            $domain = [System.Net.NetworkCredential]::new('', 'hunter2', 'CORP')
            (Invoke-Httpx "$base/get" -Auth $domain).Request.Headers['Authorization']
            (Invoke-Httpx "$base/get" -Auth (New-HttpxAuth -Basic -Credential $domain)).Request.Headers['Authorization']
            try { New-HttpxAuth -Ntlm -Credential $token } catch { $_.Exception.Message }
            $nothing = [pscredential]::new([pscustomobject]@{ UserName = $null; Password = $null })
            (Invoke-Httpx "$base/get" -Auth $nothing).Request.Headers.ContainsKey('Authorization')
            try { New-HttpxAuth -Basic -Credential $nothing } catch { $_.Exception.Message }
            """);
        var values = Values(result);
        Assert.True(result.Errors.Count == 0, string.Join(" | ", result.Errors.Select(e => e.ToString())) + " // " + string.Join(" | ", values));
        Assert.Equal(new object?[]
        {
            true, "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand",
            "Basic authentication needs -Credential, or -UserName and -Password. (Parameter 'UserName')",
            "Basic OnQwa2Vu", "Basic OnQwa2Vu",
            "Basic Q09SUFw6aHVudGVyMg==", "Basic Q09SUFw6aHVudGVyMg==",
            "NTLM authentication needs a user name; it was empty. (Parameter 'username')",
            false, "Basic authentication needs -Credential, or -UserName and -Password. (Parameter 'UserName')",
        }, values);
    }

    [Fact]
    public void Ntlm_needs_an_account_and_one_domain()
    {
        var result = _ps.Run("""
            try { New-HttpxAuth -Ntlm } catch { $_.FullyQualifiedErrorId; "$_" }
            $secret = [securestring]::new()
            try { New-HttpxAuth -Ntlm -Credential ([pscredential]::new('CORP\alice', $secret)) -Domain OTHER } catch { "$_" }
            """);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand",
            "Ntlm authentication needs -Credential, or -UserName and -Password.",
            "-Credential names the domain 'CORP' and -Domain 'OTHER': give one.",
        }, Values(result));
    }

    [Fact]
    public void A_netrc_path_of_another_provider_is_refused()
    {
        // variable:netrc read the process's working folder's file 'netrc', a file nobody named.
        var result = _ps.Run("""
            try { New-HttpxAuth -NetRC -Path variable:netrc; 'made' } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category; $_.TargetObject; $_.Exception.Message }
            """);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[]
        {
            "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand", System.Management.Automation.ErrorCategory.InvalidArgument, "variable:netrc",
            "-Path 'variable:netrc' is a path of the Variable provider: give a path in the file system. (Parameter 'Path')",
        }, result.Output.Select(o => o.BaseObject).ToArray());
    }
}

/// <summary>New-HttpxAuth -NetRC without -Path reads ~/.netrc: HOME and NETRC belong to the process, so these run alone.</summary>
[CollectionDefinition(nameof(NetRCHomeFileTests), DisableParallelization = true)]
public class NetRCHomeFileTestsCollection;

[Collection(nameof(NetRCHomeFileTests))]
public class NetRCHomeFileTests : IClassFixture<PowerShellFixture>
{
    private readonly PowerShellFixture _ps;
    public NetRCHomeFileTests(PowerShellFixture ps) => _ps = ps;

    [Fact]
    public void A_netrc_named_by_the_NETRC_variable_is_found_from_the_current_location_as_Path_is()
    {
        // A relative $env:NETRC was read from the process's working folder, not from the location Set-Location chose:
        // "The .netrc file 'ci.netrc' does not exist" for a file Test-Path finds (and '~/ci.netrc' was a folder named '~').
        var folder = Directory.CreateTempSubdirectory("httpx-netrc-").FullName;
        var netrc = Path.Combine(folder, "ci.netrc");
        File.WriteAllText(netrc, "machine 127.0.0.1 login ada password fromenv\n");
        var netrcBefore = Environment.GetEnvironmentVariable("NETRC");
        try
        {
            Environment.SetEnvironmentVariable("NETRC", "ci.netrc");
            var result = _ps.Run("""
                $before = $ExecutionContext.SessionState.Path.CurrentLocation
                $null = $ExecutionContext.SessionState.Path.SetLocation($folder)
                try {
                    $auth = New-HttpxAuth -NetRC
                    $auth.Path
                    (Invoke-Httpx "$base/basic-auth/ada/fromenv" -Auth $auth).StatusCode
                    $env:NETRC = 'variable:netrc'
                    try { New-HttpxAuth -NetRC } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }
                }
                finally { $null = $ExecutionContext.SessionState.Path.SetLocation($before.Path) }
                """, new Dictionary<string, object?> { ["folder"] = folder });
            Assert.Empty(result.Errors);
            Assert.Equal(new object?[]
            {
                netrc, 200,
                "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand",
                "$env:NETRC 'variable:netrc' is a path of the Variable provider: give a path in the file system. (Parameter 'NETRC')",
            }, result.Output.Select(o => o?.BaseObject).ToArray());
        }
        finally
        {
            Environment.SetEnvironmentVariable("NETRC", netrcBefore);
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_users_netrc_with_passwords_others_can_read_is_a_security_error_naming_the_file_and_its_mode()
    {
        if (OperatingSystem.IsWindows()) return; // Unix permissions, and HOME is the home folder on Unix only
        var home = Directory.CreateTempSubdirectory("httpx-home-").FullName;
        var netrc = Path.Combine(home, ".netrc");
        File.WriteAllText(netrc, "machine 127.0.0.1 login ada password fromfile\n");
        File.SetUnixFileMode(netrc, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var (netrcBefore, homeBefore) = (Environment.GetEnvironmentVariable("NETRC"), Environment.GetEnvironmentVariable("HOME"));
        try
        {
            Environment.SetEnvironmentVariable("NETRC", null);
            Environment.SetEnvironmentVariable("HOME", home);
            var result = _ps.Run("""
                try { New-HttpxAuth -NetRC } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category; $_.Exception.Message }
                # An anonymous login's password (an email address, by ftp's convention) is no secret, as in Python.
                [IO.File]::WriteAllText($netrc, "machine 127.0.0.1 login anonymous password guest@example.com`n")
                (New-HttpxAuth -NetRC).Path
                """, new Dictionary<string, object?> { ["netrc"] = netrc });
            Assert.Empty(result.Errors);
            // It was category ReadError: the file was read; it is its permissions that are wrong (Python's netrc refuses it).
            var values = result.Output.Select(o => o?.BaseObject).ToArray();
            Assert.Equal(new object[] { "Httpx.InvalidArgument,Httpx.PowerShell.Commands.NewHttpxAuthCommand", System.Management.Automation.ErrorCategory.SecurityError },
                values[..2]);
            var message = (string)values[2]!;
            Assert.Contains($"'{netrc}'", message);
            Assert.Contains("(mode 644)", message);
            Assert.DoesNotContain("fromfile", message);
            Assert.Equal(netrc, values[3]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("NETRC", netrcBefore);
            Environment.SetEnvironmentVariable("HOME", homeBefore);
            Directory.Delete(home, recursive: true);
        }
    }
}
